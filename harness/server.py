"""A `streamlit run` server of this repository in a child process, for the browser tests and the
benchmark alike: started on a free loopback port with a clean environment, answered its health check,
stopped with its children; and `manage.py` run the same way."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "test-results"
LOG_DIR = RESULTS_DIR / "logs"

STARTUP_TIMEOUT = 60.0  # seconds, for the server to answer its health check

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
