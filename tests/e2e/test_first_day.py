"""Issue 19's first-day screens in a real browser, in Vietnamese and in English: the demo's sign-in table
and a leader's first screen on a half-done draft, the recommendations and the indicators' reasons, a page
of another role, and the heat map's numbers written the language's way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, goto_app, screenshot

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e

HALF_DONE = "bao-dien-tu-cuu-long"  # store/demo.py: a draft half done, last year's answers there to copy


def _to_english(page) -> None:
    click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("English", exact=True))


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def _progress(text: str, pattern: str) -> tuple[int, int]:
    found = re.search(pattern, text)
    assert found, f"no whole-assessment progress in: {text[:400]}"
    return int(found.group(1)), int(found.group(2))


def test_the_demo_sign_in_table_names_agencies_in_both_languages(demo_server, page):
    page.goto(demo_server.url + "/auth/login", wait_until="domcontentloaded")
    expect(page.get_by_text("Tài khoản dùng thử")).to_be_visible()
    expect(page.get_by_role("row", name="Báo Vĩnh Long bao-vinh-long")).to_be_visible()  # the name over the id
    screenshot(page, "first-day-sign-in-vi")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_text("Demo accounts")).to_be_visible()
    expect(page.get_by_role("row", name="Báo Vĩnh Long bao-vinh-long")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    screenshot(page, "first-day-sign-in-en")


def test_a_demo_leader_lands_on_a_half_done_draft_with_last_year_to_copy(demo_server, page):
    sign_in(page, demo_server, HALF_DONE)
    expect_no_exception(page)
    done, total = _progress(_main_text(page), r"Toàn phiếu: (\d+)/(\d+)")
    assert 0 < done < total
    copy = "Điền các câu còn trống ở mọi trang từ câu trả lời năm 2025"
    expect(page.get_by_role("button", name=copy)).to_be_visible()
    screenshot(page, "first-day-leader-home-vi")
    _to_english(page)
    done, total = _progress(_main_text(page), r"Whole assessment: (\d+) of (\d+)")
    assert 0 < done < total
    copy = "Fill the empty questions on every page from the 2025 answers"
    expect(page.get_by_role("button", name=copy)).to_be_visible()
    screenshot(page, "first-day-leader-home-en")


def test_the_recommendations_and_reasons_read_well_in_english(demo_server, page):
    sign_in(page, demo_server, HALF_DONE)
    _to_english(page)
    open_page(page, "Results")
    expect_no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Converged newsroom", exact=True).first).to_be_visible()  # steps under their domain
    tables = page.get_by_test_id("stTable")
    expect(tables.first).to_be_visible()
    for i in range(tables.count()):
        assert "Cap applied" not in tables.nth(i).locator("th").all_inner_texts()
    text = _main_text(page)
    assert "≥ 1 platform " in text, "a bound of one is written with the singular unit"
    assert not re.search(r"\b1 platforms\b", text), "English plural after the number 1"
    assert "helps 1 plan indicator " in text or "helps 1 plan indicator\n" in text
    screenshot(page, "first-day-results-en")


def test_a_page_of_another_role_says_whom_it_is_for(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    goto_app(page, demo_server, "/campaign")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Trang này dành cho Sở.")).to_be_visible()
    expect(main.get_by_role("link", name="Về trang chính")).to_be_visible()
    screenshot(page, "first-day-not-for-role-vi")
    _to_english(page)
    expect(main.get_by_text("This page is for the department.")).to_be_visible()
    expect(main.get_by_role("link", name="Go to your home page")).to_be_visible()
    screenshot(page, "first-day-not-for-role-en")
    click_and_wait(page, main.get_by_role("link", name="Go to your home page"))
    expect(main.get_by_text("Whole assessment:")).to_be_visible()


def _heat_map_numbers(page) -> list[str]:
    cells = page.get_by_test_id("stMain").locator("svg text").all_text_contents()
    return [c.strip() for c in cells if re.match(r"^\d", c.strip())]


def test_the_heat_map_writes_numbers_the_languages_way(demo_server, page):
    sign_in(page, demo_server, "sovhttdl")
    open_page(page, "Các cơ quan báo chí")
    expect(page.get_by_test_id("stMain").locator("svg text").first).to_be_attached()
    cells = _heat_map_numbers(page)
    assert any(re.match(r"^\d+,\d\b", c) for c in cells), cells
    assert not any(re.match(r"^\d+\.\d\b", c) for c in cells), cells
    screenshot(page, "first-day-glance-vi")
    _to_english(page)
    expect(page.get_by_test_id("stMain").locator("svg text").first).to_be_attached()
    cells = _heat_map_numbers(page)
    assert any(re.match(r"^\d+\.\d\b", c) for c in cells), cells
    assert not any(re.match(r"^\d+,\d\b", c) for c in cells), cells
    screenshot(page, "first-day-glance-en")
