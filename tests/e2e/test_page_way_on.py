"""A questionnaire page in a real browser: the contents at its top lead to each section, and its end
leads on, to the next page and to the overview, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, screenshot

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("lang", "page_name", "contents", "last_section", "next_page", "next_title", "overview",
                          "overview_title"), [
    ("vi", "Nền tảng số", "Các mục của trang", "nguồn thu số", "Trang tiếp: Dữ liệu và AI", "Dữ liệu",
     "Về trang tổng quan", "Tự đánh giá năm"),
    ("en", "Digital platforms", "Sections on this page", "revenue", "Next page: Data and AI", "data platform",
     "Back to overview", "Self-assessment"),
])
def test_a_domain_page_has_contents_at_its_top_and_a_way_on_at_its_end(
        demo_server, page, lang, page_name, contents, last_section, next_page, next_title, overview,
        overview_title):
    sign_in(page, demo_server, "bao-dien-tu-cuu-long")
    if lang == "en":
        click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("English", exact=True))
    open_page(page, page_name)
    expect_no_exception(page)
    toc = page.get_by_test_id("stExpander").filter(has_text=contents).first
    expect(toc).to_be_visible()
    expect(toc).to_contain_text("/")  # each section with its required questions answered
    screenshot(page, f"page-contents-{lang}", full_page=False)

    # the last section's link scrolls to its heading, far down the page
    link = toc.get_by_role("link").filter(has_text=last_section).first
    target = link.get_attribute("href")
    assert target and target.startswith("#section-"), target
    heading = page.locator(f"[id='{target[1:]}']")
    expect(heading).not_to_be_in_viewport()
    link.click()
    expect(heading).to_be_in_viewport()

    way_on = page.get_by_role("link", name=next_page)
    way_on.scroll_into_view_if_needed()
    expect(page.get_by_role("link", name=overview)).to_be_in_viewport()
    screenshot(page, f"page-way-on-{lang}", full_page=False)
    click_and_wait(page, way_on)
    expect(page.get_by_test_id("stHeading").first).to_contain_text(next_title)
    expect_no_exception(page)

    back = page.get_by_role("link", name=overview)
    back.scroll_into_view_if_needed()
    click_and_wait(page, back)
    expect(page.get_by_test_id("stHeading").first).to_contain_text(overview_title)
    expect_no_exception(page)
