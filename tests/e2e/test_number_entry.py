"""In a real browser, a number typed as Vietnamese write it is the number meant: "110.000" is a hundred
and ten thousand (Streamlit's number field saved 110, with a ✓), shown back as "110.000"; one far from
last year's waits for the leader's confirmation before it is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, expect_rerun
from store import assessments, db
from store.access import SYSTEM_ACTOR

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e

LEADER = "bao-vinh-long"
QID = "print_circulation_urban"  # 2.709 copies an issue in 2025, copied into this year's draft


def _stored(server, qid: str):
    engine = db.get_engine(server.env["DATABASE_URL"])
    try:
        info = max((a for a in assessments.list_assessments(engine, SYSTEM_ACTOR) if a.agency_id == LEADER),
                   key=lambda a: a.year)
        row = assessments.load_answers(engine, SYSTEM_ACTOR, info.id).get(qid)
        return row.value if row else None
    finally:
        db.dispose_engines()


def _type(page, field, text: str) -> None:
    with expect_rerun(page):
        field.fill("")
        field.press_sequentially(text)
        field.press("Enter")


def test_typing_110_000_saves_a_hundred_and_ten_thousand(demo_server, page):
    sign_in(page, demo_server, LEADER)
    open_page(page, "Thông tin cơ quan")
    box = page.locator(f".st-key-question_{QID}")
    field = box.locator(f".st-key-q_{QID} input")
    expect(box.get_by_text("Năm 2025: 2.709 bản/kỳ")).to_be_visible()

    _type(page, field, "2.800")  # near last year's: saved at once
    assert _stored(demo_server, QID) == 2800
    expect(box.get_by_text("Đã lưu 2.800 lúc")).to_be_visible()
    expect(field).to_have_value("2.800")

    _type(page, field, "110.000")  # forty times last year's: held until confirmed
    expect(box.get_by_text("chưa được lưu và chưa được tính")).to_be_visible()
    assert _stored(demo_server, QID) == 2800
    click_and_wait(page, box.get_by_role("button", name="Xác nhận 110.000"))
    expect(box.get_by_text("Đã lưu 110.000 lúc")).to_be_visible()
    expect(field).to_have_value("110.000")
    assert _stored(demo_server, QID) == 110000

    _type(page, field, "12,5")  # not a count
    expect(box.get_by_text("không phải số nguyên")).to_be_visible()
    assert _stored(demo_server, QID) == 110000
    expect_no_exception(page)
