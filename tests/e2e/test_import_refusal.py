"""An answers file of half a million list items uploaded in a real browser: it is refused with the
limit named, the uploader is empty again (the refused file stayed in it, and was parsed again on every
click, 18–20 s each), and the page's next runs go on as usual."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import expect_no_exception, expect_rerun, screenshot
from tests.hostile import HOSTILE_FILES

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e


def test_a_huge_answers_file_is_refused_and_the_uploader_emptied(demo_server, page, tmp_path):
    sign_in(page, demo_server, "bao-vinh-long")
    expect(page.get_by_role("heading", name="Tự đánh giá năm 2026")).to_be_visible()
    path = tmp_path / "lon.yaml"
    path.write_bytes(HOSTILE_FILES["half a million list items"][0])
    with expect_rerun(page):
        page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(path)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Tệp có lỗi, chưa nhập câu trả lời nào")
    expect(error).to_contain_text("10000")
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_have_count(1)
    expect(uploader.get_by_test_id("stFileChip")).to_have_count(0)  # no file left in the uploader
    expect_no_exception(page)
    screenshot(page, "import-refused")

    open_page(page, "Tổng quan và nộp phiếu")  # the next run: the refusal was said once, nothing to read again
    expect(uploader.get_by_test_id("stFileChip")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect_no_exception(page)
