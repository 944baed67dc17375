"""Drive the real app in a browser (Chromium through Playwright): helpers that wait for Streamlit's
reruns the way Streamlit's own e2e suite does, on state rather than on sleeps.

Waiting, in short:
- `goto_app(page, server)` opens a page and returns once its first script run has finished and
  been drawn.
- `with expect_rerun(page): ...` (or `click_and_wait(page, locator)`) wraps an action that makes
  the script run again, and returns once that run has finished and been drawn. It counts the
  `script_finished` messages that the server sends over the page's websocket, so it cannot return
  before the rerun has even started (the race that makes Streamlit's helper pause 210 ms first).
- `wait_for_app_run(page)` waits for what the page shows: connected, no script running, no skeleton.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

from harness.server import RESULTS_DIR, StreamlitServer

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The network here is closed: without these Chromium keeps trying to reach Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1366, "height": 900}
LOCALE = "vi-VN"

RUN_TIMEOUT = 30.0  # seconds, for one script run to finish and be drawn
SCREENSHOT_DIR = RESULTS_DIR / "screenshots"


def chromium_executable() -> str:
    """The browser to drive: env PRESSDX_CHROMIUM (a path or a command name), else /usr/bin/chromium.
    The returned path may not exist; `chromium_problem()` says so."""
    wanted = os.environ.get("PRESSDX_CHROMIUM") or DEFAULT_CHROMIUM
    if os.sep not in wanted:
        return shutil.which(wanted) or wanted
    return wanted


def chromium_problem(path: str) -> str | None:
    """Why the browser at `path` cannot be used, or None."""
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return None
    return (
        f"Chromium not found at {path}; install it (apt-get install chromium) to run the browser tests,"
        " or point PRESSDX_CHROMIUM at a Chromium binary"
    )


class RunTracker:
    """Counts the script runs that the server reports finished to one page (a `script_finished`
    message on the page's `/_stcore/stream` websocket, other than 'stopped early for a rerun').
    Fragment runs count too. A reconnect after a server restart is followed."""

    def __init__(self) -> None:
        self.finished = 0
        self.started = 0  # every run, a fragment's or one stopped early too: its `new_session` message
        self.compile_errors = 0

    def on_websocket(self, ws) -> None:  # ws: playwright.sync_api.WebSocket
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = parse_message(payload, ForwardMsg)
        if msg is not None and msg.WhichOneof("type") == "new_session":
            self.started += 1
        if msg is None or not run_finished(msg):
            return
        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.compile_errors += 1
        self.finished += 1


def parse_message(payload: str | bytes, cls: type):
    """A websocket frame read as Streamlit's protobuf message `cls` (ForwardMsg, BackMsg), or None
    when it is not one (text frames, anything else: not ours to judge; the page will show it)."""
    if not isinstance(payload, bytes):
        return None
    msg = cls()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return None
    return msg


def run_finished(msg) -> bool:
    """Whether a ForwardMsg reports a script run finished (not one stopped early for a rerun)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN


_trackers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def track_runs(page) -> RunTracker:
    """The page's run tracker, installed on first call (call it before the page opens the app;
    the `page` fixture and `goto_app` do)."""
    tracker = _trackers.get(page)
    if tracker is None:
        tracker = RunTracker()
        page.on("websocket", tracker.on_websocket)
        _trackers[page] = tracker
    return tracker


def _wait_for_runs(page, count: int, timeout: float, what: str) -> None:
    tracker = track_runs(page)
    deadline = time.monotonic() + timeout
    while tracker.finished < count:
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{what}: no script run finished within {timeout:.0f} s"
                f" ({tracker.finished} finished so far on this page)"
            )
        # Lets Playwright deliver websocket frames to the tracker while this thread waits.
        page.wait_for_timeout(20)


def wait_for_app_run(page, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until the page is connected, no script is running and no skeleton is left (what
    Streamlit's own `wait_for_app_run` checks, without its fixed pauses). Right after an action that
    causes a rerun, use `expect_rerun` instead: this may return before the rerun starts."""
    from playwright.sync_api import expect

    ms = timeout * 1000
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", state="attached", timeout=ms
    )
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", state="attached", timeout=ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=ms)


@contextlib.contextmanager
def expect_rerun(page, timeout: float = RUN_TIMEOUT, runs: int = 1) -> Iterator[None]:
    """Wrap an action that makes the script run: returns when `runs` more runs have finished and
    the page shows the result.

        with expect_rerun(page):
            page.locator(".st-key-name input").fill("Báo Ninh Bình")
            page.keyboard.press("Enter")
    """
    tracker = track_runs(page)
    target = tracker.finished + runs
    yield
    _wait_for_runs(page, target, timeout, "after the action")
    wait_for_app_run(page, timeout)


def click_and_wait(page, target, timeout: float = RUN_TIMEOUT) -> None:
    """Click `target` (a Locator, or a selector string) and wait for the rerun it causes."""
    locator = page.locator(target) if isinstance(target, str) else target
    with expect_rerun(page, timeout):
        locator.click()


def goto_app(page, server_or_url, path: str = "", timeout: float = RUN_TIMEOUT):
    """Open the app (a StreamlitServer or a base URL, plus `path`, e.g. "/?lang=en") and wait for
    its first run to finish and be drawn. Returns the navigation response."""
    base = server_or_url.url if isinstance(server_or_url, StreamlitServer) else str(server_or_url)
    tracker = track_runs(page)
    target = tracker.finished + 1
    response = page.goto(base.rstrip("/") + path, wait_until="domcontentloaded", timeout=timeout * 1000)
    if response is None or response.status != 200:
        status = response.status if response is not None else "no response"
        raise AssertionError(f"GET {base}{path} answered {status}")
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=timeout * 1000)
    _wait_for_runs(page, target, timeout, f"opening {base}{path}")
    wait_for_app_run(page, timeout)
    return response


def expect_no_exception(page) -> None:
    """Fail if the page shows a Python exception box, quoting it."""
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        raise AssertionError("the page shows an exception:\n" + "\n---\n".join(boxes.all_inner_texts()))


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG as test-results/screenshots/<name>.png and return its path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path
