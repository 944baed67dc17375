"""In a real browser, a domain page's stored answers are what its widgets show from the moment each is
drawn, and a reader who acts while the page is still loading changes only what they touched.

Streamlit loads each kind of widget's code the first time a page needs it; until then the widget is
a grey placeholder. A question rerun in that moment (opening its evidence box) sent its widgets again,
and the choice drawn once its code arrived started from its blank default: typing an evidence note then
saved the question as "no answer" with a ✓. The test holds that code back to make the moment last.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from harness.page import RUN_TIMEOUT, _wait_for_runs, expect_no_exception, track_runs
from store import assessments, db, years
from store.access import SYSTEM_ACTOR

from .flows import checked_label, sign_in

pytestmark = pytest.mark.e2e

LEADER = "bao-vinh-long"
QID = "sec_inventory"
RADIO_CODE = "**/Radio.*.js"  # the code of Streamlit's choice widget, fetched when first needed
LABELS = {"yes": "Đạt", "partly": "Đạt một phần", "no": "Chưa đạt"}


def stored(server, qid: str):
    engine = db.get_engine(server.env["DATABASE_URL"])
    try:
        open_years = [y.year for y in years.list_years(engine, SYSTEM_ACTOR) if y.is_open]
        info = assessments.get_assessment(engine, SYSTEM_ACTOR, LEADER, max(open_years))
        assert info is not None
        return assessments.load_answers(engine, SYSTEM_ACTOR, info.id).get(qid)
    finally:
        db.dispose_engines()


@contextlib.contextmanager
def script_run(page) -> Iterator[None]:
    """Wait for the run an action causes, without waiting for placeholders to go (some are held)."""
    target = track_runs(page).finished + 1
    yield
    _wait_for_runs(page, target, RUN_TIMEOUT, "after the action")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", state="attached")


def test_acting_while_the_page_loads_keeps_the_stored_answer(demo_server, page):
    before = stored(demo_server, QID)
    assert before is not None and before.value in LABELS and not before.evidence_note
    sign_in(page, demo_server, LEADER)
    held = []
    page.route(RADIO_CODE, lambda route: held.append(route))
    with script_run(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="An toàn thông tin", exact=True).click()
    assert held, "the choice widget's code was not fetched on opening the page: nothing was held back"
    box = page.locator(f".st-key-question_{QID}")
    with script_run(page):  # the evidence box opened while the choices are still placeholders
        box.get_by_test_id("stExpander").locator("summary").click()
    for route in held:
        route.continue_()
    page.unroute(RADIO_CODE)
    expect(page.locator(f".st-key-q_{QID} input[type=radio]")).to_have_count(3)
    expect(page.locator(f".st-key-q_{QID} input[type=radio]:checked")).to_have_count(1)
    assert checked_label(page, QID) == LABELS[before.value]  # drawn with its answer, never blank
    expect(page.locator(".st-key-q_sec_backup input[type=radio]:checked")).to_have_count(1)  # not rerun
    note = box.locator(f".st-key-evn_{QID} input")
    with script_run(page):
        note.fill("Danh mục hệ thống số 5/DM")
        note.press("Enter")
    expect(box.get_by_text("Đã lưu lúc")).to_be_visible()
    after = stored(demo_server, QID)
    assert after is not None and (after.value, after.evidence_note) == (before.value, "Danh mục hệ thống số 5/DM")
    assert checked_label(page, QID) == LABELS[before.value]
    expect_no_exception(page)
