"""Signing out and in happen in the tab the reader is in (ui/links.py). Streamlit's link button opened
/auth/logout in a new tab: the old one went on showing the app as signed in until its next click."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .flows import sign_in
from .harness import goto_app

pytestmark = pytest.mark.e2e


def test_sign_out_and_in_again_stay_in_the_same_tab(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Đăng xuất").click()
    page.wait_for_url("**/auth/logout?lang=vi")
    assert page.context.pages == [page]  # no second tab
    page.get_by_role("button", name="Đăng xuất").click()  # the page asks first (a POST, with its token)
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    assert "pressdx_sid" not in {c["name"] for c in page.context.cookies()}

    goto_app(page, demo_server)  # signed out: the app's own front page, and its way to sign in
    page.get_by_test_id("stMain").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url("**/auth/login?lang=vi")
    assert page.context.pages == [page]
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
