"""Every environment variable is read in settings.py, typed, and documented in README's Configuration
section."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import settings

ROOT = Path(__file__).resolve().parents[1]


def test_an_empty_environment_gives_the_documented_defaults() -> None:
    s = settings.current({})
    assert s.database_url == "sqlite:///data/pressdx.db"
    assert (s.session_idle_minutes, s.max_upload_mb, s.trust_proxy) == (60, 5.0, 0)
    assert not (s.cookie_secure or s.oidc or s.demo)
    assert (s.oidc_claim, s.app_script, s.log_level) == ("preferred_username", "app.py", "INFO")
    assert s.allowed_origins == () and s.new_password is None and s.pg_bindir is None
    assert s.slow_run_seconds == 2.0


def test_values_are_read_as_their_types() -> None:
    s = settings.current({
        "PRESSDX_SESSION_IDLE_MINUTES": " 15 ", "PRESSDX_MAX_UPLOAD_MB": "0.5", "PRESSDX_TRUST_PROXY": "2",
        "PRESSDX_COOKIE_SECURE": "1", "PRESSDX_AUTH": "OIDC", "PRESSDX_ALLOWED_ORIGINS": "https://a.vn, https://b.vn",
        "PRESSDX_LOG_LEVEL": "debug", "PRESSDX_SLOW_RUN_SECONDS": "0.25",
        "PRESSDX_BENCH_STREAMLIT_ARGS": "--runner.postScriptGC=false --server.headless true",
    })
    assert (s.session_idle_minutes, s.max_upload_mb, s.trust_proxy) == (15, 0.5, 2)
    assert s.cookie_secure and s.oidc and s.log_level == "DEBUG" and s.slow_run_seconds == 0.25
    assert s.allowed_origins == ("https://a.vn", "https://b.vn")
    assert s.bench_streamlit_args == ("--runner.postScriptGC=false", "--server.headless", "true")


def test_an_unreadable_or_out_of_range_value_falls_back() -> None:
    s = settings.current({"PRESSDX_SESSION_IDLE_MINUTES": "soon", "PRESSDX_MAX_UPLOAD_MB": "-3",
                          "PRESSDX_TRUST_PROXY": "-1", "PRESSDX_LOG_LEVEL": "loud", "PRESSDX_DEMO": "yes"})
    assert (s.session_idle_minutes, s.max_upload_mb, s.trust_proxy, s.log_level) == (60, 0.01, 0, "INFO")
    assert not s.demo  # only 1 turns a switch on


def test_the_process_environment_is_read_on_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    assert settings.current().database_url == "sqlite:///elsewhere.db"
    monkeypatch.delenv("DATABASE_URL")
    assert settings.current().database_url == settings.DEFAULT_DATABASE_URL


def test_every_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(settings.VARIABLES)


def test_no_other_module_reads_the_environment() -> None:
    """The app, the store, the web entry and the bench read settings.py; a process started for a child
    program (backups' pg_dump, the bench's servers) may copy the environment, which is not reading it.
    The tests' own tools (tests/, harness/) read theirs (PRESSDX_CHROMIUM, PRESSDX_TEST_DATABASE_URL)."""
    found = subprocess.run(["git", "grep", "-n", "-E", r"environ\.get|environ\[|getenv", "--", "*.py"],
                           cwd=ROOT, capture_output=True, text=True, check=False).stdout.splitlines()
    allowed = ("settings.py:", "tests/", "harness/", "bench/sampler/sitecustomize.py:", "bench/apptest.py:")
    assert [line for line in found if not line.startswith(allowed)] == []


def test_every_variable_read_is_listed() -> None:
    source = (ROOT / "settings.py").read_text(encoding="utf-8")
    body = source.split("class Settings", 1)[1]
    assert set(re.findall(r'"((?:DATABASE_URL|PRESSDX_[A-Z_]+))"', body)) == set(settings.VARIABLES)
