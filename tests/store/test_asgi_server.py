"""`streamlit run asgi.py` for real: the sign-in routes and the Streamlit page share one server.

Guards against a Streamlit upgrade changing how st.App is discovered or routed. The Streamlit
script is a throwaway one in tmp_path (PRESSDX_APP_SCRIPT), so this does not depend on app.py."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from store import accounts, db, sessions

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-may-chu-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path: Path, fast_hashing) -> Iterator[tuple[int, str]]:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    engine = db.get_engine(url)
    db.init_db(engine)
    accounts.create_user(engine, None, "admin", PASSWORD, "admin")
    script = tmp_path / "throwaway_app.py"
    script.write_text(
        "import streamlit as st\n"
        "from store.sessions import resolve_session\n"
        "from store.db import get_engine\n"
        "actor = resolve_session(get_engine(), st.context.cookies.get('pressdx_sid'))\n"
        "st.write('signed in as', actor.username if actor else None)\n"
    )
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "PRESSDX_APP_SCRIPT": str(script), "PYTHONPATH": str(ROOT),
           "PRESSDX_LOG_LEVEL": "DEBUG"}
    for name in ("PRESSDX_DEMO", "PRESSDX_TRUST_PROXY", "PRESSDX_COOKIE_SECURE"):
        env.pop(name, None)
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "asgi.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/_stcore/health")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield port, url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        db.dispose_engines()


def test_the_server_sets_logging_up_at_start_before_it_checks_the_schema(
    server: tuple[int, str], tmp_path: Path
) -> None:
    log = (tmp_path / "server.log").read_text()  # the server runs with PRESSDX_LOG_LEVEL=DEBUG
    assert f"DEBUG store.db: database schema at revision {db.head_revision()}: up to date" in log


def test_streamlit_run_serves_sign_in_and_the_app(server: tuple[int, str]) -> None:
    port, url = server
    status, headers, page = _request(port, "GET", "/auth/login")
    assert status == 200 and "Đăng nhập" in page and "Tên đăng nhập" in page
    csrf_cookie = next(v for k, v in headers if k.lower() == "set-cookie" and v.startswith("pressdx_csrf="))
    csrf = csrf_cookie.split(";", 1)[0].split("=", 1)[1]
    assert re.search(rf'name="csrf" value="{re.escape(csrf)}"', page)
    form = urlencode({"csrf": csrf, "username": "admin", "password": PASSWORD})
    status, headers, _ = _request(
        port,
        "POST",
        "/auth/login",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
            "Host": f"127.0.0.1:{port}",
            "Cookie": f"pressdx_csrf={csrf}",
        },
    )
    assert status == 303 and dict((k.lower(), v) for k, v in headers)["location"] == "/"
    session_cookie = next(v for k, v in headers if k.lower() == "set-cookie" and v.startswith("pressdx_sid="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    token = session_cookie.split(";", 1)[0].split("=", 1)[1]
    actor = sessions.resolve_session(db.get_engine(url), token)
    assert actor is not None and actor.username == "admin"
    status, _, page = _request(port, "GET", "/", headers={"Cookie": f"pressdx_sid={token}"})
    assert status == 200 and "<noscript>" in page and "streamlit" in page.lower()
