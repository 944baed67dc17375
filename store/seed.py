"""Load a sample province from answers files: the demo, the browser tests and the benchmarks use it.

Everything goes through the same store functions as the app (create agency, save answers, submit),
so a demo database is a database the app itself could have written. Submissions are dated a few days
before each year's deadline, as they would have been.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from scoring.answers import AnswerFile, load_answer_file
from scoring.catalog import Catalog
from store import accounts, agencies, assessments, clock, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.conversion import to_stored
from store.demo import DEADLINE_PASSED_DAYS, DEMO_PASSWORD, RETURN_COMMENT, STORY, demo_accounts
from store.records import AssessmentInfo
from store.years import YearInfo

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class SeedReport:
    agencies: int
    assessments: int
    users: int


def example_files(root: Path = EXAMPLES) -> dict[int, list[Path]]:
    out: dict[int, list[Path]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit()):
        out[int(folder.name)] = sorted(folder.glob("*.yaml"))
    return out


class _FixedClock:
    """Dates the demo's past submissions inside their own year."""

    def __init__(self, when: datetime) -> None:
        self.when = when
        self.saved = clock.now

    def __enter__(self) -> None:
        clock.now = lambda: self.when

    def __exit__(self, *exc: object) -> None:
        clock.now = self.saved


def _year(engine: Engine, year: int) -> YearInfo:
    info = years.get_year(engine, SYSTEM_ACTOR, year)
    if info is None:
        raise LookupError(f"seed: year {year} was not created")
    return info


def _open(engine: Engine, actor: Actor, agency_id: str, year: int, cat: Catalog) -> AssessmentInfo:
    """The agency's assessment of the year, opened as the agency: the seed only opens what it may."""
    qn = cat.questionnaire
    info = assessments.open_assessment(engine, actor, agency_id, year, qn.version, qn.content_hash)
    if info is None:
        raise LookupError(f"seed: {agency_id} cannot open its {year} assessment")
    return info


def _agency_actor(agency_id: str) -> Actor:
    return Actor(user_id=None, username=f"seed:{agency_id}", display_name="seed", role=Role.AGENCY,
                 agency_id=agency_id)


def seed_files(engine: Engine, cat: Catalog, files_by_year: Mapping[int, Iterable[Path]], *,
               open_years: Iterable[int] = (), drafts: dict[int, Iterable[str]] | None = None) -> SeedReport:
    """Create the agencies, the years and one submitted assessment per file; years in `open_years`
    stay open. `drafts` names (year → agency ids) assessments to leave as drafts instead."""
    qn = cat.questionnaire
    parsed: dict[int, list[AnswerFile]] = {y: [load_answer_file(qn, p) for p in ps] for y, ps in files_by_year.items()}
    known = {a.id for a in agencies.list_agencies(engine, SYSTEM_ACTOR, include_inactive=True)}
    n_assessments = 0
    for year in sorted(parsed):
        for af in parsed[year]:
            if af.agency_id in known:
                continue
            kind_ans = af.answers.get("agency_type")
            media = af.answers.get("media_types")
            agencies.create_agency(engine, SYSTEM_ACTOR, af.agency_id, af.agency_name,
                                   kind_ans.value if kind_ans else "newspaper", media.value if media else ())
            known.add(af.agency_id)
    open_set = set(open_years)
    drafts = {y: set(ids) for y, ids in (drafts or {}).items()}
    for year in sorted(parsed):
        if years.get_year(engine, SYSTEM_ACTOR, year) is None:
            years.create_year(engine, SYSTEM_ACTOR, year)
        else:
            years.set_year_open(engine, SYSTEM_ACTOR, year, True)
        deadline = _year(engine, year).deadline
        when = datetime(deadline.year, deadline.month, deadline.day, 9, 0, tzinfo=UTC) - timedelta(days=5)
        for i, af in enumerate(parsed[year]):
            actor = _agency_actor(af.agency_id)
            with _FixedClock(when + timedelta(hours=i) if year not in open_set else clock.now()):
                info = _open(engine, actor, af.agency_id, year, cat)
                if info.status == "submitted":
                    continue
                version = assessments.save_answers(engine, actor, info.id,
                                                   {q: to_stored(a) for q, a in af.answers.items()}, info.row_version)
                if af.agency_id not in drafts.get(year, set()):
                    assessments.submit(engine, actor, info.id, version, qn.version, qn.content_hash)
            n_assessments += 1
        if year not in open_set:
            years.set_year_open(engine, SYSTEM_ACTOR, year, False)
    return SeedReport(len(known), n_assessments, 0)


def seed_demo(engine: Engine, cat: Catalog, root: Path = EXAMPLES) -> SeedReport:
    """The sample province: every example year submitted and closed, the year after them open with
    the story of `store.demo.STORY` (some submitted, one late, one returned, drafts, one not started),
    and the demo accounts."""
    files = example_files(root)
    report = seed_files(engine, cat, files)
    current = max(files) + 1
    if years.get_year(engine, SYSTEM_ACTOR, current) is None:
        _seed_current_year(engine, cat, files[max(files)], current)
    users = 0
    existing = {u.username for u in accounts.list_users(engine, SYSTEM_ACTOR)}
    for acc in demo_accounts():
        if acc.username in existing:
            continue
        accounts.create_user(engine, SYSTEM_ACTOR, acc.username, acc.password, acc.role, acc.agency_id,
                             display_name=acc.label_vi)
        users += 1
    return SeedReport(report.agencies, report.assessments, users)


def _seed_current_year(engine: Engine, cat: Catalog, last_files: list[Path], current: int) -> None:
    """The open year: its deadline a few days past, and each agency where `STORY` puts it, its answers
    those of its last submission (a year on, much is as it was)."""
    qn = cat.questionnaire
    now = clock.now()
    deadline = min(max(now.date() - timedelta(days=DEADLINE_PASSED_DAYS), date(current, 1, 1)),
                   date(current + 1, 12, 31))
    years.create_year(engine, SYSTEM_ACTOR, current, deadline=deadline)
    due = datetime(deadline.year, deadline.month, deadline.day, 9, 0, tzinfo=UTC)
    reviewer = Actor(user_id=None, username="seed:department", display_name="seed", role=Role.REVIEWER)
    for i, path in enumerate(last_files):
        af = load_answer_file(qn, path)
        part = STORY.get(af.agency_id)
        if part is None:
            continue
        actor = _agency_actor(af.agency_id)
        when = {"on_time": due - timedelta(days=2, hours=i), "returned": due - timedelta(days=4),
                "late": now - timedelta(days=1)}.get(part, now)
        with _FixedClock(when):
            info = _open(engine, actor, af.agency_id, current, cat)
            if part == "copied":
                assessments.copy_previous_year(engine, actor, info.id)
                continue
            answers = af.answers
            if part == "half_done":  # the profile and the first two domains
                files = {"profile", *qn.domain_ids[:2]}
                answers = {q: a for q, a in answers.items() if qn.question_file.get(q) in files}
            version = assessments.save_answers(engine, actor, info.id, {q: to_stored(a) for q, a in answers.items()},
                                               info.row_version)
            if part == "half_done":
                continue
            info = assessments.submit(engine, actor, info.id, version, qn.version, qn.content_hash)
        if part == "returned":
            with _FixedClock(now - timedelta(days=1)):
                assessments.return_for_correction(engine, reviewer, info.id, RETURN_COMMENT)


__all__ = ["DEMO_PASSWORD", "SeedReport", "example_files", "seed_demo", "seed_files"]
