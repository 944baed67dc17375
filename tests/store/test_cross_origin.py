"""A page on another origin of the same host must not reach the app with the user's cookie.

A SameSite=Lax cookie is sent to every port of the same host, and Streamlit's own WebSocket check
compares host names only, so a page served from another port could open the app's WebSocket as the
signed-in user and read their pages. These tests run `streamlit run asgi.py` for real, with a second
server listening on another port as the foreign origin, and send what a browser on that page would."""

from __future__ import annotations

import base64
import http.server
import os
import re
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from starlette.types import Receive, Scope, Send

from tests.conftest import present
from tests.store.test_asgi_server import PASSWORD, _request, server  # noqa: F401  (a fixture)


def _upgrade(port: int, origin: str | None, cookie: str) -> int:
    """The status a WebSocket upgrade of /_stcore/stream gets: 101 accepted, anything else refused."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
        f"Cookie: {cookie}",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = sock.recv(4096).decode("latin-1")
    return int(head.split(" ", 2)[1])


@pytest.fixture
def other_origin() -> Iterator[str]:
    """A second site on another port of the same host (the attacker's page would be served here)."""
    page = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=page.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{page.server_address[1]}"
    finally:
        page.shutdown()
        page.server_close()


def _sign_in(port: int, origin: str) -> tuple[int, str]:
    """POST the sign-in form with a valid CSRF pair and the given Origin: (status, session cookie)."""
    _, headers, page = _request(port, "GET", "/auth/login")
    csrf = present(re.search(r'name="csrf" value="([^"]+)"', page)).group(1)
    status, headers, _ = _request(
        port,
        "POST",
        "/auth/login",
        urlencode({"csrf": csrf, "username": "admin", "password": PASSWORD}),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Host": f"127.0.0.1:{port}",
            "Cookie": f"pressdx_csrf={csrf}",
        },
    )
    cookies = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    cookie = next((c for c in cookies if c.startswith("pressdx_sid=")), "")
    return status, cookie


def test_websocket_from_another_port_is_refused(server, other_origin: str) -> None:  # noqa: F811
    port, _ = server
    status, cookie = _sign_in(port, f"http://127.0.0.1:{port}")
    assert status == 303 and cookie
    assert _upgrade(port, other_origin, cookie) == 403
    assert _upgrade(port, f"https://127.0.0.1:{port}", cookie) == 403  # same host and port, other scheme
    assert _upgrade(port, "null", cookie) == 403  # a sandboxed frame or a file on disk
    assert _upgrade(port, f"http://127.0.0.1:{port}", cookie) == 101
    assert _upgrade(port, None, cookie) == 101  # not a browser: nothing sent on anyone's behalf


def test_sign_in_from_another_origin_is_refused(server, other_origin: str) -> None:  # noqa: F811
    port, _ = server
    for foreign in (other_origin, f"https://127.0.0.1:{port}"):
        status, cookie = _sign_in(port, foreign)
        assert status == 403 and not cookie, foreign
    status, cookie = _sign_in(port, f"http://127.0.0.1:{port}")
    assert status == 303 and cookie


def test_a_listed_origin_is_let_through(monkeypatch) -> None:
    """Behind a proxy the browser's origin is the proxy's: PRESSDX_ALLOWED_ORIGINS names it."""
    from webentry.origins import OriginGuard

    monkeypatch.setenv("PRESSDX_ALLOWED_ORIGINS", "http://127.0.0.1:8502/, https://pressdx.example.vn")
    async def nothing(scope: Scope, receive: Receive, send: Send) -> None:
        return None

    guard = OriginGuard(nothing)
    own = "http://10.0.0.11:8501"
    assert guard.allowed("http://127.0.0.1:8502", own)
    assert guard.allowed("https://pressdx.example.vn:443", own)
    assert guard.allowed(own, own)
    assert not guard.allowed("http://pressdx.example.vn", own)
    assert not guard.allowed("https://pressdx.example.vn.evil.test", own)


def test_origins_compare_scheme_host_and_port(monkeypatch) -> None:
    from starlette.datastructures import Headers

    from webentry.origins import configured_origins, normalize_origin, own_origin

    assert normalize_origin("HTTP://Example.VN:80") == "http://example.vn"
    assert normalize_origin("http://[::1]:8501") == "http://[::1]:8501"
    for bad in ("null", "", "example.vn", "ftp://example.vn", "http://u:p@example.vn", "http://example.vn/x"):
        assert normalize_origin(bad) is None, bad
    scope = {"type": "websocket", "scheme": "ws"}
    proxied = Headers({"host": "10.0.0.11:8501", "x-forwarded-proto": "https", "x-forwarded-host": "pressdx.vn"})
    monkeypatch.delenv("PRESSDX_TRUST_PROXY", raising=False)
    assert own_origin(scope, proxied) == "http://10.0.0.11:8501"  # forwarded headers are the client's words
    monkeypatch.setenv("PRESSDX_TRUST_PROXY", "1")
    assert own_origin(scope, proxied) == "https://pressdx.vn"
    monkeypatch.setenv("PRESSDX_ALLOWED_ORIGINS", "pressdx.vn")
    with pytest.raises(ValueError, match="PRESSDX_ALLOWED_ORIGINS"):
        configured_origins()
