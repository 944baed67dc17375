"""Starting from last year's answers: offered for as long as a question last year answered is still
empty (per page, or every page from the overview), never replacing an answer; the figures of the
assessment year come "copied — confirm" and count nowhere until confirmed; evidence is not copied,
last year's note is shown as a hint."""

from __future__ import annotations

from scoring.completeness import progress
from store import assessments, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.conversion import to_answers
from store.records import StoredAnswer

LEADER = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")


def _open_page(at, url_path: str) -> None:
    """The questionnaire pages share one file: pick the page by the URL path it is registered under."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    at.run()


def _last_year(world, qn) -> None:
    years.set_year_open(world, SYSTEM_ACTOR, 2024, True)
    info = assessments.open_assessment(world, LEADER, "bao-a", 2024, qn.version, qn.content_hash)
    assert info is not None
    assessments.save_answers(world, LEADER, info.id, {
        "agency_type": StoredAnswer("newspaper"),
        "staff_total": StoredAnswer(40),
        "staff_trained": StoredAnswer(30),
        "sec_inventory": StoredAnswer("yes", evidence_note="Danh mục hệ thống 2024"),
    }, info.row_version)
    years.set_year_open(world, SYSTEM_ACTOR, 2024, False)


def _stored(world) -> dict[str, StoredAnswer]:
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    return assessments.load_answers(world, SYSTEM_ACTOR, info.id)


def _done(at) -> str:
    return at.get("progress")[0].proto.text


def test_a_page_fills_its_empty_questions_after_the_first_answer_and_a_figure_waits_for_confirmation(
        app, world, catalog):
    qn = catalog.questionnaire
    _last_year(world, qn)
    at = app("lanh-dao-a")
    _open_page(at, "profile")
    at.radio(key="q_agency_type").set_value("magazine").run()  # a first answer of this year
    at.run()
    assert any(b.key == "copy_page" for b in at.button)  # still offered
    before = _done(at)
    at.button(key="copy_page").click().run()
    assert not at.exception
    rows = _stored(world)
    assert rows["agency_type"].value == "magazine"  # this year's answer is kept
    assert rows["staff_total"].value == 40 and not rows["staff_total"].unconfirmed
    assert rows["staff_trained"].value == 30 and rows["staff_trained"].unconfirmed
    assert "sec_inventory" not in rows  # another page's question: this page only
    assert at.text_input(key="q_staff_trained").value == "30"  # shown …
    assert any("cần xác nhận" in w.value for w in at.warning)
    assert any("Đã chép 2 câu trả lời năm 2024; 1 số liệu cần được xác nhận" in s.value for s in at.success)
    counted = progress(qn, to_answers(rows))["profile"]
    copied = _done(at)
    assert copied != before and f"{counted.done}/{counted.total}" in copied  # staff_total counts, staff_trained not
    assert f"{counted.done + 1}/{counted.total}" not in copied
    at.button(key="confirm_staff_trained").click().run()
    assert not at.exception
    rows = _stored(world)
    assert not rows["staff_trained"].unconfirmed and rows["staff_trained"].value == 30
    assert f"{counted.done + 1}/{counted.total}" in _done(at)  # the figure counts once confirmed
    assert not any(b.key == "confirm_staff_trained" for b in at.button)
    assert not any(b.key == "copy_page" for b in at.button)  # nothing left to fill on this page


def test_every_page_from_the_overview_without_proof_and_last_years_note_as_a_hint(app, world, catalog):
    qn = catalog.questionnaire
    _last_year(world, qn)
    at = app("lanh-dao-a")
    _open_page(at, "security")
    at.radio(key="q_sec_backup").set_value("no").run()  # a first answer: the overview still offers the copy
    at.switch_page("ui/screens/overview.py").run()
    assert any(b.key == "copy_last_year" for b in at.button)
    at.button(key="copy_last_year").click().run()
    assert not at.exception
    rows = _stored(world)
    assert {"agency_type", "staff_total", "staff_trained", "sec_inventory", "sec_backup"} <= set(rows)
    assert rows["sec_backup"].value == "no" and rows["staff_trained"].unconfirmed
    assert rows["sec_inventory"].value == "yes" and rows["sec_inventory"].evidence_note is None  # not copied
    counted = to_answers(rows)
    assert "staff_trained" not in counted and "staff_total" in counted
    assert not any(b.key == "copy_last_year" for b in at.button)  # every question last year answered is filled
    _open_page(at, "security")
    assert any("Minh chứng năm 2024 (không được chép): Danh mục hệ thống 2024" in c.value for c in at.caption)
