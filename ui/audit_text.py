"""An audit event's details as a sentence in the reader's language: "Năm 2025, đang mở, hạn nộp
25/11/2025." rather than "open: True; deadline: 2025-11-25". Each detail the store records has its
words in the catalogue (`audit_detail.<key>`); a code (a kind, a role, a status, a reason) is shown by
its name, a date the local way. A detail without words (one added to the store later) is still shown,
as "key: value", so nothing recorded is ever hidden."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reports import text
from ui.i18n import known, t


def _coded(prefix: str) -> Callable[[Any, str], str]:
    """A code shown by its name in the catalogue (`prefix` + code), or as it is when unknown."""
    def show(value: Any, lang: str) -> str:
        key = f"{prefix}{value}"
        return t(key, lang) if known(key) else str(value)
    return show


def _when(value: Any, lang: str) -> str:
    try:
        return text.date_short(date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value)


def _open(value: Any, lang: str) -> str:
    return t("audit_detail.is_open" if value else "audit_detail.is_closed", lang)


def _media(value: Any, lang: str) -> str:
    return ", ".join(_coded("media.")(m, lang) for m in value) if isinstance(value, list) else str(value)


# How a detail's value is written before it goes into its phrase; plain text and numbers as they are.
VALUES: dict[str, Callable[[Any, str], str]] = {
    "open": _open,
    "deadline": _when,
    "kind": _coded("kind."),
    "block_kind": _coded("admin.block_"),
    "media_types": _media,
    "role": _coded("role."),
    "from": _coded("province.status_"),
    "reason": _coded("audit_detail.reason_"),
    "questionnaire_hash": lambda v, _: str(v)[:12],
    "size": lambda v, lang: text.count(round(v / 1024) if isinstance(v, int) else v, lang),
    "answers": lambda v, lang: text.count(v, lang) if isinstance(v, int | float) else str(v),
}


def detail_sentence(action: str, detail: dict[str, Any] | None, lang: str) -> str:
    """The event's details, each in its own words, as one sentence."""
    parts = [_phrase(action, key, value, lang) for key, value in (detail or {}).items()]
    if not parts:
        return ""
    sentence = ", ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _phrase(action: str, key: str, value: Any, lang: str) -> str:
    if key == "kind" and action.startswith("auth."):  # a sign-in block's kind, not an agency's
        key = "block_kind"
    write = VALUES.get(key, lambda v, _: str(v))
    if isinstance(value, dict) and value.keys() == {"old", "new"}:  # a change: old → new
        shown = " → ".join("—" if v is None else write(v, lang) for v in (value["old"], value["new"]))
    else:
        shown = "—" if value is None else write(value, lang)
    phrase_key = f"audit_detail.{key}"
    return t(phrase_key, lang, value=shown) if known(phrase_key) else f"{key}: {shown}"
