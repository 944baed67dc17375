"""A page on another port of the same host, opened in the signed-in leader's browser, tries to open
the app's WebSocket: the browser sends the session cookie along (SameSite=Lax ignores the port), so
only the app's origin check stands in the way."""

from __future__ import annotations

import http.server
import threading

import pytest

from harness.page import RUN_TIMEOUT

from .flows import sign_in

pytestmark = pytest.mark.e2e

ATTACK = """<!doctype html><title>waiting</title><script>
const ws = new WebSocket("ws://127.0.0.1:%d/_stcore/stream", ["streamlit"]);
ws.onopen = () => { document.title = "opened"; };
ws.onclose = () => { if (document.title !== "opened") document.title = "refused"; };
</script>"""


def serve_page(html: str) -> http.server.ThreadingHTTPServer:
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_page_on_another_port_cannot_open_the_stream(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")  # the app's own page opened its stream: the same origin works
    other = serve_page(ATTACK % demo_server.port)
    try:
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/", wait_until="domcontentloaded")
        page.wait_for_function("document.title !== 'waiting'", timeout=RUN_TIMEOUT * 1000)
        assert page.title() == "refused"
    finally:
        other.shutdown()
        other.server_close()
