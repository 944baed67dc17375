"""The real app, served by `streamlit run` on a fresh SQLite database, opens in a browser without an
error, and so does its sign-in page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import expect_no_exception, goto_app, screenshot
from harness.server import REPO_ROOT

pytestmark = pytest.mark.e2e


def test_front_page_loads(app_server, page):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    goto_app(page, app_server)

    expect_no_exception(page)
    expect(page.get_by_test_id("stMain")).to_be_visible()
    assert page.get_by_test_id("stMain").inner_text().strip(), "the front page is empty"
    assert page.title(), "the page has no title"
    screenshot(page, "smoke-front-page")
    assert not errors, f"JavaScript errors on the page: {errors}"

    if (REPO_ROOT / "asgi.py").exists():  # the sign-in page that asgi.py serves beside the app
        response = page.goto(app_server.url + "/auth/login")
        assert response is not None and response.status == 200
        expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
        screenshot(page, "smoke-sign-in-page")
