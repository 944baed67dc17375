"""Refusals from the store: a stable code and its parameters, never words.

The words live in the message catalogue under `error.<code>`; the UI, the web entry and the CLI look
them up in the reader's language (`ui/errors.py`). A parameter is a number, a date-time, a plain
string (a name, an id, a path: the same in every language), `None` (the catalogue says "someone",
"just now") or, for words that come from data in both languages (a media type's label, a
questionnaire check's reason), a `Said` mapping of language to text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

Said = Mapping[str, str]
Param = str | int | float | datetime | Said | None


class StoreError(Exception):
    """Base of every refusal from the store: a stable `code` and the `params` its words are filled with."""

    def __init__(self, code: str, **params: Param) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Param] = params


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
        super().__init__("disk_full")


class ConflictError(StoreError):
    """Someone else saved the assessment after this page loaded it: `by` (a display name) at `at`."""

    def __init__(self, code: str, *, by: str | None, at: datetime | None) -> None:
        super().__init__(code, by=by, at=at)
        self.by = by
        self.at = at


WARN_TRIES = 2  # a failed sign-in warns when this many tries or fewer are left before a wait


class LoginRefused(StoreError):
    """Sign-in refused. `reason` is "invalid" (one message for every bad name or password) or
    "throttled" (too many failures: wait `retry_after_seconds`). A refusal with `tries_left` of 0 and a
    wait has just started that wait; one with 1..WARN_TRIES tries left warns of it."""

    def __init__(self, reason: str, retry_after_seconds: int = 0, tries_left: int | None = None) -> None:
        super().__init__(f"login_{reason}", retry_after_seconds=retry_after_seconds, tries_left=tries_left)
        self.reason = reason
        self.retry_after_seconds = retry_after_seconds
        self.tries_left = tries_left
