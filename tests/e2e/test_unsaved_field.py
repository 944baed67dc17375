"""In a real browser: a multi-line answer says under it when it is saved, it is saved on leaving the
field, and closing or reloading the page while a field holds text not yet sent asks first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, expect

from harness.page import expect_no_exception, expect_rerun
from store import assessments, db
from store.access import SYSTEM_ACTOR

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e

LEADER = "bao-vinh-long"


def _stored(server, qid: str):
    engine = db.get_engine(server.env["DATABASE_URL"])
    try:
        info = max((a for a in assessments.list_assessments(engine, SYSTEM_ACTOR) if a.agency_id == LEADER),
                   key=lambda a: a.year)
        row = assessments.load_answers(engine, SYSTEM_ACTOR, info.id).get(qid)
        return row.value if row else None
    finally:
        db.dispose_engines()


def test_leaving_a_page_with_typed_text_not_yet_saved_asks_first(demo_server, page):
    sign_in(page, demo_server, LEADER)
    open_page(page, "Thông tin cơ quan")
    box = page.locator(".st-key-question_outlets")
    expect(box.get_by_text("Nội dung được lưu khi bạn rời khỏi ô")).to_be_visible()
    area = box.locator("textarea")
    area.click()
    area.press("End")
    area.press("Enter")  # a new line, not a save
    area.press_sequentially("Trang tin tiếng Khmer")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay on the page
    assert not page.is_closed()
    assert "Trang tin tiếng Khmer" not in (_stored(demo_server, "outlets") or "")

    with expect_rerun(page):
        page.get_by_role("heading", name="Thông tin chung về cơ quan báo chí").click()  # leave the field
    expect(box.get_by_text("Đã lưu lúc")).to_be_visible()
    assert _stored(demo_server, "outlets").endswith("\nTrang tin tiếng Khmer")
    expect_no_exception(page)
    dialogs = []

    def accepted(d: Dialog) -> None:
        dialogs.append(d.type)
        d.accept()

    page.on("dialog", accepted)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == []  # nothing left unsaved: no question
