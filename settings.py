"""Every environment variable the app, the command line, the web entry and the bench read, typed, read
here and nowhere else. README's Configuration section documents each one (a test checks it).

Values are read from the environment when asked for, so a test or a deployment that sets a variable
sees it take effect without a restart of anything cached. A value that cannot be read as its type falls
back to its default, except PRESSDX_ALLOWED_ORIGINS, whose entries the web entry checks at start and
refuses loudly (webentry/origins.py). This module imports nothing of the project.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

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


class Settings:
    """The typed values of one environment. Each is read when asked for (a dictionary look-up or two):
    a page asks for the database URL on every click, and parsing every variable each time would cost
    more than the click's own work."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._env = environ

    @property
    def database_url(self) -> str:
        """As given; store.db.database_url points postgresql:// at psycopg 3."""
        return self._text("DATABASE_URL") or DEFAULT_DATABASE_URL

    @property
    def session_idle_minutes(self) -> int:
        return max(1, self._int("PRESSDX_SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))

    @property
    def max_upload_mb(self) -> float:
        return max(0.01, self._float("PRESSDX_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))

    @property
    def cookie_secure(self) -> bool:
        return self._flag("PRESSDX_COOKIE_SECURE")

    @property
    def trust_proxy(self) -> int:
        """How many of our own proxies stand in front; 0: X-Forwarded-* is never read."""
        return max(0, self._int("PRESSDX_TRUST_PROXY", 0))

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The entries as written (commas or spaces between); webentry/origins.py checks them."""
        return tuple(self._text("PRESSDX_ALLOWED_ORIGINS").replace(",", " ").split())

    @property
    def oidc(self) -> bool:
        """PRESSDX_AUTH=oidc: sign-in through the province's OpenID Connect provider."""
        return self._text("PRESSDX_AUTH").lower() == "oidc"

    @property
    def oidc_claim(self) -> str:
        return self._text("PRESSDX_OIDC_CLAIM") or DEFAULT_OIDC_CLAIM

    @property
    def demo(self) -> bool:
        return self._flag("PRESSDX_DEMO")

    @property
    def app_script(self) -> str:
        return self._text("PRESSDX_APP_SCRIPT") or DEFAULT_APP_SCRIPT

    @property
    def new_password(self) -> str | None:
        return self._env.get("PRESSDX_NEW_PASSWORD") or None  # as typed: spaces may be part of it

    @property
    def pg_bindir(self) -> str | None:
        return self._text("PRESSDX_PG_BINDIR") or None

    @property
    def log_level(self) -> str:
        level = self._text("PRESSDX_LOG_LEVEL").upper()
        return level if level in LOG_LEVELS else DEFAULT_LOG_LEVEL

    @property
    def slow_run_seconds(self) -> float:
        """0: no run is logged as slow."""
        return max(0.0, self._float("PRESSDX_SLOW_RUN_SECONDS", DEFAULT_SLOW_RUN_SECONDS))

    @property
    def bench_streamlit_args(self) -> tuple[str, ...]:
        return tuple(shlex.split(self._text("PRESSDX_BENCH_STREAMLIT_ARGS")))

    def _text(self, name: str) -> str:
        return self._env.get(name, "").strip()

    def _flag(self, name: str) -> bool:
        return self._text(name) == "1"

    def _int(self, name: str, default: int) -> int:
        try:
            return int(self._text(name) or default)
        except ValueError:
            return default

    def _float(self, name: str, default: float) -> float:
        try:
            return float(self._text(name) or default)
        except ValueError:
            return default


def current(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of `environ` (default: this process's environment, as it is when a value is asked for)."""
    return Settings(os.environ if environ is None else environ)
