"""PostgreSQL for the tests: the server named by PRESSDX_TEST_DATABASE_URL (or PRESSDX_PG_URL; see
`postgres_test_url` in tests/conftest.py, which the `engine` fixture reads too).

Start one with `export PRESSDX_TEST_DATABASE_URL=$(scripts/pg_test_server.sh start)` (.ci/run does).
Without it, tests that need PostgreSQL are skipped with the reason; under CI=true they fail.

- `postgres_url_or_skip()` from any fixture or test: the URL, else skip (fail under CI).
- `scratch_database(url)`: a context manager that creates an empty database of its own on that
  server, yields its URL and drops it afterwards, so a test (or a server under test) starts clean.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.db import database_url
from tests.conftest import postgres_test_url as postgres_url

ENV = "PRESSDX_TEST_DATABASE_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MISSING = (
    f"{ENV} is not set: PostgreSQL tests need a server; start one with "
    f"`export {ENV}=$(scripts/pg_test_server.sh start)`"
)


def postgres_url_or_skip() -> str:
    """The test server's URL, with the psycopg 3 driver named; else skip (fail under CI)."""
    url = postgres_url()
    if url:
        return database_url(url)
    if IN_CI:
        pytest.fail(f"{MISSING} (CI=true: PostgreSQL tests must run in CI; .ci/run starts the server)")
    pytest.skip(MISSING)


@contextlib.contextmanager
def scratch_database(url: str, prefix: str = "pressdx_t") -> Iterator[str]:
    """Create a fresh database beside the one `url` names; yield its URL; drop it (FORCE ends any
    connection still open, e.g. from a server process that a test left behind)."""
    url = database_url(url)
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
