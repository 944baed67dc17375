"""An answer as a person reads it, in either language: shared by the pages and the reports."""

from __future__ import annotations

from typing import cast

from scoring.answers import Answer
from scoring.models import Question, QuestionType
from scoring.numbers import format_number

NA = {"vi": "Không áp dụng", "en": "Not applicable"}
EMPTY = {"vi": "Chưa trả lời", "en": "Not answered"}


def value_label(q: Question, value: object, lang: str = "vi") -> str:
    if value is None:
        return EMPTY["en" if lang == "en" else "vi"]
    if q.type == QuestionType.MULTI_CHOICE and isinstance(value, list):
        return "; ".join(o.label.get(lang) for o in q.choices if o.code in value) or "—"
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        # 104.000 and 12,5 in Vietnamese; 104,000 and 12.5 in English
        num = format_number(cast("int | float", value), lang)
        if q.type == QuestionType.PERCENT:
            return f"{num}%"
        unit = q.unit_one if q.unit_one is not None and value == 1 else q.unit
        return f"{num} {unit.get(lang)}" if unit else num
    if q.type == QuestionType.TEXT:
        return str(value)
    opt = q.option(str(value))
    return opt.label.get(lang) if opt else str(value)


def answer_label(q: Question, ans: Answer | None, lang: str = "vi") -> str:
    if ans is None:
        return EMPTY["en" if lang == "en" else "vi"]
    if ans.is_na:
        return f"{NA['en' if lang == 'en' else 'vi']}: {ans.na_reason}"
    return value_label(q, ans.value, lang)
