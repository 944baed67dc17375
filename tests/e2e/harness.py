"""Drive the real app in a browser: a `streamlit run` server in a child process, and helpers that
wait for Streamlit's reruns the way Streamlit's own e2e suite does, on state rather than on sleeps.

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
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "test-results"
SCREENSHOT_DIR = RESULTS_DIR / "screenshots"
LOG_DIR = RESULTS_DIR / "logs"

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

STARTUP_TIMEOUT = 60.0  # seconds, for the server to answer its health check
RUN_TIMEOUT = 30.0  # seconds, for one script run to finish and be drawn

# Loopback is never reached through a proxy, whatever http_proxy says.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Inherited variables that would change what the app under test does; a test sets what it needs.
_SCRUBBED_ENV = re.compile(r"^(DATABASE_URL|PRESSDX_.*|STREAMLIT_.*)$")


# --- locating things ---------------------------------------------------------------------------


def app_target() -> Path:
    """The script `streamlit run` serves: `asgi.py` (the `st.App` that adds the sign-in routes around
    app.py) where it exists, else `app.py`."""
    asgi = REPO_ROOT / "asgi.py"
    return asgi if asgi.exists() else REPO_ROOT / "app.py"


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def app_environment(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """This process's environment less DATABASE_URL, PRESSDX_* and STREAMLIT_*, with `overrides`
    laid over it (a value of None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if not _SCRUBBED_ENV.match(k)}
    env["PYTHONUNBUFFERED"] = "1"
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def run_manage(
    *args: str, env: Mapping[str, str | None] | None = None, timeout: float = 300.0
) -> subprocess.CompletedProcess[str]:
    """`python manage.py ARGS` from the repository root with `app_environment(env)`; raises with its
    output if it exits non-zero."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=app_environment(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}".rstrip()
        )
    return done


# --- the server --------------------------------------------------------------------------------


class ServerError(RuntimeError):
    pass


class StreamlitServer:
    """One `streamlit run` process on 127.0.0.1, run from the repository root.

    `env` is laid over this process's environment, less DATABASE_URL, PRESSDX_* and STREAMLIT_*
    (see `app_environment`). Output goes to `log_path` (a file, never a pipe, which
    could fill up and block the server). The port is kept across `kill()` and `restart()`, so an
    open page reconnects to the new process by itself.

        server = StreamlitServer(env={"DATABASE_URL": sqlite_url(tmp_path / "db.sqlite")})
        server.start()
        ...
        server.kill(signal.SIGKILL)   # as a crash would
        server.restart()              # same port, same database
        server.stop()
    """

    def __init__(
        self,
        target: str | Path | None = None,
        env: Mapping[str, str | None] | None = None,
        *,
        port: int | None = None,
        log_path: str | Path | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
        extra_args: tuple[str, ...] | list[str] = (),
    ) -> None:
        self.target = Path(target) if target else app_target()
        if not self.target.is_absolute():
            self.target = REPO_ROOT / self.target
        self.env = dict(env or {})
        self._fixed_port = port is not None
        self.port = port or free_port()
        self.log_path = Path(log_path) if log_path else LOG_DIR / f"streamlit-{self.port}.log"
        self.startup_timeout = startup_timeout
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", str(self.target),
            "--server.headless=true",
            f"--server.port={self.port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
            *self.extra_args,
        ]  # fmt: skip

    def environment(self) -> dict[str, str]:
        return app_environment(self.env)

    def manage(self, *args: str, timeout: float = 300.0) -> subprocess.CompletedProcess[str]:
        """`python manage.py ARGS` with this server's environment (so on its database), e.g.
        `server.manage("seed-demo")`; works before `start()` too. Raises if it exits non-zero."""
        return run_manage(*args, env=self.env, timeout=timeout)

    def start(self) -> StreamlitServer:
        """Start the process and wait until /_stcore/health answers `ok`. If the port was picked here
        and another process took it meanwhile, it tries once more on another port."""
        if self.is_running():
            raise ServerError(f"server already running (pid {self.pid})")
        if not self.target.exists():
            raise ServerError(f"no script to serve at {self.target}")
        try:
            self._spawn_and_wait()
        except ServerError:
            if self._fixed_port or "already in use" not in self.log_tail():
                raise
            self.port = free_port()
            self._spawn_and_wait()
        return self

    def _spawn_and_wait(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== {time.strftime('%H:%M:%S')} start: {' '.join(self.command())}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.command(),
                cwd=REPO_ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in pytest's terminal reaches pytest, which stops it
            )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        health = f"{self.url}/_stcore/health"
        last_error = "no answer yet"
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerError(
                    f"streamlit exited with code {self.process.returncode} before it was healthy"
                    f" ({self.target.name} on port {self.port}); log {self.log_path}:\n{self.log_tail()}"
                )
            try:
                with _NO_PROXY.open(health, timeout=2) as response:
                    body = response.read().decode(errors="replace").strip()
                if response.status == 200 and body == "ok":
                    return
                last_error = f"HTTP {response.status}: {body[:200]}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                last_error = str(exc)
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(
                    f"{health} did not answer 'ok' within {self.startup_timeout:.0f} s (last: {last_error});"
                    f" log {self.log_path}:\n{self.log_tail()}"
                )
            time.sleep(0.1)  # polling a health check, not waiting for the page

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds. Safe to call twice."""
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)

    def kill(self, sig: int = signal.SIGKILL, timeout: float = 10.0) -> int:
        """Send `sig` (a crash by default) and wait for the process to end; returns its exit code."""
        proc = self.process
        if proc is None or proc.poll() is not None:
            raise ServerError("server is not running")
        proc.send_signal(sig)
        return proc.wait(timeout=timeout)

    def restart(self) -> StreamlitServer:
        """A new process on the same port, target, environment and log (stops the old one if needed)."""
        self.stop()
        self._fixed_port = True
        return self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --- the browser side --------------------------------------------------------------------------


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
