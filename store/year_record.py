"""The record a closed year keeps of the agencies it covered: their names, kinds and media types as
they were when it closed. A closed year's pages, exports and reports read it, so a later rename or a
new agency never changes what the department reported for that year.

A year covers every active agency and every retired one that has an assessment that year (as the
department's pages list them while the year is open). Reopening a year drops its record: the year is
live again and shows the agencies as they are; closing it again records them anew.

Only models here (no store.db).
"""

from __future__ import annotations

from sqlalchemy import (
    Connection,
    Exists,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from store.models import Agency, Assessment, Year, YearAgency


def covered(year: int) -> Select[str, str, str, list[str]]:
    """The agencies a year covers: active ones, and retired ones with an assessment that year."""
    return select(Agency.id, Agency.name, Agency.kind, Agency.media_types).where(or_(Agency.active, _took_part(year)))


def _took_part(year: int) -> Exists:
    """Whether the agency has an assessment that year (never tied to an assessment the outer query joins)."""
    return exists().where(Assessment.agency_id == Agency.id, Assessment.year == year).correlate_except(Assessment)


def write(db: Connection | Session, year: int) -> int:
    """Record the agencies `year` covers now; returns how many."""
    chosen = covered(year).subquery()
    db.execute(
        insert(YearAgency).from_select(
            ["year", "agency_id", "name", "kind", "media_types"],
            select(literal(year), chosen.c.id, chosen.c.name, chosen.c.kind, chosen.c.media_types),
        )
    )
    return db.scalar(select(func.count()).where(YearAgency.year == year)) or 0


def drop(db: Connection | Session, year: int) -> int:
    """Forget the record (the year reopens); returns how many agencies it held."""
    n = db.scalar(select(func.count()).where(YearAgency.year == year)) or 0
    db.execute(delete(YearAgency).where(YearAgency.year == year))
    return n


def shown(year: int) -> Select[Agency, YearAgency]:
    """(Agency, YearAgency or None) for each agency the year shows: its record while it is closed, else
    the agencies it covers now."""
    recorded = and_(YearAgency.agency_id == Agency.id, YearAgency.year == year)
    closed = select(Year.closed_at).where(Year.year == year).scalar_subquery().is_not(None)
    took_part = _took_part(year)
    return (
        select(Agency, YearAgency)
        .outerjoin(YearAgency, recorded)
        .where(or_(and_(closed, YearAgency.agency_id.is_not(None)), and_(not_(closed), or_(Agency.active, took_part))))
    )
