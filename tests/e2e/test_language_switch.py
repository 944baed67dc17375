"""The department's what-if planner across a language switch: a select box holds the label it showed,
so without care it would go on showing (and returning) the Vietnamese label in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e


def test_the_what_if_choices_follow_the_language(demo_server, page):
    sign_in(page, demo_server, "sovhttdl")
    open_page(page, "Mô phỏng cải thiện")
    domain = page.locator(".st-key-wi_domain input")  # the chosen option is the field's value
    expect(domain).to_have_value("Nền tảng số")
    click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("English", exact=True))
    expect(domain).to_have_value("Digital platforms")
    expect(page.locator(".st-key-wi_level input")).not_to_have_value("Trung bình")
    click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("Tiếng Việt", exact=True))
    expect(domain).to_have_value("Nền tảng số")
    expect_no_exception(page)
