"""Assessment years. A closed year refuses every edit and submission, so the department can freeze
the numbers it reports; the deadline is shown to agencies but does not close the year by itself
(late agencies are common and the department decides when to stop). Closing also records the
agencies the year covered, as they were named then (store/year_record.py), and when it closed: the
date its reports carry, so the same report of a closed year is the same file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store import clock, year_record
from store.access import Action, Actor, authorize
from store.errors import InvalidInput, NotFound
from store.models import Year
from store.work import authorized

MIN_YEAR, MAX_YEAR = 2020, 2100


@dataclass(frozen=True, slots=True)
class YearInfo:
    year: int
    is_open: bool
    deadline: date
    closed_at: datetime | None = None  # while closed


def days_left(deadline: date) -> int:
    """Days from today to the deadline, both Việt Nam's dates; negative once it has passed."""
    return (deadline - clock.today()).days


def days_late(deadline: date, submitted_at: datetime | None) -> int:
    """Whole days a submission came after the deadline, counted in Việt Nam's dates (sent at 23:59 on
    25/11 there is on time); 0 when on time or not sent."""
    if submitted_at is None:
        return 0
    when = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=UTC)
    return max((when.astimezone(clock.VIETNAM_TIME).date() - deadline).days, 0)


def default_deadline(year: int) -> date:
    """25 November: the province collects the self-assessments before its year-end report."""
    return date(year, 11, 25)


def create_year(
    engine: Engine, actor: Actor | None, year: int, *, deadline: date | None = None, is_open: bool = True
) -> YearInfo:
    with authorized(engine, actor, Action.MANAGE_YEARS) as work:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput("bad_year", least=MIN_YEAR, most=MAX_YEAR)
        deadline = _valid_deadline(year, deadline or default_deadline(year))
        if work.session.get(Year, year) is not None:
            raise InvalidInput("year_exists", year=year)
        row = Year(year=year, is_open=True, deadline=deadline)
        work.session.add(row)
        work.record("year.create", target=f"year:{year}", detail={"open": is_open, "deadline": deadline.isoformat()})
        if not is_open:
            work.session.flush()
            _close(work.session, row)
    return _info(row)


def set_year_open(engine: Engine, actor: Actor | None, year: int, is_open: bool) -> YearInfo:
    """Closing records the agencies the year covers; reopening drops that record (the year is live
    again), and closing it again records them as they are then. Each is in the audit trail with the
    number of agencies recorded or dropped. Asking for what already is changes nothing."""
    with authorized(engine, actor, Action.MANAGE_YEARS) as work:
        row = _get(work.session, year)
        if row.is_open == is_open:
            return _info(row)
        if is_open:
            row.is_open, row.closed_at = True, None
            detail = {"record_dropped": year_record.drop(work.session, year)}
        else:
            detail = {"agencies_recorded": _close(work.session, row)}
        work.record("year.open" if is_open else "year.close", target=f"year:{year}", detail=detail)
    return _info(row)


def _close(session: Session, row: Year) -> int:
    row.is_open, row.closed_at = False, clock.now()
    session.flush()
    return year_record.write(session, row.year)


def set_deadline(engine: Engine, actor: Actor | None, year: int, deadline: date) -> YearInfo:
    with authorized(engine, actor, Action.MANAGE_YEARS) as work:
        deadline = _valid_deadline(year, deadline)
        row = _get(work.session, year)
        row.deadline = deadline
        work.record("year.deadline", target=f"year:{year}", detail={"deadline": deadline.isoformat()})
    return _info(row)


def get_year(engine: Engine, actor: Actor | None, year: int) -> YearInfo | None:
    authorize(actor, Action.VIEW_YEARS)
    with Session(engine) as session:
        row = session.get(Year, year)
        return _info(row) if row else None


def list_years(engine: Engine, actor: Actor | None) -> list[YearInfo]:
    """Newest first."""
    authorize(actor, Action.VIEW_YEARS)
    with Session(engine) as session:
        return [_info(y) for y in session.scalars(select(Year).order_by(Year.year.desc()))]


def is_open(engine: Engine, year: int) -> bool:
    """Whether answers for `year` may still change. Public facts (no actor needed); a year that was
    never created is not open."""
    with Session(engine) as session:
        return bool(session.scalar(select(Year.is_open).where(Year.year == year)))


def _get(session: Session, year: int) -> Year:
    row = session.get(Year, year)
    if row is None:
        raise NotFound("year_not_found", year=year)
    return row


def _valid_deadline(year: int, deadline: date) -> date:
    if not date(year, 1, 1) <= deadline <= date(year + 1, 12, 31):
        raise InvalidInput("bad_deadline", year=year, next=year + 1)
    return deadline


def _info(row: Year) -> YearInfo:
    return YearInfo(year=row.year, is_open=row.is_open, deadline=row.deadline, closed_at=row.closed_at)
