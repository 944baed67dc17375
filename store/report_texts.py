"""The department's wording of its annual report: each section's text as edited, kept with the year.

The report's assessment is drafted from the figures (reports/assessment_draft.py); the department edits
a section before it signs, and the edit is what every later download prints. A closed year's report is
final, so its text is frozen with its numbers: an edit is refused once the year is closed. Saving an
empty text removes the edit, and the section prints the draft again.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store import clock
from store.access import Action, Actor, authorize
from store.errors import InvalidInput, NotEditable
from store.models import ReportText, Year
from store.work import authorized

MAX_TEXT_CHARS = 20000
SECTION_RE = re.compile(r"[a-z_]{1,32}")
LANGS = ("vi", "en")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def get_report_texts(engine: Engine, actor: Actor | None, year: int, lang: str) -> dict[str, str]:
    """Section → the department's text, for the sections it has edited."""
    authorize(actor, Action.VIEW_PROVINCE)
    with Session(engine) as session:
        rows = session.scalars(select(ReportText).where(ReportText.year == year, ReportText.lang == lang))
        return {r.section: r.text for r in rows}


def save_report_text(engine: Engine, actor: Actor | None, year: int, lang: str, section: str, text: str) -> bool:
    """Store the section's text (an empty one removes the edit); False when nothing changed. Refused
    for a closed or unknown year."""
    with authorized(engine, actor, Action.EDIT_PROVINCE_REPORT) as work:
        _check(lang, section)
        text = _clean(text)
        session, who = work.session, work.actor.username
        _open_year(session, year)
        row = session.get(ReportText, (year, lang, section))
        if (row.text if row else "") == text:
            return False
        if not text:
            session.delete(row)
        elif row is None:
            session.add(ReportText(year=year, lang=lang, section=section, text=text, updated_by=who))
        else:
            row.text, row.updated_at, row.updated_by = text, clock.now(), who
        work.record("report.text" if text else "report.text_reset", target=f"year:{year}",
                    detail={"section": section, "lang": lang, "chars": len(text)})
    return True


def _open_year(session: Session, year: int) -> None:
    if not session.scalar(select(Year.is_open).where(Year.year == year)):
        raise NotEditable("report_year_closed", year=year)


def _check(lang: str, section: str) -> None:
    if lang not in LANGS or not (isinstance(section, str) and SECTION_RE.fullmatch(section)):
        raise InvalidInput("bad_section", section=repr(section))


def _clean(text: str) -> str:
    text = _CONTROL.sub("", text or "").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no database can keep it
        raise InvalidInput("bad_text") from None
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput("report_text_too_long", most=MAX_TEXT_CHARS)
    return text
