"""Fixtures for the browser tests: a real `streamlit run` server and headless Chromium.

- `browser` (package; see why there): Chromium from PRESSDX_CHROMIUM or /usr/bin/chromium, driven by
  Playwright.
  Missing, it skips the test with the reason; under CI=true it fails it instead.
- `page` (per test): a fresh context (1366x900, vi-VN) and page, its script runs tracked for
  `expect_rerun`; a screenshot is saved to test-results/screenshots/ when the test fails.
- `start_server(env=None, *, target=None, start=True, **kwargs)` (per test): starts a server,
  stopped at the end. Without DATABASE_URL in `env` it gets a fresh database of its own: an empty
  PostgreSQL database on the test server when PRESSDX_TEST_DATABASE_URL is set (dropped afterwards),
  else a SQLite file under tmp_path.
- `app_server` (per test): `start_server()` on the real app and a fresh database.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from harness.page import CHROMIUM_ARGS, LOCALE, VIEWPORT, chromium_executable, chromium_problem, screenshot, track_runs
from harness.server import LOG_DIR, StreamlitServer, app_target, sqlite_url
from tests.conftest import postgres_test_url
from tests.pg import scratch_database

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Why browser tests were skipped, for the one-line notice at the end of the run.
_skip_reasons: set[str] = set()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keeps each phase's report on the item, so the `page` fixture knows whether the test failed."""
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "e2e" in getattr(r, "keywords", {})]
    if skipped and _skip_reasons:
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} browser test(s) skipped: {'; '.join(sorted(_skip_reasons))}", yellow=True
        )


# --- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    problem = chromium_problem(path)
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} (CI=true: browser tests must run in CI; .ci/run installs it)")
        _skip_reasons.add(problem)
        pytest.skip(problem)
    return path


@pytest.fixture(scope="package")
def browser(chromium_path: str) -> Iterator[object]:
    """One Chromium for the browser tests of this package. Not session-wide on purpose: while Playwright's
    sync API is open, it keeps an asyncio loop marked as running on the main thread, and every later
    test that runs asyncio there (Starlette's TestClient, asyncio.run) fails with "Already running
    asyncio in this thread". Closed after the last browser test, it leaves the rest of the suite alone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    page = context.new_page()
    track_runs(page)
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        try:
            saved = screenshot(page, f"FAILED-{request.node.name}")
            request.node.add_report_section("teardown", "screenshot", str(saved))
        except Exception as exc:  # the page may be gone; the failure itself matters more
            request.node.add_report_section("teardown", "screenshot", f"not saved: {exc}")
    context.close()


# --- server ------------------------------------------------------------------------------------


def _slug(node: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node.name).strip("_")[:80]


@pytest.fixture
def start_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., StreamlitServer]]:
    """A function that starts a server and returns it, running; every one is stopped at the end.

        server = start_server({"PRESSDX_DEMO": "1"})                 # fresh SQLite database
        server = start_server({"DATABASE_URL": url}, target="asgi.py")
        server = start_server({"PRESSDX_DEMO": "1"}, start=False)    # not started yet:
        server.manage("seed-demo")                                  #   seed its database first
        server.start()

    Other keyword arguments go to `StreamlitServer` (port, startup_timeout, extra_args, log_path).
    Logs go to test-results/logs/<test>-<n>.log."""
    servers: list[StreamlitServer] = []
    databases = contextlib.ExitStack()

    def start(
        env: Mapping[str, str | None] | None = None,
        *,
        target: str | Path | None = None,
        start: bool = True,
        **kwargs,
    ) -> StreamlitServer:
        n = len(servers) + 1
        env = dict(env or {})
        if "DATABASE_URL" not in env:
            pg = postgres_test_url()
            env["DATABASE_URL"] = (databases.enter_context(scratch_database(pg, "pressdx_e2e")) if pg
                                   else sqlite_url(tmp_path / f"pressdx-{n}.db"))
        kwargs.setdefault("log_path", LOG_DIR / f"{_slug(request.node)}-{n}.log")
        server = StreamlitServer(target or app_target(), env, **kwargs)
        servers.append(server)
        return server.start() if start else server

    with databases:
        yield start
        for server in reversed(servers):
            server.stop()


@pytest.fixture
def app_server(start_server: Callable[..., StreamlitServer]) -> StreamlitServer:
    """The real app (asgi.py, else app.py) on a fresh SQLite database."""
    target = app_target()
    if not target.exists():
        pytest.fail(f"{target.name} is missing: the browser tests need the app to exist")
    return start_server()


@pytest.fixture
def demo_server(start_server: Callable[..., StreamlitServer]) -> StreamlitServer:
    """The real app on the sample province of examples/, with its demo accounts."""
    server = start_server({"PRESSDX_DEMO": "1"}, start=False)
    server.manage("seed-demo")
    return server.start()
