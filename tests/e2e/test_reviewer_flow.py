"""The department in a real browser: sign in, open the province page, drill into an agency, and
download the annual report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, screenshot

from .flows import open_page, pdf_text, sign_in

pytestmark = pytest.mark.e2e


def test_reviewer_reads_the_province_drills_down_and_exports(demo_server, page, tmp_path):
    sign_in(page, demo_server, "sovhttdl")
    # The demo opens on its current year, the campaign under way (store/demo.py); the figures below are 2025's.
    expect(page.get_by_role("heading", name="Chỉ tiêu chuyển đổi số báo chí của tỉnh năm 2026")).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Năm đánh giá").click()
    click_and_wait(page, page.get_by_role("option", name="2025"))
    expect(page.get_by_role("heading", name="Chỉ tiêu chuyển đổi số báo chí của tỉnh năm 2025")).to_be_visible()
    expect_no_exception(page)
    table = page.get_by_test_id("stTable")
    expect(table).to_contain_text("3/5")  # converged newsroom: two-media agencies only
    expect(table).to_contain_text("trên 60%")
    screenshot(page, "reviewer-province")

    with page.expect_download() as info:
        page.get_by_role("button", name="Báo cáo PDF").click()
    pdf = tmp_path / "province.pdf"
    info.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "2025" in text and "Báo Vĩnh Long" in text

    with page.expect_download() as info:
        page.get_by_role("button", name="Báo cáo Excel").click()
    xlsx = tmp_path / "province.xlsx"
    info.value.save_as(xlsx)
    import openpyxl

    assert len(openpyxl.load_workbook(xlsx).sheetnames) >= 8

    open_page(page, "Chi tiết cơ quan")
    select = page.get_by_test_id("stSelectbox").filter(has_text="Cơ quan").first
    select.click()  # opening the list runs nothing; choosing does
    click_and_wait(page, page.get_by_role("option", name="Đài Phát thanh và Truyền hình Vĩnh Long"))
    expect(page.get_by_test_id("stMetric").first).to_contain_text("95,0")
    expect_no_exception(page)
    screenshot(page, "reviewer-agency-detail")

    for name, shot in (("Các cơ quan báo chí", "reviewer-glance"), ("Tiến độ nộp phiếu", "reviewer-campaign"),
                       ("Mô phỏng cải thiện", "reviewer-whatif")):
        open_page(page, name)
        expect_no_exception(page)
        screenshot(page, shot)
