"""What the department's dashboard reads: every agency with its assessment for a year."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Engine, and_, exists, or_, select
from sqlalchemy.orm import Session

from store.access import Action, Actor, authorize
from store.agencies import agency_info
from store.models import Agency, Answer, Assessment, EvidenceFile
from store.records import ProvinceRow, StoredAnswer, assessment_info


def province_rows(
    engine: Engine, actor: Actor | None, year: int, *, submitted_only: bool = False
) -> list[ProvinceRow]:
    """One row per active agency (and per inactive one that has an assessment that year, so a
    past year's report keeps it), by name, in two queries whatever the number of agencies.

    With `submitted_only`, answers are given only for submitted assessments: indicators must not
    count drafts, but the status column still shows every agency."""
    authorize(actor, Action.VIEW_PROVINCE)
    joined = and_(Assessment.agency_id == Agency.id, Assessment.year == year)
    with Session(engine) as session:
        pairs = session.execute(
            select(Agency, Assessment)
            .outerjoin(Assessment, joined)
            .where(or_(Agency.active, Assessment.id.is_not(None)))
            .order_by(Agency.name, Agency.id)
        ).all()
        of_year = Answer.assessment_id.in_(
            select(Assessment.id).where(
                Assessment.year == year, *([Assessment.status == "submitted"] if submitted_only else [])
            )
        )
        answers = _answers(session, of_year)
    return [
        ProvinceRow(
            agency=agency_info(agency),
            assessment=assessment_info(assessment) if assessment else None,
            answers=answers.get(assessment.id, {}) if assessment else {},
        )
        for agency, assessment in pairs
    ]


def _answers(session: Session, condition: ColumnElement[bool]) -> dict[int, dict[str, StoredAnswer]]:
    """`store.assessments.answers_of` for a whole province: the same values, read as plain columns rather
    than ORM objects (a year of a large province is some 90,000 answers; building and tracking an ORM
    object for each took most of the department's first page load)."""
    has_file = exists().where(
        EvidenceFile.assessment_id == Answer.assessment_id, EvidenceFile.question_id == Answer.question_id
    )
    query = (
        select(Answer.assessment_id, Answer.question_id, Answer.value, Answer.na_reason, Answer.evidence_note,
               Answer.evidence_link, has_file.label("has_file"), Answer.updated_at, Answer.updated_by)
        .where(condition)
        .order_by(Answer.question_id)
    )
    grouped: dict[int, dict[str, StoredAnswer]] = {}
    rows = session.connection().execute(query)  # plain rows: no ORM loading on top of the types' own decoding
    for aid, qid, value, na_reason, note, link, with_file, updated_at, updated_by in rows:
        answers = grouped.get(aid)
        if answers is None:
            answers = grouped[aid] = {}
        answers[qid] = StoredAnswer(value, na_reason, note, link, bool(with_file), updated_at, updated_by)
    return grouped
