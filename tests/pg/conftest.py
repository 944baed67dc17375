"""PostgreSQL fixtures, and the rule for every test marked `postgres` in the session: without
PRESSDX_TEST_DATABASE_URL it is skipped with the reason (failed under CI=true).

The rule is a plugin object registered from here, so it applies to marked tests in any folder, not
only this one (a conftest's own test hooks only see the tests beneath it). The one-line notice at
the end of a run with skipped PostgreSQL tests comes from tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import postgres_url, postgres_url_or_skip, scratch_database


class _PostgresGate:
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if item.get_closest_marker("postgres") is not None and not postgres_url():
            postgres_url_or_skip()


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pressdx-postgres-gate"):
        config.pluginmanager.register(_PostgresGate(), "pressdx-postgres-gate")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The URL of the test server's database (PRESSDX_TEST_DATABASE_URL); skips without it."""
    return postgres_url_or_skip()


@pytest.fixture
def pg_scratch_url(pg_url: str) -> Iterator[str]:
    """The URL of an empty database made for this test alone, dropped afterwards."""
    with scratch_database(pg_url) as url:
        yield url
