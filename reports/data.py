"""The plain data a document is built from: the caller (the app, the CLI, a test) fills these in.

Reports never read the database: the caller has already checked who may see what, so a document can
only ever show what it was handed. The builders below score answers with `scoring` so that the numbers
in a document are, by construction, the numbers the engine gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reports.text import local
from scoring.answers import Answer
from scoring.batch import Batch
from scoring.catalog import Catalog
from scoring.engine import Result, score
from scoring.loader import Questionnaire
from scoring.plans import Contribution, PlanFile, ProvinceIndicator, aggregate, contributions

# Only a submitted assessment enters the province's figures: a draft may still change, and a returned
# one was sent back because something in it is wrong.
COUNTED_STATUSES = frozenset({"submitted"})


def _now() -> datetime:
    """When a report is made, in Việt Nam's time (naive: what the reports write as local). The server's
    own clock may be on UTC: its local time put a report made at 8:00 in Vĩnh Long at 1:00, and one
    made before 7:00 on the day before."""
    return local(datetime.now(UTC)).replace(microsecond=0)


def closed_year_date(closed_at: datetime | None) -> datetime | None:
    """What a closed year's documents are dated: when the year closed (local time, as `_now`), so the
    same report downloaded again is the same file; None for an open year (dated when made)."""
    return None if closed_at is None else local(closed_at).replace(microsecond=0)


@dataclass(frozen=True)
class AgencyReport:
    agency_id: str
    agency_name: str
    year: int
    status: str  # draft / submitted / returned / not_started
    questionnaire: Questionnaire
    plan: PlanFile
    answers: dict[str, Answer]
    result: Result
    contributions: dict[str, Contribution]
    previous: Result | None = None  # last year's result, for the change column
    department_name: str = ""
    province_name: str = ""
    place_name: str = ""  # the place line's short name ("Vĩnh Long"); the province's name when not given
    generated_at: datetime = field(default_factory=_now)


@dataclass(frozen=True)
class AgencyRow:
    agency_id: str
    name: str
    kind: str | None  # the profile's agency_type code (newspaper, radio_tv, magazine, multimedia)
    status: str
    submitted_at: datetime | None = None
    result: Result | None = None
    contributions: dict[str, Contribution] | None = None
    answers: dict[str, Answer] | None = None
    previous_index: float | None = None
    previous_domains: Mapping[str, float | None] | None = None  # last year's index per domain

    @property
    def counted(self) -> bool:
        """Whether this agency's contributions are in the province's aggregate."""
        return self.status in COUNTED_STATUSES and self.contributions is not None


@dataclass(frozen=True)
class ProvinceReport:
    year: int
    plan: PlanFile
    questionnaire: Questionnaire
    aggregate: dict[str, ProvinceIndicator]  # computed over the rows whose `counted` is true
    history: dict[int, dict[str, ProvinceIndicator]]  # past years, for the trajectories
    agencies: list[AgencyRow]
    department_name: str = ""
    province_name: str = ""
    place_name: str = ""  # the place line's short name ("Vĩnh Long"); the province's name when not given
    generated_at: datetime = field(default_factory=_now)
    closed: bool = False  # the year is closed: no more submissions can come

    @property
    def provisional(self) -> bool:
        """Some agency has not submitted while the year is open: the figures may still move, so no
        verdict is final. A closed year's figures are final over what was sent."""
        return not self.closed and any(not r.counted for r in self.agencies)


def agency_report_from_answers(
    catalog: Catalog,
    agency_id: str,
    name: str,
    year: int,
    answers: Mapping[str, Answer],
    previous_answers: Mapping[str, Answer] | None = None,
    *,
    previous: Result | None = None,
    plan_id: str | None = None,
    status: str = "submitted",
    department_name: str = "",
    province_name: str = "",
    place_name: str = "",
    generated_at: datetime | None = None,
) -> AgencyReport:
    """Score the answers and bundle everything the agency's documents show.

    Last year's answers are scored against today's questionnaire; a caller holding last year's stored
    result (scored against the questionnaire version it was answered on) passes `previous` instead.
    """
    qn = catalog.questionnaire
    plan = catalog.plan(plan_id)
    answers = dict(answers)
    result = score(qn, answers)
    if previous is None and previous_answers is not None:
        previous = score(qn, previous_answers)
    return AgencyReport(
        agency_id=agency_id, agency_name=name, year=year, status=status, questionnaire=qn, plan=plan,
        answers=answers, result=result, contributions=contributions(plan, qn, answers, result, year),
        previous=previous, department_name=department_name, province_name=province_name, place_name=place_name,
        generated_at=generated_at or _now(),
    )


def agency_row_from_answers(
    catalog: Catalog,
    agency_id: str,
    name: str,
    year: int,
    answers: Mapping[str, Answer] | None,
    *,
    status: str = "submitted",
    kind: str | None = None,
    submitted_at: datetime | None = None,
    previous_index: float | None = None,
    plan_id: str | None = None,
    scored: tuple[Result, dict[str, Contribution]] | None = None,
) -> AgencyRow:
    """One line of the province's list; an agency that has not started has no answers and no result.
    `scored`: these answers' result and contributions, already worked out by `score_many`."""
    if answers is None:
        return AgencyRow(agency_id, name, kind, status, submitted_at, previous_index=previous_index)
    qn = catalog.questionnaire
    answers = dict(answers)
    if scored is None:
        result = score(qn, answers)
        contrib = contributions(catalog.plan(plan_id), qn, answers, result, year)
    else:
        result, contrib = scored
    if kind is None and "agency_type" in answers and isinstance(answers["agency_type"].value, str):
        kind = answers["agency_type"].value
    return AgencyRow(agency_id, name, kind, status, submitted_at, result, contrib, answers, previous_index)


def score_many(catalog: Catalog, year: int, answer_sets: Sequence[Mapping[str, Answer]],
               plan_id: str | None = None) -> list[tuple[Result, dict[str, Contribution]]]:
    """Each agency's result and contributions to the plan, in order: what `agency_row_from_answers`
    works out one agency at a time, scored together (scoring/batch.py) for a whole province."""
    batch = Batch(catalog.questionnaire, answer_sets)
    return list(zip(batch.results(), batch.contributions(catalog.plan(plan_id), year), strict=True))


def aggregate_rows(plan: PlanFile, year: int, rows: Iterable[AgencyRow]) -> dict[str, ProvinceIndicator]:
    """The province's indicators over exactly the rows a document will list as counted."""
    return aggregate(plan, year, [r.contributions for r in rows if r.counted and r.contributions is not None])


def province_report_from_rows(
    catalog: Catalog,
    year: int,
    rows: Iterable[AgencyRow],
    *,
    history: Mapping[int, Mapping[str, ProvinceIndicator]] | None = None,
    plan_id: str | None = None,
    department_name: str = "",
    province_name: str = "",
    place_name: str = "",
    generated_at: datetime | None = None,
    closed: bool = False,
) -> ProvinceReport:
    plan = catalog.plan(plan_id)
    rows = list(rows)
    return ProvinceReport(
        year=year, plan=plan, questionnaire=catalog.questionnaire, aggregate=aggregate_rows(plan, year, rows),
        history={y: dict(v) for y, v in (history or {}).items() if y != year}, agencies=rows,
        department_name=department_name, province_name=province_name, place_name=place_name,
        generated_at=generated_at or _now(), closed=closed,
    )
