"""The assessment life cycle, optimistic locking, limits and the department's rows."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text, update
from sqlalchemy.orm import Session

from store import agencies, assessments, audit, evidence, province, years
from store.errors import ConflictError, InvalidInput, NotEditable
from store.models import Assessment
from store.records import StoredAnswer
from tests.conftest import FakeClock, World, present
from tests.store.helpers import PDF, QH, QV, draft_with_answer, submitted
from ui.errors import error_text


def test_open_creates_one_draft_and_returns_it_afterwards(store_world: World) -> None:
    w = store_world
    first = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    again = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, "2026.2", "other")
    assert first is not None and again == first
    assert (first.status, first.row_version, first.questionnaire_version) == ("draft", 1, QV)
    assert assessments.get_assessment(w.engine, w.reviewer, w.agency_a_id, w.year) == first


def test_no_draft_in_a_closed_or_unknown_year(store_world: World) -> None:
    w = store_world
    assert assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.closed_year, QV, QH) is None
    assert assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, 2030, QV, QH) is None


def test_answers_round_trip_and_none_deletes(store_world: World) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    v2 = assessments.save_answers(
        w.engine,
        w.agency_a,
        info.id,
        {
            "q_choice": StoredAnswer(value=["web", "app"], evidence_note="  Xem báo cáo  "),
            "q_na": StoredAnswer(value=None, na_reason="Không có kênh phát thanh"),
            "q_link": StoredAnswer(value=12.5, evidence_link="https://baovinhlong.vn/bao-cao"),
        },
        info.row_version,
    )
    assert v2 == info.row_version + 1
    loaded = assessments.load_answers(w.engine, w.reviewer, info.id)
    assert loaded["q_choice"].value == ["web", "app"]
    assert loaded["q_choice"].evidence_note == "Xem báo cáo"
    assert loaded["q_na"].value is None and loaded["q_na"].na_reason == "Không có kênh phát thanh"
    assert loaded["q_link"].value == 12.5 and loaded["q_link"].updated_by == "bvl"
    v3 = assessments.save_answers(w.engine, w.agency_a, info.id, {"q_na": None, "q_absent": None}, v2)
    assert v3 == v2 + 1
    assert set(assessments.load_answers(w.engine, w.agency_a, info.id)) == {"q_choice", "q_link"}
    assert assessments.save_answers(w.engine, w.agency_a, info.id, {}, v3) == v3  # nothing to do, no bump


def test_a_stale_page_gets_a_conflict_naming_who_and_when(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": StoredAnswer(value="yes")}, info.row_version)
    with pytest.raises(ConflictError) as conflict:
        assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": StoredAnswer(value="no")}, info.row_version)
    assert conflict.value.by == "Nguyễn Văn A"
    assert conflict.value.at == fake_clock.current
    vi, en = error_text(conflict.value, "vi"), error_text(conflict.value, "en")
    assert "Nguyễn Văn A" in vi and "15:00 ngày 01/06/2026" in vi  # 08:00 UTC
    assert "2026-06-01 08:00 UTC" in en
    assert assessments.load_answers(w.engine, w.agency_a, info.id)["q1"].value == "yes"


def test_a_save_naming_an_answer_other_than_the_stored_one_is_refused_and_changes_nothing(
    store_world: World, fake_clock: FakeClock
) -> None:
    """A save names the answer it replaces: a page that believes a question empty (a widget's starting
    state) cannot write over the stored answer, even on the current row version."""
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    v2 = assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": StoredAnswer(value="yes")}, info.row_version)
    for seen in (None, StoredAnswer(value="no"), StoredAnswer(value="yes", evidence_note="khác")):
        with pytest.raises(ConflictError) as refused:
            assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": StoredAnswer(evidence_note="Ghi chú")},
                                     v2, replaces={"q1": seen})
        assert refused.value.code == "answer_changed" and "Nguyễn Văn A" in error_text(refused.value, "vi")
    stored = assessments.load_answers(w.engine, w.agency_a, info.id)
    assert (stored["q1"].value, stored["q1"].evidence_note) == ("yes", None)
    assert present(assessments.get_assessment(w.engine, w.agency_a, w.agency_a_id, w.year)).row_version == v2
    with pytest.raises(ConflictError):  # an answer believed stored that is not there
        assessments.save_answers(w.engine, w.agency_a, info.id, {"q2": None}, v2, replaces={"q2": StoredAnswer(1)})
    # naming the stored answer (as the page showed it, spaces and all) saves
    v3 = assessments.save_answers(w.engine, w.agency_a, info.id,
                                  {"q1": StoredAnswer(value="yes", evidence_note="Ghi chú"), "q2": StoredAnswer(1)},
                                  v2, replaces={"q1": StoredAnswer(value="yes", evidence_note="  "), "q2": None})
    assert v3 == v2 + 1
    assert assessments.load_answers(w.engine, w.agency_a, info.id)["q1"].evidence_note == "Ghi chú"


def test_a_save_racing_another_between_check_and_write_is_a_conflict(store_world: World) -> None:
    """The version check in Python passes, then someone else commits before our UPDATE: the
    database-level check (version_id_col) must still refuse."""
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    fired: list[bool] = []

    def someone_else_saves(session, flush_context, instances) -> None:
        if not fired:
            fired.append(True)
            with w.engine.begin() as other:
                other.execute(
                    update(Assessment).where(Assessment.id == info.id).values(row_version=Assessment.row_version + 1)
                )

    event.listen(Session, "before_flush", someone_else_saves)
    try:
        with pytest.raises(ConflictError):
            assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": StoredAnswer(value="x")}, info.row_version)
    finally:
        event.remove(Session, "before_flush", someone_else_saves)
    assert fired and assessments.load_answers(w.engine, w.agency_a, info.id) == {}


def test_submit_return_resubmit_with_audit_trail(store_world: World) -> None:
    w = store_world
    draft = draft_with_answer(w)
    done = assessments.submit(w.engine, w.agency_a, draft.id, draft.version, "2026.3", "sha256:frozen")
    assert (done.status, done.submitted_by, done.questionnaire_version, done.questionnaire_hash) == (
        "submitted",
        "bvl",
        "2026.3",
        "sha256:frozen",
    )
    with pytest.raises(NotEditable) as refused:
        assessments.save_answers(w.engine, w.agency_a, draft.id, {"q2": StoredAnswer(value=1)}, done.row_version)
    assert refused.value.code == "submitted"
    with pytest.raises(InvalidInput):
        assessments.return_for_correction(w.engine, w.reviewer, draft.id, "   ")
    back = assessments.return_for_correction(w.engine, w.reviewer, draft.id, "Thiếu minh chứng câu 1")
    assert (back.status, back.returned_by, back.returned_comment) == ("returned", "sotttt", "Thiếu minh chứng câu 1")
    with pytest.raises(NotEditable):
        assessments.return_for_correction(w.engine, w.reviewer, draft.id, "lần nữa")
    v = assessments.save_answers(w.engine, w.agency_a, draft.id, {"q2": StoredAnswer(value=1)}, back.row_version)
    again = assessments.submit(w.engine, w.agency_a, draft.id, v, QV, QH)
    assert again.status == "submitted"
    trail = [
        (e.action, e.actor_name)
        for e in reversed(audit.list_events(w.engine, w.admin, agency_id=w.agency_a_id))
        if e.action.startswith("assessment.")
    ]
    assert trail == [
        ("assessment.create", "bvl"),
        ("assessment.submit", "bvl"),
        ("assessment.return", "sotttt"),
        ("assessment.resubmit", "bvl"),
    ]
    returned = audit.list_events(w.engine, w.admin, action="assessment.return")[0]
    assert present(returned.detail)["comment"] == "Thiếu minh chứng câu 1"


def test_submit_needs_the_current_row_version(store_world: World) -> None:
    w = store_world
    draft = draft_with_answer(w)
    with pytest.raises(ConflictError):
        assessments.submit(w.engine, w.agency_a, draft.id, draft.version - 1, QV, QH)


def test_admin_reopens_to_draft(store_world: World) -> None:
    w = store_world
    done = submitted(w)
    info = assessments.reopen(w.engine, w.admin, done.id, "nộp nhầm")
    assert info.status == "draft" and info.editable
    assert (audit.list_events(w.engine, w.admin, action="assessment.reopen")[0].detail or {})["from"] == "submitted"


def test_a_closed_year_refuses_every_change(store_world: World) -> None:
    w = store_world
    draft = draft_with_answer(w)
    years.set_year_open(w.engine, w.admin, w.year, False)
    assert not years.is_open(w.engine, w.year)
    attempts = [
        lambda: assessments.save_answers(w.engine, w.agency_a, draft.id, {"q": StoredAnswer(value=1)}, draft.version),
        lambda: assessments.submit(w.engine, w.agency_a, draft.id, draft.version, QV, QH),
        lambda: assessments.copy_previous_year(w.engine, w.agency_a, draft.id),
        lambda: evidence.attach_file(w.engine, w.agency_a, draft.id, "q", "a.pdf", None, PDF),
        lambda: evidence.delete_file(w.engine, w.agency_a, draft.file_id),
    ]
    for attempt in attempts:
        with pytest.raises(NotEditable) as refused:
            attempt()
        assert refused.value.code == "year_closed"
        assert "đã đóng" in error_text(refused.value, "vi")
    years.set_year_open(w.engine, w.admin, w.year, True)
    assessments.save_answers(w.engine, w.agency_a, draft.id, {"q": StoredAnswer(value=1)}, draft.version)


def _last_year(w: World) -> int:
    """Agency A's 2025 assessment: q1 with proof, q2 N/A, q3 and q4 figures of that year."""
    years.set_year_open(w.engine, w.admin, w.closed_year, True)
    old = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.closed_year, QV, QH)
    assert old is not None
    assessments.save_answers(
        w.engine,
        w.agency_a,
        old.id,
        {
            "q1": StoredAnswer(value="yes", evidence_note="biên bản 2025", evidence_link="https://x.vn/2025"),
            "q2": StoredAnswer(value=None, na_reason="không áp dụng"),
            "q3": StoredAnswer(value=120),
            "q4": StoredAnswer(value=7),
        },
        old.row_version,
    )
    evidence.attach_file(w.engine, w.agency_a, old.id, "q1", "a.pdf", None, PDF)
    return old.id


def test_copy_previous_year_fills_only_the_empty_questions_without_proof(store_world: World) -> None:
    w = store_world
    _last_year(w)
    new = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert new is not None
    v = assessments.save_answers(w.engine, w.agency_a, new.id, {"q1": StoredAnswer(value="no")}, new.row_version)
    # one page's questions first: only its empty ones
    assert assessments.copy_previous_year(w.engine, w.agency_a, new.id, only=["q1", "q2"]) == 1
    copied = assessments.load_answers(w.engine, w.agency_a, new.id)
    assert copied["q1"].value == "no"  # answered this year: never replaced
    assert copied["q2"].na_reason == "không áp dụng" and set(copied) == {"q1", "q2"}
    assert assessments.get_assessment_by_id(w.engine, w.agency_a, new.id).row_version == v + 1
    # then every page: the rest
    assert assessments.copy_previous_year(w.engine, w.agency_a, new.id) == 2
    copied = assessments.load_answers(w.engine, w.agency_a, new.id)
    assert (copied["q3"].value, copied["q4"].value) == (120, 7)
    assert all(a.evidence_note is None and a.evidence_link is None and not a.has_file for a in copied.values())
    assert not any(a.unconfirmed for a in copied.values())
    assert assessments.copy_previous_year(w.engine, w.agency_a, new.id) == 0  # nothing left empty


def test_a_copied_figure_of_the_year_counts_nowhere_until_confirmed(store_world: World) -> None:
    """Copied unconfirmed, a figure is kept and shown but left out of the answers that count (progress,
    score, indicators, the submission check), until the agency saves it as its own."""
    from store.conversion import to_answers

    w = store_world
    _last_year(w)
    new = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert new is not None
    assert assessments.copy_previous_year(w.engine, w.agency_a, new.id, to_confirm={"q3"}) == 4
    rows = assessments.load_answers(w.engine, w.agency_a, new.id)
    assert rows["q3"].unconfirmed and rows["q3"].value == 120
    assert not rows["q4"].unconfirmed
    assert set(to_answers(rows)) == {"q1", "q2", "q4"}
    info = assessments.get_assessment_by_id(w.engine, w.agency_a, new.id)
    assessments.save_answers(w.engine, w.agency_a, new.id, {"q3": StoredAnswer(value=120)}, info.row_version,
                             replaces={"q3": rows["q3"]})  # confirmed as it stands
    rows = assessments.load_answers(w.engine, w.agency_a, new.id)
    assert not rows["q3"].unconfirmed and set(to_answers(rows)) == {"q1", "q2", "q3", "q4"}
    detail = present(audit.list_events(w.engine, w.admin, action="assessment.copy_previous")[0].detail)
    assert (detail["answers"], detail["unconfirmed"]) == (4, 1)


def test_copy_with_no_earlier_answers_copies_nothing(store_world: World) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    assert assessments.copy_previous_year(w.engine, w.agency_a, info.id) == 0


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (StoredAnswer(value="x" * 5001), "value_too_long"),
        (StoredAnswer(value=["x" * 2600, "y" * 2600]), "value_too_long"),
        (StoredAnswer(value=float("nan")), "bad_value"),
        (StoredAnswer(value={1, 2}), "bad_value"),
        (StoredAnswer(value=1, evidence_note="n" * 2001), "evidence_note_too_long"),
        (StoredAnswer(value=1, na_reason="n" * 2001), "na_reason_too_long"),
        (StoredAnswer(value=1, evidence_link="javascript:alert(1)"), "bad_link"),
        (StoredAnswer(value=1, evidence_link="ftp://x.vn/a"), "bad_link"),
        (StoredAnswer(value=1, evidence_link="https://"), "bad_link"),
        (StoredAnswer(value=1, evidence_link="https://x.vn/a b"), "bad_link"),
        (StoredAnswer(value=1, evidence_link="https://x.vn/" + "a" * 490), "bad_link"),
    ],
)
def test_oversized_or_unsafe_values_are_refused(store_world: World, answer: StoredAnswer, code: str) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    with pytest.raises(InvalidInput) as refused:
        assessments.save_answers(w.engine, w.agency_a, info.id, {"q1": answer}, info.row_version)
    assert refused.value.code == code


def test_limits_themselves_are_accepted(store_world: World) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    text_value = "ệ" * 4998  # 4,998 characters plus two quotes in JSON
    link = "https://x.vn/" + "a" * 487
    assessments.save_answers(
        w.engine,
        w.agency_a,
        info.id,
        {"q1": StoredAnswer(value=text_value, evidence_note="n" * 2000, evidence_link=link)},
        info.row_version,
    )
    assert assessments.load_answers(w.engine, w.agency_a, info.id)["q1"].value == text_value


@pytest.mark.parametrize("qid", ["", "Q1", "q-1", "q" * 65, "q 1"])
def test_bad_question_ids_are_refused(store_world: World, qid: str) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    with pytest.raises(InvalidInput):
        assessments.save_answers(w.engine, w.agency_a, info.id, {qid: StoredAnswer(value=1)}, info.row_version)


def test_province_rows_list_every_agency_in_three_queries(store_world: World) -> None:
    w = store_world
    for n in range(6):
        agencies.create_agency(w.engine, w.admin, f"tap-chi-{n}", f"Tạp chí {n}", "magazine")
    draft = draft_with_answer(w)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(w.engine, "before_cursor_execute", count)
    try:
        rows = province.province_rows(w.engine, w.reviewer, w.year)
    finally:
        event.remove(w.engine, "before_cursor_execute", count)
    assert len(statements) <= 3, statements  # agencies, evidence file names, answers
    assert len(rows) == 8
    by_id = {r.agency.id: r for r in rows}
    mine = by_id[w.agency_a_id]
    assert mine.assessment is not None and mine.assessment.id == draft.id
    assert mine.answers["cp_online_outlet"].value == "yes" and mine.answers["cp_online_outlet"].has_file
    assert by_id[w.agency_b_id].assessment is None and by_id[w.agency_b_id].answers == {}
    assert province.province_rows(w.engine, w.admin, w.year, submitted_only=True)[0].answers == {}


def test_province_rows_keep_a_disabled_agency_that_took_part(store_world: World) -> None:
    w = store_world
    submitted(w)
    agencies.set_agency_active(w.engine, w.admin, w.agency_a_id, False)
    agencies.set_agency_active(w.engine, w.admin, w.agency_b_id, False)
    rows = province.province_rows(w.engine, w.reviewer, w.year, submitted_only=True)
    assert [r.agency.id for r in rows] == [w.agency_a_id]
    assert rows[0].answers["cp_online_outlet"].value == "yes"


def test_json_values_survive_the_backend(store_world: World) -> None:
    """Values come back as the same JSON: numbers stay numbers, text stays Unicode."""
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    values = {"a": 0, "b": 1.25, "c": True, "d": "Đài PT-TH", "e": ["x", "y"], "f": {"urban": 60, "rural": 40}}
    assessments.save_answers(
        w.engine, w.agency_a, info.id, {k: StoredAnswer(value=v) for k, v in values.items()}, info.row_version
    )
    loaded = assessments.load_answers(w.engine, w.agency_a, info.id)
    assert {k: a.value for k, a in loaded.items()} == values
    with w.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answers")).scalar() == len(values)


@pytest.mark.parametrize(("sent", "late"), [
    (None, 0),
    ("2025-11-20T02:00:00+00:00", 0),
    ("2025-11-25T16:59:00+00:00", 0),  # 23:59 on the 25th in Việt Nam: on time
    ("2025-11-25T17:00:00+00:00", 1),  # 0:00 on the 26th there
    ("2025-11-28T03:00:00+00:00", 3),
])
def test_days_late_are_counted_in_vietnams_dates(sent, late) -> None:
    from datetime import date, datetime

    assert years.days_late(date(2025, 11, 25), datetime.fromisoformat(sent) if sent else None) == late
