"""Every refusal the store can raise has its words in both languages, and they read as a person
expects: numbers grouped the reader's way, times in the reader's zone, a sign-in's warnings."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import store.backup  # noqa: F401  (its BackupError joins the subclasses below)
from store.errors import ConflictError, InvalidInput, LoginRefused, StoreError
from ui.errors import error_both, error_text
from ui.i18n import known, msgids

ROOT = Path(__file__).resolve().parents[2]


def _error_classes() -> set[str]:
    found, todo = set(), [StoreError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def raised_codes() -> set[str]:
    """Each code written in store/ (and webentry/, which refuses with the store's errors): the first
    argument of an error's constructor, or a `code=` keyword that one is built from. A constructor
    whose code is computed otherwise fails the test: its codes could not be checked."""
    classes, codes, unknown = _error_classes(), set(), []
    for path in sorted([*(ROOT / "store").rglob("*.py"), *(ROOT / "webentry").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            codes |= {k.value.value for k in node.keywords
                      if k.arg == "code" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in classes or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(f"login_{first.value}" if name == "LoginRefused" else first.value)
            elif not (isinstance(first, ast.Name) and first.id == "code"):
                unknown.append(f"{path.name}:{node.lineno}")
    assert not unknown, f"error codes the test cannot read: {unknown}"
    return codes | {"disk_full"}


def test_every_code_the_store_raises_has_words_in_both_languages() -> None:
    codes = raised_codes()
    assert len(codes) > 70 and {"conflict", "answer_changed", "na_reason_too_long", "login_throttled"} <= codes
    missing = sorted(c for c in codes if not known(f"error.{c}"))
    assert not missing, f"codes without words: {missing}"
    unused = sorted(k for k in msgids("error.") if k[6:] not in codes
                    and k[6:] not in {"missing_by", "missing_at", "wait_minutes", "wait_seconds",
                                      "login_wait_started", "login_tries_left", "login_last_try"})
    assert not unused, f"words for codes nothing raises: {unused}"


def test_numbers_are_grouped_the_readers_way() -> None:
    refused = InvalidInput("value_too_long", question="q1", most=20000)
    assert error_text(refused, "vi") == "Câu trả lời cho q1 quá dài (tối đa 20.000 ký tự)."
    assert error_text(refused, "en") == "The answer to q1 is too long (at most 20,000 characters)."
    too_large = InvalidInput("file_too_large", mb=0.5)
    assert (error_text(too_large, "vi"), error_text(too_large, "en")) == (
        "Tệp quá lớn: tối đa 0,5 MB.", "The file is too large: at most 0.5 MB.")
    assert error_text(InvalidInput("year_exists", year=2026), "vi") == "Năm 2026 đã có."


def test_a_conflict_names_who_and_when_or_says_it_knows_not() -> None:
    at = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    known = ConflictError("conflict", by="Nguyễn Văn A", at=at)
    assert error_text(known, "vi").startswith("Phiếu vừa được Nguyễn Văn A lưu lúc 15:00 ngày 01/06/2026,")
    assert error_text(known, "en").startswith("Nguyễn Văn A saved this assessment at 2026-06-01 08:00 UTC,")
    unknown = ConflictError("conflict", by=None, at=None)
    assert error_text(unknown, "vi").startswith("Phiếu vừa được người khác lưu lúc vừa rồi,")
    assert error_text(unknown, "en").startswith("someone else saved this assessment at just now,")


def test_a_refused_sign_in_warns_of_the_wait_then_names_it() -> None:
    assert error_text(LoginRefused("invalid", 0, 3), "en") == "Incorrect username or password."
    assert error_text(LoginRefused("invalid", 0, 1), "en") == (
        "Incorrect username or password. 1 more try, then you will have to wait before trying again.")
    assert error_text(LoginRefused("invalid", 0, 2), "vi") == (
        "Tên đăng nhập hoặc mật khẩu không đúng. Còn 2 lần thử, sau đó phải chờ một lúc mới thử lại được.")
    assert error_text(LoginRefused("invalid", 90, 0), "vi") == (
        "Tên đăng nhập hoặc mật khẩu không đúng. Đã sai quá nhiều lần: vui lòng thử lại sau 1 phút 30 giây.")
    assert error_text(LoginRefused("throttled", 30), "en") == "Too many failed sign-ins. Please try again in 30 s."


def test_the_cli_and_a_refused_download_say_it_in_both_languages() -> None:
    both = error_both(StoreError("download_not_whole"))
    assert both == ("Chỉ tải được cả tệp, bằng nút tải trên trang.\n"
                    "Only the whole file can be downloaded, with the page's button.")
