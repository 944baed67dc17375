"""An agency leader in a real browser: sign in, answer across two domains, reload and find every
answer, submit, read the index and level, download the PDF report and read it back; and nothing of
another agency can be reached by URL or query parameter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, goto_app, screenshot

from .flows import checked_label, choose, open_page, pdf_text, sign_in

pytestmark = pytest.mark.e2e


def test_leader_answers_reloads_submits_and_downloads(demo_server, page, tmp_path):
    sign_in(page, demo_server, "bao-vinh-long")
    expect(page.get_by_role("heading", name="Tự đánh giá năm 2026")).to_be_visible()
    screenshot(page, "agency-overview")

    open_page(page, "Nền tảng số")
    choose(page, "cp_digital_share", "100%")
    screenshot(page, "agency-domain-content")
    open_page(page, "An toàn thông tin")
    choose(page, "sec_backup", "Đạt một phần")
    screenshot(page, "agency-domain-security")

    goto_app(page, demo_server)  # a reload: a new session, answers come back from the database
    open_page(page, "Nền tảng số")
    assert checked_label(page, "cp_digital_share") == "100%"
    open_page(page, "An toàn thông tin")
    assert checked_label(page, "sec_backup") == "Đạt một phần"

    open_page(page, "Tổng quan và nộp phiếu")
    click_and_wait(page, page.get_by_role("button", name="Nộp phiếu tự đánh giá"))
    click_and_wait(page, page.get_by_role("dialog").get_by_role("button", name="Nộp phiếu", exact=True))
    expect(page.get_by_text("Đã nộp phiếu. Cảm ơn!")).to_be_visible()
    screenshot(page, "agency-submitted")

    open_page(page, "Kết quả")
    expect_no_exception(page)
    metric = page.get_by_test_id("stMetric").first
    index_text = metric.get_by_test_id("stMetricValue").inner_text()
    level = page.get_by_test_id("stMetric").nth(1).get_by_test_id("stMetricValue").inner_text()
    assert "," in index_text and level in {"Yếu", "Trung bình", "Khá", "Tốt", "Xuất sắc"}
    screenshot(page, "agency-results")

    with page.expect_download() as info:
        page.get_by_role("button", name="Báo cáo PDF").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Báo Vĩnh Long" in text and index_text in text and level in text


def test_leader_cannot_reach_another_agency(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    for path in ("/results?agency=dai-pttv-vinh-long", "/?agency_id=dai-pttv-vinh-long&year=2025",
                 "/province", "/agency_detail?agency=dai-pttv-vinh-long"):
        goto_app(page, demo_server, path)
        body = page.get_by_test_id("stMain").inner_text()
        assert "Đài Phát thanh" not in body, path
        assert "Chỉ tiêu chuyển đổi số báo chí của tỉnh" not in body, path
        if path.startswith(("/province", "/agency_detail")):  # the department's pages say whose they are
            assert "Trang này dành cho Sở." in body, path
        else:
            assert "Báo Vĩnh Long" in body, path
    screenshot(page, "agency-other-agency-refused")
