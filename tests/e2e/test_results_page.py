"""The results page in a real browser: the indicators' reasons one test a line, no empty 'cap'
column, and the recommendations under their domains' names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import expect_no_exception, screenshot

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e


def test_the_reasons_are_lines_and_the_steps_are_grouped(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    open_page(page, "Kết quả")
    tables = page.get_by_test_id("stTable")
    expect(tables.first).to_be_visible()
    expect_no_exception(page)
    headers = tables.first.locator("th").all_inner_texts()
    assert "Giới hạn áp dụng" not in headers  # no cap applies to this agency: no empty column
    reasons = tables.nth(1).locator("tbody tr td:last-child")
    expect(reasons.first).to_be_visible()
    cells = reasons.all_inner_texts()
    assert any("\n" in c for c in cells)  # one test a line, drawn as lines
    assert not any("; ✓" in c or "; ✗" in c for c in cells)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Việc nên làm tiếp theo")).to_be_visible()
    screenshot(page, "results-page")
