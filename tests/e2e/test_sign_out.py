"""Signing out is one click, in the tab the reader is in (ui/links.py); the language chosen on the
sign-in page carries into the app and stays with the account for the next sign-in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import RUN_TIMEOUT, _wait_for_runs, click_and_wait, goto_app, track_runs, wait_for_app_run

from .flows import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.e2e


def test_sign_out_is_one_click_and_signing_in_again_stays_in_the_same_tab(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()  # no page asking "are you sure?"
    assert page.context.pages == [page]  # no second tab
    assert "pressdx_sid" not in {c["name"] for c in page.context.cookies()}

    goto_app(page, demo_server)  # signed out: the app's own front page, and its way to sign in
    page.get_by_test_id("stMain").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url("**/auth/login")
    assert page.context.pages == [page]
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def _sign_in_here(page, username: str, button: str) -> None:
    """Sign in on the sign-in page already open, as it is."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    tracker = track_runs(page)
    target = tracker.finished + 1
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=RUN_TIMEOUT * 1000)
    _wait_for_runs(page, target, RUN_TIMEOUT, f"signing in as {username}")
    wait_for_app_run(page)


def test_the_sign_in_pages_language_carries_into_the_app_and_stays_with_the_account(demo_server, page):
    page.goto(demo_server.url + "/auth/login", wait_until="domcontentloaded")
    page.get_by_role("link", name="English").click()
    _sign_in_here(page, "sovhttdl", "Sign in")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Plan indicators")).to_be_visible()  # the app in English

    sidebar.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.context.clear_cookies()  # another day, another computer: only the account remembers
    page.goto(demo_server.url + "/auth/login", wait_until="domcontentloaded")  # in Vietnamese, the default
    _sign_in_here(page, "sovhttdl", "Đăng nhập")
    expect(sidebar.get_by_role("link", name="Plan indicators")).to_be_visible()  # from the account alone

    click_and_wait(page, sidebar.get_by_text("Tiếng Việt", exact=True))  # changed in the app: kept too
    expect(sidebar.get_by_role("link", name="Chỉ tiêu kế hoạch")).to_be_visible()
    sidebar.get_by_role("button", name="Đăng xuất").click()
    page.context.clear_cookies()
    page.goto(demo_server.url + "/auth/login", wait_until="domcontentloaded")
    _sign_in_here(page, "sovhttdl", "Đăng nhập")
    expect(sidebar.get_by_role("link", name="Chỉ tiêu kế hoạch")).to_be_visible()
