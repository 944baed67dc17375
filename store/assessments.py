"""One agency's assessment for one year: its answers and its life cycle
draft → submitted → returned → submitted (and, by an admin, back to draft).

Each function is one transaction that checks the role first. Writes carry the row version the
page loaded; a save from a stale page is refused with who saved last and when, instead of silently
overwriting a colleague's answers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from scoring.completeness import gaps
from scoring.loader import Questionnaire
from store import clock
from store.access import Action, Actor, agency_scope, authorize, can
from store.conversion import to_answers
from store.db import transaction
from store.errors import ConflictError, InvalidInput, NotEditable, NotFound
from store.limits import clean_answer
from store.models import Agency, Answer, Assessment, EvidenceFile, User, Year
from store.records import AssessmentInfo, StoredAnswer, assessment_info
from store.work import Work, authorized

__all__ = [
    "AssessmentInfo",
    "StoredAnswer",
    "copy_previous_year",
    "get_assessment",
    "get_assessment_by_id",
    "list_assessments",
    "load_answers",
    "open_assessment",
    "reopen",
    "return_for_correction",
    "save_answers",
    "submit",
]

MAX_COMMENT_CHARS = 2000


def open_assessment(
    engine: Engine,
    actor: Actor | None,
    agency_id: str,
    year: int,
    questionnaire_version: str,
    questionnaire_hash: str,
) -> AssessmentInfo | None:
    """The agency's assessment for the year, created as an empty draft on first use.

    Returns None where nothing exists and the actor may not start one: a reviewer or admin
    looking at an agency that has not begun, a closed or unknown year, an inactive agency."""
    authorize(actor, Action.VIEW_ASSESSMENT, agency_id)
    existing = get_assessment(engine, actor, agency_id, year)
    if existing is not None or not can(actor, Action.EDIT_ASSESSMENT, agency_id):
        return existing
    version, digest = _valid_questionnaire(questionnaire_version, questionnaire_hash)
    now = clock.now()
    try:
        with authorized(engine, actor, Action.EDIT_ASSESSMENT, agency_id) as work:
            session = work.session
            if not session.scalar(select(Year.is_open).where(Year.year == year)):
                return None
            if not session.scalar(select(Agency.active).where(Agency.id == agency_id)):
                return None
            row = Assessment(
                agency_id=agency_id,
                year=year,
                status="draft",
                questionnaire_version=version,
                questionnaire_hash=digest,
                created_at=now,
                updated_at=now,
                updated_by=work.actor.username,
            )
            session.add(row)
            session.flush()
            work.record(
                "assessment.create",
                agency_id=agency_id,
                target=f"assessment:{row.id}",
                detail={"year": year},
            )
    except IntegrityError:  # another tab created it a moment ago
        return get_assessment(engine, actor, agency_id, year)
    return assessment_info(row)


def get_assessment(engine: Engine, actor: Actor | None, agency_id: str, year: int) -> AssessmentInfo | None:
    authorize(actor, Action.VIEW_ASSESSMENT, agency_id)
    with Session(engine) as session:
        row = session.scalar(select(Assessment).where(Assessment.agency_id == agency_id, Assessment.year == year))
        return assessment_info(row) if row else None


def get_assessment_by_id(engine: Engine, actor: Actor | None, assessment_id: int) -> AssessmentInfo:
    with Session(engine) as session:
        row = _load(session, assessment_id)
        authorize(actor, Action.VIEW_ASSESSMENT, row.agency_id)
        return assessment_info(row)


def list_assessments(engine: Engine, actor: Actor | None, year: int | None = None) -> list[AssessmentInfo]:
    """Newest year first; an agency account sees only its own agency's."""
    only = agency_scope(actor, Action.VIEW_ASSESSMENT)
    query = select(Assessment).order_by(Assessment.year.desc(), Assessment.agency_id)
    if only is not None:
        query = query.where(Assessment.agency_id == only)
    if year is not None:
        query = query.where(Assessment.year == year)
    with Session(engine) as session:
        return [assessment_info(a) for a in session.scalars(query)]


def load_answers(engine: Engine, actor: Actor | None, assessment_id: int) -> dict[str, StoredAnswer]:
    with Session(engine) as session:
        authorize(actor, Action.VIEW_ASSESSMENT, _load(session, assessment_id).agency_id)
        return answers_of(session, Answer.assessment_id == assessment_id).get(assessment_id, {})


def save_answers(
    engine: Engine,
    actor: Actor | None,
    assessment_id: int,
    changes: Mapping[str, StoredAnswer | None],
    expected_row_version: int,
    *,
    replaces: Mapping[str, StoredAnswer | None] | None = None,
) -> int:
    """Write the changed answers (None deletes one) and return the new row version.

    `replaces` names, for each answer it lists, the answer the caller saw and means to replace (None:
    none stored): a save is refused unless that is what is stored, so a value that only a widget's
    starting state held can never be written over an answer the caller did not show.

    Raises ConflictError when the assessment changed since `expected_row_version` or an answer is not
    the one `replaces` names, NotEditable when it is submitted or its year is closed, InvalidInput for
    an oversized value."""
    cleaned = {qid: clean_answer(qid, a) if a is not None else None for qid, a in changes.items()}
    expected = {qid: clean_answer(qid, a) if a is not None else None for qid, a in (replaces or {}).items()}
    now = clock.now()
    with _changing(engine, actor, assessment_id, Action.EDIT_ASSESSMENT) as (work, row):
        session, actor = work.session, work.actor
        _check_editable(session, row)
        _check_version(session, row, expected_row_version)
        if not cleaned:
            return row.row_version
        stored = {
            a.question_id: a
            for a in session.scalars(
                select(Answer).where(Answer.assessment_id == assessment_id,
                                     Answer.question_id.in_(cleaned.keys() | expected.keys()))
            )
        }
        for qid, seen in expected.items():
            if not _same_answer(stored.get(qid), seen):
                raise _answer_changed(session, row, stored.get(qid))
        for qid, answer in cleaned.items():
            current = stored.get(qid)
            if answer is None:
                if current is not None:
                    session.delete(current)
                continue
            if current is None:
                current = Answer(assessment_id=assessment_id, question_id=qid)
                session.add(current)
            current.value = answer.value
            current.na_reason = answer.na_reason
            current.evidence_note = answer.evidence_note
            current.evidence_link = answer.evidence_link
            current.unconfirmed = False  # saved by the agency: its own answer now
            current.updated_at, current.updated_by = now, actor.username
        _touch(row, actor, now)
        session.flush()
        return row.row_version


def submit(
    engine: Engine,
    actor: Actor | None,
    assessment_id: int,
    expected_row_version: int,
    questionnaire_version: str,
    questionnaire_hash: str,
    questionnaire: Questionnaire | None = None,
) -> AssessmentInfo:
    """Submit to the department. Freezes the questionnaire version and hash the answers were given
    against, so later edits of the questionnaire never change this result. Given the questionnaire,
    it also refuses a submission with a required question unanswered, checked inside the same
    transaction as the submission so no concurrent edit can slip between the check and the write."""
    version, digest = _valid_questionnaire(questionnaire_version, questionnaire_hash)
    now = clock.now()
    with _changing(engine, actor, assessment_id, Action.SUBMIT) as (work, row):
        session, actor = work.session, work.actor
        _check_editable(session, row)
        _check_version(session, row, expected_row_version)
        if questionnaire is not None:
            _check_complete(session, questionnaire, assessment_id)
        previous = row.status
        row.status, row.submitted_at, row.submitted_by = "submitted", now, actor.username
        row.questionnaire_version, row.questionnaire_hash = version, digest
        _touch(row, actor, now)
        session.flush()
        answered = session.scalar(select(func.count()).where(Answer.assessment_id == assessment_id))
        work.record(
            "assessment.submit" if previous == "draft" else "assessment.resubmit",
            agency_id=row.agency_id,
            target=f"assessment:{row.id}",
            detail={
                "year": row.year,
                "questionnaire_version": version,
                "questionnaire_hash": digest,
                "answers": answered,
                "row_version": row.row_version,
            },
        )
    return assessment_info(row)


def return_for_correction(
    engine: Engine,
    actor: Actor | None,
    assessment_id: int,
    comment: str,
    expected_row_version: int | None = None,
) -> AssessmentInfo:
    """The department sends a submission back with a comment; the agency may edit and resubmit."""
    comment = (comment or "").strip()
    if not comment or len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput("bad_comment", most=MAX_COMMENT_CHARS)
    now = clock.now()
    with _changing(engine, actor, assessment_id, Action.RETURN_SUBMISSION) as (work, row):
        session, actor = work.session, work.actor
        if row.status != "submitted":
            raise NotEditable("not_submitted")
        _check_year_open(session, row)
        if expected_row_version is not None:
            _check_version(session, row, expected_row_version)
        row.status, row.returned_comment, row.returned_at, row.returned_by = (
            "returned",
            comment,
            now,
            actor.username,
        )
        _touch(row, actor, now)
        session.flush()
        work.record(
            "assessment.return",
            agency_id=row.agency_id,
            target=f"assessment:{row.id}",
            detail={"year": row.year, "comment": comment},
        )
    return assessment_info(row)


def reopen(engine: Engine, actor: Actor | None, assessment_id: int, reason: str = "") -> AssessmentInfo:
    """Admin only: put a submitted or returned assessment back to draft (e.g. submitted by mistake
    after the department's deadline, when returning it is not the right record)."""
    now = clock.now()
    with _changing(engine, actor, assessment_id, Action.REOPEN_ASSESSMENT) as (work, row):
        session, actor = work.session, work.actor
        _check_year_open(session, row)  # a closed year is frozen: reopen the year first
        if row.status == "draft":
            return assessment_info(row)
        previous, row.status = row.status, "draft"
        _touch(row, actor, now)
        session.flush()
        work.record(
            "assessment.reopen",
            agency_id=row.agency_id,
            target=f"assessment:{row.id}",
            detail={"year": row.year, "from": previous, "reason": reason.strip()[:MAX_COMMENT_CHARS]},
        )
    return assessment_info(row)


def copy_previous_year(
    engine: Engine,
    actor: Actor | None,
    assessment_id: int,
    *,
    only: Collection[str] | None = None,
    to_confirm: Collection[str] = (),
) -> int:
    """Fill the draft's empty questions (of `only`, when given: one page's) with the answers of the
    agency's latest earlier assessment; returns how many were copied (0 when there is none or nothing
    is empty). An answer already given is never replaced. The questions of `to_confirm` (figures of
    the assessment year itself) are copied unconfirmed: shown, but counted nowhere until the agency
    confirms them. Evidence notes, links and files are not copied: last year's proof does not prove
    this year's answer."""
    now = clock.now()
    with _changing(engine, actor, assessment_id, Action.EDIT_ASSESSMENT) as (work, row):
        session, actor = work.session, work.actor
        _check_editable(session, row)
        source = session.execute(
            select(Assessment.id, Assessment.year)
            .where(
                Assessment.agency_id == row.agency_id,
                Assessment.year < row.year,
                exists().where(Answer.assessment_id == Assessment.id),
            )
            .order_by(Assessment.year.desc())
            .limit(1)
        ).first()
        if source is None:
            return 0
        answered = set(session.scalars(select(Answer.question_id).where(Answer.assessment_id == assessment_id)))
        wanted = None if only is None else set(only)
        confirm = set(to_confirm)
        previous = [
            a for a in session.scalars(select(Answer).where(Answer.assessment_id == source.id))
            if a.question_id not in answered and (wanted is None or a.question_id in wanted)
        ]
        if not previous:
            return 0
        session.add_all(
            Answer(
                assessment_id=assessment_id,
                question_id=a.question_id,
                value=a.value,
                na_reason=a.na_reason,
                unconfirmed=a.question_id in confirm,
                updated_at=now,
                updated_by=actor.username,
            )
            for a in previous
        )
        _touch(row, actor, now)
        session.flush()
        work.record(
            "assessment.copy_previous",
            agency_id=row.agency_id,
            target=f"assessment:{row.id}",
            detail={"from_year": source.year, "answers": len(previous),
                    "unconfirmed": sum(a.question_id in confirm for a in previous)},
        )
        return len(previous)


@contextmanager
def _changing(
    engine: Engine, actor: Actor | None, assessment_id: int, action: Action
) -> Iterator[tuple[Work[Actor], Assessment]]:
    """One audited transaction on the assessment: loaded, `action` authorized on its agency. A save
    that raced this one since the load (the row version moved: StaleDataError) is a ConflictError
    naming who saved."""
    try:
        with transaction(engine) as session:
            row = _load(session, assessment_id)
            yield Work(session, authorize(actor, action, row.agency_id)), row
    except StaleDataError:
        raise _conflict_now(engine, assessment_id) from None


# --- shared with store.evidence and store.province -------------------------------------------------


def answers_of(session: Session, condition: ColumnElement[bool]) -> dict[int, dict[str, StoredAnswer]]:
    """Answers matching `condition`, grouped by assessment id, each with the names of its evidence
    files, in two queries whatever the number of assessments (reports name the files; a flag said only
    that there was one). Read as plain columns, not ORM objects: a year of a large province is some
    90,000 answers, and building and tracking an ORM object for each took most of the department's
    first page load."""
    session.flush()  # what `session.execute` would do first; the rows then come straight from the connection
    connection = session.connection()
    files = (
        select(EvidenceFile.assessment_id, EvidenceFile.question_id, EvidenceFile.filename)
        .where(EvidenceFile.assessment_id.in_(select(Answer.assessment_id).where(condition)))
        .order_by(EvidenceFile.id)
    )
    names: dict[tuple[int, str], tuple[str, ...]] = {}
    for aid, qid, filename in connection.execute(files):
        names[aid, qid] = (*names.get((aid, qid), ()), filename)
    query = (
        select(Answer.assessment_id, Answer.question_id, Answer.value, Answer.na_reason, Answer.evidence_note,
               Answer.evidence_link, Answer.updated_at, Answer.updated_by, Answer.unconfirmed)
        .where(condition)
        .order_by(Answer.question_id)
    )
    grouped: dict[int, dict[str, StoredAnswer]] = {}
    for aid, qid, value, na_reason, note, link, updated_at, updated_by, unconfirmed in connection.execute(query):
        answers = grouped.get(aid)
        if answers is None:
            answers = grouped[aid] = {}
        answers[qid] = StoredAnswer(value, na_reason, note, link, updated_at, updated_by, names.get((aid, qid), ()),
                                    bool(unconfirmed))
    return grouped


def load_for_edit(session: Session, actor: Actor | None, assessment_id: int) -> tuple[Assessment, Work[Actor]]:
    """The assessment, once the actor may edit it and it is editable, and the work of the session's
    transaction for the authorized actor (its audit events go in that transaction)."""
    row = _load(session, assessment_id)
    work = Work(session, authorize(actor, Action.EDIT_ASSESSMENT, row.agency_id))
    _check_editable(session, row)
    return row, work


def _load(session: Session, assessment_id: int) -> Assessment:
    row = session.get(Assessment, assessment_id)
    if row is None:
        raise NotFound("assessment_not_found")
    return row


def _check_editable(session: Session, row: Assessment) -> None:
    if row.status == "submitted":
        raise NotEditable("submitted")
    _check_year_open(session, row)


def _check_year_open(session: Session, row: Assessment) -> None:
    if not session.scalar(select(Year.is_open).where(Year.year == row.year)):
        raise NotEditable("year_closed", year=row.year)


def _check_complete(session: Session, questionnaire: Questionnaire, assessment_id: int) -> None:
    answers = to_answers(answers_of(session, Answer.assessment_id == assessment_id).get(assessment_id, {}))
    missing = [g for g in gaps(questionnaire, answers) if g.kind == "unanswered"]
    if missing:
        raise NotEditable("incomplete", missing=len(missing))


def _check_version(session: Session, row: Assessment, expected: int) -> None:
    if row.row_version != expected:
        raise _conflict(session, row)


def _same_answer(row: Answer | None, seen: StoredAnswer | None) -> bool:
    """Whether the stored row is the answer the caller saw (its files are not part of it)."""
    if row is None or seen is None:
        return row is None and seen is None
    return (row.value, row.na_reason, row.evidence_note, row.evidence_link) == (
        seen.value, seen.na_reason, seen.evidence_note, seen.evidence_link)


def _answer_changed(session: Session, row: Assessment, answer: Answer | None) -> ConflictError:
    """The answer is not the one the page showed: said like a stale page, naming who saved it last."""
    who, at = (row.updated_by, row.updated_at) if answer is None else (answer.updated_by, answer.updated_at)
    return _conflict_by(session, who, at, code="answer_changed")


def _conflict_now(engine: Engine, assessment_id: int) -> ConflictError:
    with Session(engine) as session:
        return _conflict(session, _load(session, assessment_id))


def _conflict(session: Session, row: Assessment) -> ConflictError:
    return _conflict_by(session, row.updated_by, row.updated_at, code="conflict")


def _conflict_by(session: Session, who: str | None, at: datetime | None, *, code: str) -> ConflictError:
    if who:
        who = session.scalar(select(User.display_name).where(User.username == who)) or who
    return ConflictError(code, by=who or None, at=at)


def _touch(row: Assessment, actor: Actor, now: datetime) -> None:
    """Mark the row changed. The flush writes it with `WHERE row_version = <the one read>`, so a
    save that raced ours since the read makes it fail with StaleDataError."""
    row.updated_at, row.updated_by = now, actor.username
    row.row_version += 1


def _valid_questionnaire(version: str, digest: str) -> tuple[str, str]:
    if not (version and len(version) <= 64 and digest and len(digest) <= 128):
        raise InvalidInput("bad_questionnaire_version")
    return version, digest
