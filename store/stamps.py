"""A cheap fingerprint of a year's data, so pages can cache what they compute from it and still never
show stale numbers: any save, submission, return or new agency changes the fingerprint, and so does
closing or reopening the year (a closed year reads the agencies it recorded)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from store import year_record
from store.access import Action, Actor, authorize
from store.models import Agency, Assessment, Year


def year_stamp(engine: Engine, actor: Actor | None, year: int) -> tuple[object, ...]:
    authorize(actor, Action.VIEW_PROVINCE)
    with Session(engine) as session:
        a = session.execute(
            select(func.count(Assessment.id), func.max(Assessment.updated_at), func.sum(Assessment.row_version))
            .where(Assessment.year == year)
        ).one()
        g = session.execute(select(func.count(Agency.id), func.sum(func.length(Agency.name)))).one()
        closed = session.scalar(select(Year.closed_at).where(Year.year == year))
    return (year, a[0], str(a[1]), a[2], g[0], g[1], str(closed))


def year_stamps(engine: Engine, actor: Actor | None, years: list[int]) -> dict[int, tuple[object, ...]]:
    """`year_stamp` of several years in two queries (a page showing a trajectory needs all of them)."""
    authorize(actor, Action.VIEW_PROVINCE)
    with Session(engine) as session:
        per_year = {
            row[0]: row[1:]
            for row in session.execute(
                select(Assessment.year, func.count(Assessment.id), func.max(Assessment.updated_at),
                       func.sum(Assessment.row_version))
                .where(Assessment.year.in_(years))
                .group_by(Assessment.year)
            )
        }
        g = session.execute(select(func.count(Agency.id), func.sum(func.length(Agency.name)))).one()
        closed = dict(session.execute(select(Year.year, Year.closed_at).where(Year.year.in_(years))).all())
    out: dict[int, tuple[object, ...]] = {}
    for y in years:
        count, updated, versions = per_year.get(y, (0, None, None))
        out[y] = (y, count, str(updated), versions, g[0], g[1], str(closed.get(y)))
    return out


def submission_counts(engine: Engine, actor: Actor | None) -> dict[int, tuple[int, int]]:
    """Per year with an assessment or a campaign: (agencies that submitted, agencies the year shows,
    as `province.province_rows` lists them: a closed year its recorded ones): which year the
    department's pages open on. One query per year; years are few."""
    authorize(actor, Action.VIEW_PROVINCE)
    with Session(engine) as session:
        sent = dict(session.execute(
            select(Assessment.year, func.count(Assessment.id)).where(Assessment.status == "submitted")
            .group_by(Assessment.year)).all())
        known = set(session.scalars(select(Year.year)).all()) | set(sent)
        shown = {y: select(func.count()).select_from(year_record.shown(y).subquery()) for y in sorted(known)}
        return {y: (sent.get(y, 0), session.scalar(count) or 0) for y, count in shown.items()}
