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
        raise InvalidInput(
            "bad_question_id",
            f"Mã câu hỏi không hợp lệ: {question_id!r}",
            f"Invalid question id: {question_id!r}",
        )
    return question_id


def clean_answer(question_id: str, answer: StoredAnswer) -> StoredAnswer:
    """The answer as it will be stored (empty texts become None), or InvalidInput."""
    check_question_id(question_id)
    _check_value(question_id, answer.value)
    _check_characters(question_id, answer)
    return StoredAnswer(
        value=answer.value,
        na_reason=_text(answer.na_reason, MAX_NA_REASON_CHARS, "lý do không áp dụng", "N/A reason"),
        evidence_note=_text(answer.evidence_note, MAX_NOTE_CHARS, "ghi chú minh chứng", "evidence note"),
        evidence_link=_link(answer.evidence_link),
    )


def _check_value(question_id: str, value: Any) -> None:
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidInput(
            "bad_value",
            f"Câu trả lời cho {question_id} không lưu được (kiểu dữ liệu không hợp lệ).",
            f"The answer to {question_id} cannot be stored (unsupported data type).",
        ) from None
    if len(encoded) > MAX_VALUE_CHARS:
        raise InvalidInput(
            "value_too_long",
            f"Câu trả lời cho {question_id} quá dài (tối đa {MAX_VALUE_CHARS:,} ký tự).".replace(",", "."),
            f"The answer to {question_id} is too long (at most {MAX_VALUE_CHARS:,} characters).",
        )


def _check_characters(question_id: str, answer: StoredAnswer) -> None:
    """No text of the answer holds a NUL or a lone surrogate (`scoring.textsafe`): kept, it would break
    every page, PDF and workbook that shows it."""
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    texts = [("value", "câu trả lời", v) for v in values if isinstance(v, str)]
    texts += [("N/A reason", "lý do không áp dụng", answer.na_reason),
              ("evidence note", "ghi chú minh chứng", answer.evidence_note),
              ("evidence link", "đường dẫn minh chứng", answer.evidence_link)]
    for en, vi, text in texts:
        try:
            check_text(text or "", f"The {en}", vi.capitalize())
        except Invalid as exc:
            raise InvalidInput("unsafe_text", f"Câu {question_id}: {exc.vi}",
                               f"Question {question_id}: {exc.en}") from None


def _text(text: str | None, limit: int, vi_name: str, en_name: str) -> str | None:
    if text is None or not text.strip():
        return None
    if len(text) > limit:
        raise InvalidInput(
            "text_too_long",
            f"Phần {vi_name} quá dài (tối đa {limit:,} ký tự).".replace(",", "."),
            f"The {en_name} is too long (at most {limit:,} characters).",
        )
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
        raise InvalidInput(
            "bad_link",
            "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// "
            f"và dài tối đa {MAX_LINK_CHARS} ký tự.",
            "An evidence link must start with http:// or https:// "
            f"and have at most {MAX_LINK_CHARS} characters.",
        )
    return link
