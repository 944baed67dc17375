"""Errors the UI shows to people, so each carries its own Vietnamese and English text."""

from __future__ import annotations

from datetime import datetime


class StoreError(Exception):
    """Base of every refusal from the store: a stable `code` for programs, `vi`/`en` for people."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class AccessDenied(StoreError):
    """The actor's role or agency does not allow the action."""


class NotFound(StoreError):
    """The object does not exist, or the actor may not know that it does."""


class InvalidInput(StoreError):
    """A value the store refuses to keep (too long, wrong format, unknown code)."""


class NotEditable(StoreError):
    """The assessment is submitted, or its year is closed."""


class StorageFull(StoreError):
    """The database's disk (or its size limit) is full: nothing of the change was kept."""

    def __init__(self) -> None:
        super().__init__("disk_full",
                         "Máy chủ đã hết chỗ lưu trữ: thay đổi này chưa được lưu. Hãy báo quản trị viên rồi thử lại.",
                         "The server's storage is full: this change was not saved. Tell the administrator, "
                         "then try again.")


class ConflictError(StoreError):
    """Someone else saved the assessment after this page loaded it."""

    def __init__(self, code: str, vi: str, en: str, *, by: str | None, at: datetime | None) -> None:
        super().__init__(code, vi, en)
        self.by = by
        self.at = at


WARN_TRIES = 2  # a failed sign-in warns when this many tries or fewer are left before a wait


class LoginRefused(StoreError):
    """Sign-in refused. `reason` is "invalid" (one message for every bad name or password) or
    "throttled" (too many failures: wait `retry_after_seconds`)."""

    def __init__(self, reason: str, retry_after_seconds: int = 0, tries_left: int | None = None) -> None:
        minutes, seconds = divmod(max(retry_after_seconds, 1), 60)
        wait_vi = f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
        wait_en = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
        if reason == "throttled":
            vi = f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait_vi}."
            en = f"Too many failed sign-ins. Please try again in {wait_en}."
        else:
            vi = "Tên đăng nhập hoặc mật khẩu không đúng."
            en = "Incorrect username or password."
            # Before the last tries, a warning; at the last, the wait it has just started.
            if tries_left == 0 and retry_after_seconds:
                vi += f" Đã sai quá nhiều lần: vui lòng thử lại sau {wait_vi}."
                en += f" Too many failed sign-ins: please try again in {wait_en}."
            elif tries_left is not None and 0 < tries_left <= WARN_TRIES:
                vi += f" Còn {tries_left} lần thử, sau đó phải chờ một lúc mới thử lại được."
                en += (f" {tries_left} more {'try' if tries_left == 1 else 'tries'}, then you will have to wait"
                       " before trying again.")
        super().__init__(f"login_{reason}", vi, en)
        self.reason = reason
        self.retry_after_seconds = retry_after_seconds
        self.tries_left = tries_left
