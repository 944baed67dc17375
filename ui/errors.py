"""A store refusal in the reader's words: its code names the catalogue entry `error.<code>`, its
parameters fill it in. The UI, the web entry (`asgi.py`) and the CLI (`manage.py`) all say refusals
through `error_text`, so a refusal reads the same wherever it is shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from store import clock
from store.errors import WARN_TRIES, LoginRefused, Param, StoreError
from ui.i18n import LANGS, t


class _Number:
    """A number that formats the reader's way: `{n:,}` is 20.000 in Vietnamese, 20,000 in English."""

    def __init__(self, value: float, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        return text.translate(str.maketrans(",.", ".,")) if self.lang == "vi" else text


def _when(at: datetime, lang: str) -> str:
    if lang == "en":
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return at.astimezone(clock.VIETNAM_TIME).strftime("%H:%M ngày %d/%m/%Y")


def _param(code: str, name: str, value: Param, lang: str) -> Any:
    if value is None:
        return t(f"error.missing_{name}", lang)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return _Number(value, lang)
    if isinstance(value, datetime):
        return _when(value, lang)
    if isinstance(value, Mapping):
        return value.get(lang) or value.get("vi", "")
    raise TypeError(f"error.{code}: parameter {name} of type {type(value).__name__}")


def _wait(seconds: int, lang: str) -> str:
    minutes, seconds = divmod(max(seconds, 1), 60)
    if minutes:
        return t("error.wait_minutes", lang, minutes=minutes, seconds=seconds)
    return t("error.wait_seconds", lang, seconds=seconds)


def _login_text(exc: LoginRefused, lang: str) -> str:
    wait = _wait(exc.retry_after_seconds, lang)
    text = t(f"error.{exc.code}", lang, wait=wait)
    left = exc.tries_left
    if exc.reason != "invalid" or left is None:
        return text
    if left == 0 and exc.retry_after_seconds:
        return f"{text} {t('error.login_wait_started', lang, wait=wait)}"
    if 0 < left <= WARN_TRIES:
        key = "error.login_last_try" if left == 1 else "error.login_tries_left"
        return f"{text} {t(key, lang, tries=left)}"
    return text


def error_text(exc: StoreError, lang: str = "vi") -> str:
    """The refusal's sentence in `lang` ("vi" unless "en")."""
    lang = "en" if lang == "en" else "vi"
    if isinstance(exc, LoginRefused):
        return _login_text(exc, lang)
    params = {name: _param(exc.code, name, value, lang) for name, value in exc.params.items()}
    return t(f"error.{exc.code}", lang, **params)


def error_both(exc: StoreError) -> str:
    """The refusal in every language, Vietnamese first, one per line: for a reader whose language
    is unknown (the CLI, a refused download)."""
    return "\n".join(error_text(exc, lang) for lang in LANGS)
