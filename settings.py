"""Every environment variable the app, the command line, the web entry and the bench read, typed, read
here and nowhere else. README's Configuration section documents each one (a test checks it).

`current()` reads the environment on each call (a few dictionary look-ups), so a test or a deployment
that sets a variable sees it take effect without a restart of anything cached. A value that cannot be
read as its type falls back to its default, except PRESSDX_ALLOWED_ORIGINS, whose entries the web entry
checks at start and refuses loudly (webentry/origins.py). This module imports nothing of the project.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///data/pressdx.db"
DEFAULT_IDLE_MINUTES = 60
DEFAULT_MAX_UPLOAD_MB = 5.0
DEFAULT_OIDC_CLAIM = "preferred_username"
DEFAULT_APP_SCRIPT = "app.py"
DEFAULT_SLOW_RUN_SECONDS = 2.0
DEFAULT_LOG_LEVEL = "INFO"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

# every variable read here, each a row of README's Configuration table
VARIABLES = (
    "DATABASE_URL",
    "PRESSDX_SESSION_IDLE_MINUTES",
    "PRESSDX_MAX_UPLOAD_MB",
    "PRESSDX_COOKIE_SECURE",
    "PRESSDX_TRUST_PROXY",
    "PRESSDX_ALLOWED_ORIGINS",
    "PRESSDX_AUTH",
    "PRESSDX_OIDC_CLAIM",
    "PRESSDX_DEMO",
    "PRESSDX_APP_SCRIPT",
    "PRESSDX_NEW_PASSWORD",
    "PRESSDX_PG_BINDIR",
    "PRESSDX_LOG_LEVEL",
    "PRESSDX_SLOW_RUN_SECONDS",
    "PRESSDX_BENCH_STREAMLIT_ARGS",
)


@dataclass(frozen=True)
class Settings:
    database_url: str  # as given; store.db.database_url points postgresql:// at psycopg 3
    session_idle_minutes: int
    max_upload_mb: float
    cookie_secure: bool
    trust_proxy: int  # how many of our own proxies stand in front; 0: X-Forwarded-* is never read
    allowed_origins: tuple[str, ...]  # the entries as written; webentry/origins.py checks them
    oidc: bool  # PRESSDX_AUTH=oidc
    oidc_claim: str
    demo: bool
    app_script: str
    new_password: str | None
    pg_bindir: str | None
    log_level: str
    slow_run_seconds: float
    bench_streamlit_args: tuple[str, ...]


def current(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in `environ` (default: this process's environment)."""
    env = os.environ if environ is None else environ
    return Settings(
        database_url=_text(env, "DATABASE_URL") or DEFAULT_DATABASE_URL,
        session_idle_minutes=max(1, _int(env, "PRESSDX_SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)),
        max_upload_mb=max(0.01, _float(env, "PRESSDX_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)),
        cookie_secure=_flag(env, "PRESSDX_COOKIE_SECURE"),
        trust_proxy=max(0, _int(env, "PRESSDX_TRUST_PROXY", 0)),
        allowed_origins=tuple(_text(env, "PRESSDX_ALLOWED_ORIGINS").replace(",", " ").split()),
        oidc=_text(env, "PRESSDX_AUTH").lower() == "oidc",
        oidc_claim=_text(env, "PRESSDX_OIDC_CLAIM") or DEFAULT_OIDC_CLAIM,
        demo=_flag(env, "PRESSDX_DEMO"),
        app_script=_text(env, "PRESSDX_APP_SCRIPT") or DEFAULT_APP_SCRIPT,
        new_password=env.get("PRESSDX_NEW_PASSWORD") or None,
        pg_bindir=_text(env, "PRESSDX_PG_BINDIR") or None,
        log_level=_level(env),
        slow_run_seconds=max(0.0, _float(env, "PRESSDX_SLOW_RUN_SECONDS", DEFAULT_SLOW_RUN_SECONDS)),
        bench_streamlit_args=tuple(shlex.split(_text(env, "PRESSDX_BENCH_STREAMLIT_ARGS"))),
    )


def _text(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _flag(env: Mapping[str, str], name: str) -> bool:
    return _text(env, name) == "1"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(_text(env, name) or default)
    except ValueError:
        return default


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(_text(env, name) or default)
    except ValueError:
        return default


def _level(env: Mapping[str, str]) -> str:
    level = _text(env, "PRESSDX_LOG_LEVEL").upper()
    return level if level in LOG_LEVELS else DEFAULT_LOG_LEVEL
