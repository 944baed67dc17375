"""Proof that the PostgreSQL path is exercised where a server is given.

With PRESSDX_TEST_DATABASE_URL set, the `engine` fixture already runs every store test on that
server; this test makes the absence of a server visible: skipped (with the reason) on a developer
machine, a failure on CI (CI=true), where a missing server would otherwise pass silently."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, text

from store import db
from tests.conftest import POSTGRES_HOW, postgres_test_url


@pytest.mark.postgres
def test_store_suite_runs_on_postgresql(request: pytest.FixtureRequest) -> None:
    if postgres_test_url() is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(POSTGRES_HOW + " (required on CI)")
        pytest.skip(POSTGRES_HOW)
    engine: Engine = request.getfixturevalue("engine")
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"
    with engine.connect() as connection:
        assert connection.execute(text("SHOW server_version")).scalar()
        schema = connection.execute(text("SELECT current_schema()")).scalar()
        assert schema and schema.startswith("t_"), "each test gets its own schema"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == db.head_revision()
