"""Each write is one transaction: when anything inside it fails (here, the audit row, or the flush of
the answers), nothing of it is kept — no half-submitted assessment, no half of a multi-answer save.
And SQL metacharacters in any text are data, stored and read back verbatim, never SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import accounts, agencies, assessments, audit
from store.models import Answer, AuditEvent
from store.records import StoredAnswer
from tests.conftest import World, present
from tests.store.helpers import QH, QV, draft_with_answer

SQL = [
    "'; DROP TABLE answers; --",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "1 OR 1=1",
    '" OR ""="',
    "\\'; SELECT pg_sleep(5); --",
    "%_ LIKE '%'",
]


class Boom(RuntimeError):
    pass


def counts(w: World) -> tuple[int, int]:
    with Session(w.engine) as session:
        return (present(session.scalar(select(func.count()).select_from(Answer))),
                present(session.scalar(select(func.count()).select_from(AuditEvent))))


def test_a_submit_whose_audit_row_fails_leaves_the_draft_as_it_was(store_world: World, monkeypatch) -> None:
    w = store_world
    draft = draft_with_answer(w)
    before = assessments.get_assessment_by_id(w.engine, w.agency_a, draft.id)
    events = counts(w)

    def fail(*args, **kwargs):
        raise Boom("audit unavailable")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(Boom):
        assessments.submit(w.engine, w.agency_a, draft.id, draft.version, QV, QH)
    after = assessments.get_assessment_by_id(w.engine, w.agency_a, draft.id)
    assert after == before and after.status == "draft" and after.submitted_at is None
    assert counts(w) == events
    monkeypatch.undo()
    done = assessments.submit(w.engine, w.agency_a, draft.id, draft.version, QV, QH)  # the same version still works
    assert done.status == "submitted"


def test_a_save_of_many_answers_that_fails_midway_keeps_none(store_world: World, monkeypatch) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    changes: dict[str, StoredAnswer | None] = {f"q{i}": StoredAnswer(value=i) for i in range(40)}
    real_touch = assessments._touch

    def touch_then_fail(row, actor, now):
        real_touch(row, actor, now)
        raise Boom("the disk is full")

    monkeypatch.setattr(assessments, "_touch", touch_then_fail)
    with pytest.raises(Boom):
        assessments.save_answers(w.engine, w.agency_a, info.id, changes, info.row_version)
    assert assessments.load_answers(w.engine, w.agency_a, info.id) == {}
    assert assessments.get_assessment_by_id(w.engine, w.agency_a, info.id).row_version == info.row_version


@pytest.mark.parametrize("payload", SQL)
def test_sql_metacharacters_are_stored_verbatim(store_world: World, payload: str) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    answers_before = counts(w)[0]
    assessments.save_answers(w.engine, w.agency_a, info.id, {
        "q_text": StoredAnswer(value=payload, evidence_note=payload, na_reason=None)}, info.row_version)
    stored = assessments.load_answers(w.engine, w.reviewer, info.id)["q_text"]
    assert stored.value == payload and stored.evidence_note == payload.strip()
    agencies.update_agency(w.engine, w.admin, w.agency_b_id, name=f"Đài {payload}")
    assert agencies.get_agency(w.engine, w.admin, w.agency_b_id).name == " ".join(f"Đài {payload}".split())
    accounts.update_user(w.engine, w.admin, present(w.agency_b.user_id), display_name=payload)
    # filters take the text as a value: a payload matches nothing, it does not widen the query
    assert audit.list_events(w.engine, w.admin, actor_name=payload) == []
    assert audit.list_events(w.engine, w.admin, action=payload) == []
    assert counts(w)[0] == answers_before + 1  # every table still there, nothing deleted
    assert len(accounts.list_users(w.engine, w.admin)) == 4
