"""A download's address serves its file once, to the session that clicked, and to no one else.

Streamlit hands a download out at `/media/<content hash>`, an address that by itself serves the file to
any client, without the cookie, for minutes after sign-out. Here a leader clicks a download in a real
browser and gets the file; then the same address is tried without the cookie, with another
leader's cookie, a second time, and after sign-out, and each is refused."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from harness.page import RUN_TIMEOUT
from tests.conftest import present

from .flows import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.e2e

OWNER, OTHER = "bao-vinh-long", "dai-pttv-vinh-long"
EXPORT = "Tải câu trả lời (YAML)"


def fetch(server, path: str, cookie: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=RUN_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def session_cookie_of(server, username: str) -> str:
    """Another user's session, signed in over plain HTTP (the sign-in form's own CSRF pair)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=RUN_TIMEOUT)
    connection.request("GET", "/auth/login")
    csrf = present(re.search(r'name="csrf" value="([^"]+)"', connection.getresponse().read().decode())).group(1)
    form = urlencode({"csrf": csrf, "username": username, "password": DEMO_PASSWORD})
    connection.request("POST", "/auth/login", form,
                       {"Content-Type": "application/x-www-form-urlencoded", "Origin": server.url,
                        "Cookie": f"pressdx_csrf={csrf}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 303
    return next(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie", []) if c.startswith("pressdx_sid="))


def owner_cookie(page) -> str:
    return next(f"{c['name']}={c['value']}" for c in page.context.cookies() if c["name"] == "pressdx_sid")


def stop_fetching_files(page) -> None:
    """From now on a click on a download button only notes the file's address: the button's check
    fetch is aborted, and the link it clicks to download (which `page.route` cannot stop) is not
    followed. So the address is still unused when the test tries it."""
    page.route(re.compile(r"/media/"), lambda route: route.abort())
    page.evaluate("""() => {
        window.pressdxAddresses = [];
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
            if (this.href.includes("/media/")) { window.pressdxAddresses.push(this.href); return; }
            return click.call(this);
        };
    }""")


def click_without_fetching(page) -> str:
    before = page.evaluate("window.pressdxAddresses.length")
    page.get_by_role("button", name=EXPORT).click()
    page.wait_for_function(f"window.pressdxAddresses.length > {before}", timeout=RUN_TIMEOUT * 1000)
    return urlsplit(page.evaluate("window.pressdxAddresses.at(-1)")).path


def test_a_download_serves_its_owner_once_and_no_one_else(demo_server, page, tmp_path):
    sign_in(page, demo_server, OWNER)
    with page.expect_download() as info:
        page.get_by_role("button", name=EXPORT).click()
    saved = tmp_path / "answers.yaml"
    info.value.save_as(saved)
    assert "bao-vinh-long" in saved.read_text(encoding="utf-8")
    mine = owner_cookie(page)
    assert fetch(demo_server, urlsplit(info.value.url).path, mine)[0] == 403  # a second time

    stop_fetching_files(page)
    path = click_without_fetching(page)
    assert fetch(demo_server, path)[0] == 403  # without the cookie
    assert fetch(demo_server, path, session_cookie_of(demo_server, OTHER))[0] == 403  # another leader
    status, body = fetch(demo_server, path, mine)
    assert status == 200, body.decode()
    assert body == saved.read_bytes()  # the owner, once
    assert fetch(demo_server, path, mine)[0] == 403

    path = click_without_fetching(page)
    page.goto(demo_server.url + "/auth/logout", wait_until="domcontentloaded")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    assert fetch(demo_server, path, mine)[0] == 403  # after sign-out
