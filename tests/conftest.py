"""Shared database fixtures.

- `engine`: a fresh, initialised database per test: a temporary SQLite *file* (never :memory:, which
  Streamlit's threads would not share), or, when PRESSDX_TEST_DATABASE_URL (or PRESSDX_PG_URL) holds
  a `postgresql+psycopg://` URL, a fresh schema on that server, dropped afterwards. The whole store
  suite thus runs on either backend unchanged.
- `fast_hashing`: argon2id with tiny costs, so tests that create accounts stay fast (the `engine`
  fixture turns it on).
- `fake_clock`: replaces `store.clock.now`; move time with `fake_clock.advance(minutes=16)`.
- `store_world`: two agencies, an open and a closed year, and one account per role.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import hypothesis
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from store.access import Actor

T = TypeVar("T")


def present(value: T | None) -> T:
    """`value`, which the test expects to be there (a lookup that may find nothing found something)."""
    assert value is not None
    return value

# No test asserts a time, hypothesis's per-example deadline included: on a loaded machine a slow
# example is not a wrong one.
hypothesis.settings.register_profile("pressdx", deadline=None)
hypothesis.settings.load_profile("pressdx")

PG_URL_VARIABLES = ("PRESSDX_TEST_DATABASE_URL", "PRESSDX_PG_URL")
WORLD_PASSWORD = "mat-khau-thu-nghiem-2026"


def postgres_test_url() -> str | None:
    """The PostgreSQL server given for tests, if any. DATABASE_URL is deliberately not read: it may
    point at real data."""
    for name in PG_URL_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


POSTGRES_HOW = (
    "no PostgreSQL server given: set PRESSDX_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/DB "
    "to run the store suite on PostgreSQL"
)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Say so at the end when the PostgreSQL check was skipped: the default -q run hides skip reasons."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("postgres" in getattr(report, "keywords", {}) for report in skipped):
        terminalreporter.write_line(f"postgres: skipped, {POSTGRES_HOW}")


def pytest_report_header(config: pytest.Config) -> str:
    url = postgres_test_url()
    if url is None:
        return (
            "database: temporary SQLite files (set PRESSDX_TEST_DATABASE_URL=postgresql+psycopg://... "
            "to run the store tests on PostgreSQL)"
        )
    shown = make_url(url)
    return f"database: PostgreSQL {shown.host}:{shown.port or 5432}/{shown.database} (a fresh schema per test)"


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from store import passwords

    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def engine(tmp_path, fast_hashing) -> Iterator[Engine]:
    from store import db

    url = postgres_test_url()
    if url is None:
        created = db.get_engine(f"sqlite:///{tmp_path / 'pressdx.db'}")
        db.init_db(created)
        yield created
        db.dispose_engines()
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    server = create_engine(db.database_url(url))
    with server.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(db.database_url(url)).update_query_dict({"options": f"-csearch_path={schema}"})
    created = db.get_engine(scoped.render_as_string(hide_password=False))
    try:
        db.init_db(created)
        yield created
    finally:
        db.dispose_engines()
        with server.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    from store import clock

    fake = FakeClock(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", fake.now)
    return fake


@dataclass(frozen=True)
class World:
    engine: Engine
    admin: Actor
    reviewer: Actor
    agency_a: Actor  # of agency_a_id
    agency_b: Actor  # of agency_b_id
    agency_a_id: str = "bao-vinh-long"
    agency_b_id: str = "dai-ptth-vinh-long"
    year: int = 2026
    closed_year: int = 2025
    password: str = WORLD_PASSWORD


@pytest.fixture
def store_world(engine: Engine) -> World:
    from store import accounts, agencies, years
    from store.access import SYSTEM_ACTOR

    def actor(info: accounts.UserInfo) -> Actor:
        return Actor(info.id, info.username, info.display_name, info.role, info.agency_id)

    admin = actor(accounts.create_user(engine, None, "admin", WORLD_PASSWORD, "admin", display_name="Quản trị"))
    agencies.create_agency(engine, admin, "bao-vinh-long", "Báo Vĩnh Long", "newspaper", ["print", "online"])
    agencies.create_agency(engine, admin, "dai-ptth-vinh-long", "Đài PT-TH Vĩnh Long", "radio_tv", ["radio", "tv"])
    years.create_year(engine, SYSTEM_ACTOR, 2025, is_open=False)
    years.create_year(engine, SYSTEM_ACTOR, 2026)
    reviewer = actor(
        accounts.create_user(engine, admin, "sotttt", WORLD_PASSWORD, "reviewer", display_name="Sở VHTTDL")
    )
    agency_a = actor(
        accounts.create_user(engine, admin, "bvl", WORLD_PASSWORD, "agency", "bao-vinh-long",
                             display_name="Nguyễn Văn A")
    )
    agency_b = actor(
        accounts.create_user(engine, admin, "thvl", WORLD_PASSWORD, "agency", "dai-ptth-vinh-long",
                             display_name="Trần B")
    )
    return World(engine=engine, admin=admin, reviewer=reviewer, agency_a=agency_a, agency_b=agency_b)
