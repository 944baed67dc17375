"""What the department's dashboard reads: every agency with its assessment for a year."""

from __future__ import annotations

from sqlalchemy import Engine, and_, exists, func, select
from sqlalchemy.orm import Session

from store import year_record
from store.access import Action, Actor, authorize
from store.agencies import as_recorded
from store.assessments import answers_of
from store.models import Agency, Answer, Assessment, YearAgency
from store.records import ProvinceRow, assessment_info


def province_rows(
    engine: Engine, actor: Actor | None, year: int, *, submitted_only: bool = False
) -> list[ProvinceRow]:
    """One row per agency the year covers (every active agency, and every retired one with an
    assessment that year, so a past year's report keeps it; a closed year: the agencies it recorded,
    named as they were then), by name, in three queries whatever the number of agencies.

    With `submitted_only`, answers are given only for submitted assessments: indicators must not
    count drafts, but the status column still shows every agency. A draft with no answer saved yet is
    given as no assessment: the agency has not started."""
    authorize(actor, Action.VIEW_PROVINCE)
    joined = and_(Assessment.agency_id == Agency.id, Assessment.year == year)
    with Session(engine) as session:
        query = year_record.shown(year).add_columns(Assessment).outerjoin(Assessment, joined)
        triples = session.execute(query.order_by(func.coalesce(YearAgency.name, Agency.name), Agency.id)).all()
        of_year = Answer.assessment_id.in_(
            select(Assessment.id).where(
                Assessment.year == year, *([Assessment.status == "submitted"] if submitted_only else [])
            )
        )
        answers = answers_of(session, of_year)
        started = set(answers) if not submitted_only else _drafts_with_answers(session, year)
    return [
        ProvinceRow(
            agency=as_recorded(agency, recorded),
            assessment=assessment_info(assessment) if _begun(assessment, started) else None,
            answers=answers.get(assessment.id, {}) if assessment else {},
        )
        for agency, recorded, assessment in triples
    ]


def _begun(assessment: Assessment | None, started: set[int]) -> bool:
    """A draft counts as begun once it holds a saved answer: opening a page creates the draft row, and
    an agency that only looked has not started (the campaign counted it as drafting)."""
    return assessment is not None and (assessment.status != "draft" or assessment.id in started)


def _drafts_with_answers(session: Session, year: int) -> set[int]:
    has_answer = exists().where(Answer.assessment_id == Assessment.id)
    drafts = select(Assessment.id).where(Assessment.year == year, Assessment.status == "draft", has_answer)
    return set(session.scalars(drafts))
