"""Size and shape limits on what an answer may hold.

Whether a value fits its question is the scoring layer's job (`scoring.answers.parse_answer`, called
by the UI before saving). The store only refuses what no question could need, so one oversized paste
cannot bloat the database or the exported reports.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from scoring.invalid import Invalid
from scoring.links import with_scheme
from scoring.textsafe import check_text
from store.errors import InvalidInput
from store.records import StoredAnswer

MAX_VALUE_CHARS = 5000
MAX_NOTE_CHARS = 2000
MAX_NA_REASON_CHARS = 2000
MAX_LINK_CHARS = 500
QUESTION_ID_RE = re.compile(r"[a-z0-9_]{1,64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_question_id(question_id: str) -> str:
    if not (isinstance(question_id, str) and QUESTION_ID_RE.fullmatch(question_id)):
        raise InvalidInput("bad_question_id", question=repr(question_id))
    return question_id


def clean_answer(question_id: str, answer: StoredAnswer) -> StoredAnswer:
    """The answer as it will be stored (empty texts become None), or InvalidInput."""
    check_question_id(question_id)
    _check_value(question_id, answer.value)
    _check_characters(question_id, answer)
    return StoredAnswer(
        value=answer.value,
        na_reason=_text(answer.na_reason, MAX_NA_REASON_CHARS, code="na_reason_too_long"),
        evidence_note=_text(answer.evidence_note, MAX_NOTE_CHARS, code="evidence_note_too_long"),
        evidence_link=_link(answer.evidence_link),
    )


def _check_value(question_id: str, value: Any) -> None:
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidInput("bad_value", question=question_id) from None
    if len(encoded) > MAX_VALUE_CHARS:
        raise InvalidInput("value_too_long", question=question_id, most=MAX_VALUE_CHARS)


def _check_characters(question_id: str, answer: StoredAnswer) -> None:
    """No text of the answer holds a NUL or a lone surrogate (`scoring.textsafe`): kept, it would break
    every page, PDF and workbook that shows it."""
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    texts: list[tuple[str, str, str | None]] = [("value", "câu trả lời", v) for v in values if isinstance(v, str)]
    texts += [("N/A reason", "lý do không áp dụng", answer.na_reason),
              ("evidence note", "ghi chú minh chứng", answer.evidence_note),
              ("evidence link", "đường dẫn minh chứng", answer.evidence_link)]
    for en, vi, text in texts:
        try:
            check_text(text or "", f"The {en}", vi.capitalize())
        except Invalid as exc:
            raise InvalidInput("unsafe_text", question=question_id, why={"vi": exc.vi, "en": exc.en}) from None


def _text(text: str | None, limit: int, *, code: str) -> str | None:
    if text is None or not text.strip():
        return None
    if len(text) > limit:
        raise InvalidInput(code, most=limit)
    return _CONTROL.sub("", text.strip())


def _link(link: str | None) -> str | None:
    if link is None or not link.strip():
        return None
    link = with_scheme(link.strip())
    parts = urlsplit(link)
    if (
        len(link) > MAX_LINK_CHARS
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or _CONTROL.search(link)
        or any(c.isspace() for c in link)
    ):
        raise InvalidInput("bad_link", most=MAX_LINK_CHARS)
    return link
