"""A number question's field: typed as the reader writes numbers (110.000 and 12,5 in Vietnamese,
110,000 and 12.5 in English), read by `scoring.numbers`, and shown back in the same way once saved.

Streamlit's number field reads "110.000" as 110 and cuts "12.5" people to 12, so the field is a text
field and the parser is the scoring layer's. A value far from last year's (`scoring.numbers.is_jump`)
is held, neither saved nor counted, until the leader confirms it with the button under the field.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from scoring.invalid import Invalid
from scoring.models import Question, QuestionType
from scoring.numbers import MAX_CHARS, asks_count, format_number, is_jump, parse_number
from store.access import Actor
from ui import chrome, shell
from ui import draft as drafts
from ui.i18n import t

HELD = object()  # `read`'s answer when nothing is to be saved (refused, or waiting for confirmation)


def _awaiting_key(qid: str) -> str:
    return f"qjump_{qid}"


def _confirmed_key(qid: str) -> str:
    return f"qjumpok_{qid}"


def text(value: Any, lang: str) -> str:
    """What the field shows for a stored value (a text the field holds, kept aside under N/A, as it is)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return format_number(value, lang)


def draw(q: Question, label: str, held: str | None, lang: str, common: dict[str, Any]) -> None:
    with st.container(key=f"{chrome.NUMBER_FIELD_KEY}{q.id}"):  # its character count is hidden (ui.chrome)
        st.text_input(label, value=held, max_chars=MAX_CHARS, placeholder=t("question.number_placeholder", lang),
                      **common)
    if q.unit or q.type == QuestionType.PERCENT:
        st.caption(q.unit.get(lang) if q.unit else "%")


def last_year(actor: Actor, q: Question, d: drafts.Draft) -> float | None:
    """The agency's answer to `q` the year before, when it is a number."""
    ans = shell.last_year_answers(actor, d.info.agency_id, d.info.year).get(q.id)
    value = ans.value if ans is not None and ans.answered else None
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def read(q: Question, raw: Any, d: drafts.Draft, lang: str, last: float | None) -> Any:
    """The answer read from the widgets (`raw`, its value the text typed) with the number in place of
    the text; or HELD, with the reason in the draft: a text that is not a number as `lang` writes it,
    or a value far from last year's `last` that is not confirmed yet."""
    if not isinstance(raw, dict) or not isinstance(raw.get("value"), str):
        return raw
    awaiting = st.session_state.pop(_awaiting_key(q.id), None)
    confirmed = st.session_state.pop(_confirmed_key(q.id), None)
    try:
        number = parse_number(raw["value"], lang, whole=asks_count(q), percent=q.type == QuestionType.PERCENT)
    except Invalid as exc:
        d.errors[q.id] = t("save.refused", lang, reason=exc.message(lang))
        return HELD
    if number is None:
        return {**raw, "value": None} if raw.get("evidence") else None
    if last is not None and is_jump(number, last) and not (confirmed is not None and confirmed == awaiting == number):
        st.session_state[_awaiting_key(q.id)] = number
        d.pending[q.id] = t("question.number_jump", lang, value=format_number(number, lang),
                            last=format_number(last, lang), year=d.info.year - 1)
        return HELD
    return {**raw, "value": number}


def awaiting(qid: str) -> float | None:
    """The value held for confirmation, if any."""
    return st.session_state.get(_awaiting_key(qid))


def confirm(qid: str) -> None:
    """The leader confirms the held value: the next `read` of the same value saves it."""
    st.session_state[_confirmed_key(qid)] = awaiting(qid)


def echo(q: Question, d: drafts.Draft, key: str, lang: str) -> None:
    """After a save, the field shows the saved number as `lang` writes it ("110000" → "110.000")."""
    stored = d.stored.get(q.id)
    st.session_state[key] = text(stored.value if stored else None, lang)
