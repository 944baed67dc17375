"""Logging is set up once, by the server (asgi.py's start) and the command line (manage.py, -v/--quiet):
the project's records at the chosen level, other libraries' from WARNING, one line each on standard error."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import logconfig
from store import sessions
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in logconfig.PROJECT_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def test_the_project_logs_at_its_level_and_libraries_from_warning(restored_logging: None) -> None:
    stream = io.StringIO()
    logconfig.configure("INFO", stream)
    logging.getLogger("store.auth").info("signed in: %s", "quantri")
    logging.getLogger("store.auth").debug("not shown at INFO")
    logging.getLogger("urllib3.connectionpool").info("a library's chatter")
    logging.getLogger("urllib3.connectionpool").warning("a library's warning")
    lines = stream.getvalue().splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        "INFO store.auth: signed in: quantri", "WARNING urllib3.connectionpool: a library's warning"]


def test_a_sign_in_reaches_the_servers_log_at_info(restored_logging: None, store_world: World) -> None:
    """The store names its sign-in logger `pressdx.store.auth`: the set-up must bring it to the chosen level."""
    stream = io.StringIO()
    logconfig.configure("INFO", stream)
    sessions.authenticate(store_world.engine, "bvl", store_world.password, "198.51.100.7")
    assert "INFO pressdx.store.auth: signed in: 'bvl'" in stream.getvalue()


def test_configuring_again_replaces_the_handler(restored_logging: None, caplog: pytest.LogCaptureFixture) -> None:
    first, second = io.StringIO(), io.StringIO()
    logconfig.configure("INFO", first)
    logconfig.configure("WARNING", second)
    ours = [h for h in logging.getLogger().handlers if h.get_name() == logconfig.HANDLER_NAME]
    assert len(ours) == 1
    logging.getLogger("ui.runtime").info("below WARNING")
    logging.getLogger("ui.runtime").warning("slow run")
    assert first.getvalue() == "" and second.getvalue().endswith("WARNING ui.runtime: slow run\n")
    assert [r.getMessage() for r in caplog.records] == ["slow run"]  # records still reach pytest's handler


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRESSDX_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**clean, **env}, check=False)


def test_manage_logs_on_standard_error_louder_with_v_and_quieter_with_quiet(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pressdx.db'}"
    done = _manage("init", "--database-url", url, PRESSDX_LOG_LEVEL="WARNING")
    assert done.returncode == 0 and done.stderr == ""  # created, said at INFO: not shown at WARNING
    url = f"sqlite:///{tmp_path / 'second.db'}"
    done = _manage("-v", "init", "--database-url", url, PRESSDX_LOG_LEVEL="WARNING")
    assert done.returncode == 0 and "INFO store.db: database schema created at revision" in done.stderr
    assert "Cơ sở dữ liệu sẵn sàng" in done.stdout  # results stay on stdout, in Vietnamese unless told
    assert "Cơ sở dữ liệu sẵn sàng" not in done.stderr
    url = f"sqlite:///{tmp_path / 'third.db'}"
    done = _manage("--quiet", "init", "--database-url", url)
    assert done.returncode == 0 and done.stderr == ""
    done = _manage("--quiet", "-v", "init", "--database-url", url)
    assert done.returncode == 2 and "not allowed" in done.stderr
