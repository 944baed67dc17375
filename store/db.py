"""Engines, transactions and schema upgrades.

Callers may call `get_engine()` on every Streamlit rerun: engines are cached per URL, so each rerun
reuses one connection pool instead of opening a new one.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import settings
from store.errors import StorageFull
from store.models import Base

log = logging.getLogger(__name__)
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else DATABASE_URL (settings.py), else the SQLite file under data/.

    Plain `postgresql://` (as hosting providers hand it out) is pointed at psycopg 3, the driver
    that is installed; SQLAlchemy's default for that scheme would be psycopg2."""
    url = url or settings.current().database_url
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (see `database_url` for the default)."""
    resolved = database_url(url)
    engine = _engines.get(resolved)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(resolved)
        if engine is None:
            engine = _create(resolved)
            _engines[resolved] = engine
    return engine


def dispose_engines() -> None:
    """Close every cached pool (tests, and processes that fork)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    if (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or parsed.query.get("mode") == "memory"
    ):
        raise ValueError(
            "An in-memory SQLite database is refused: Streamlit runs each browser session on its own "
            "thread and SQLite gives every thread its own empty in-memory database, so saved answers "
            "would vanish. Use a file, e.g. sqlite:///data/demo.db."
        )
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers go on while one session writes; busy_timeout makes a second writer wait
    instead of failing at once; SQLite leaves foreign keys off unless asked. synchronous=NORMAL: in
    WAL mode the log is flushed at checkpoints, not at every commit, so a power cut can lose the last
    commits but never corrupts the database, and a process crash loses nothing (README, "Nothing
    lost"); FULL would add a flush to every save (measured: 23 ms a save against 3 ms)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls back if it raises.

    Objects stay readable after the commit (expire_on_commit=False), so functions can turn them into
    dataclasses after the transaction has closed. A full disk is a StorageFull, which pages show in
    the reader's language like any refusal: the transaction was rolled back whole."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except DBAPIError as exc:
        if is_disk_full(exc):
            raise StorageFull() from exc
        raise


PG_DISK_FULL = "53100"


def is_disk_full(exc: DBAPIError) -> bool:
    """SQLite's SQLITE_FULL ("database or disk is full"), PostgreSQL's disk_full (SQLSTATE 53100)."""
    return (getattr(exc.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or getattr(exc.orig, "sqlstate", None) == PG_DISK_FULL)


# --- schema upgrades -------------------------------------------------------------------------------
# Alembic revisions in store/migrations/versions/, one per schema change; never edit one that has
# shipped. An empty database gets the current models through create_all and is stamped at the head, so
# a revision only ever runs on a database made before it. A database that the hand-written upgrades
# numbered (a schema_version table, no alembic_version) is stamped at the revision of its number first.

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LEGACY_REVISIONS = {1: "0001", 2: "0002", 3: "0003", 4: "0004", 5: "0005"}  # schema_version → revision
_LEGACY_TABLE = "schema_version"
_PG_INIT_LOCK = 7427301


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the shipped revisions; with `connection`, they run on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@functools.cache
def alembic_scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = alembic_scripts().get_current_head()
    if head is None:
        raise RuntimeError("store/migrations/versions holds no revision")
    return head


def init_db(engine: Engine) -> str:
    """Create the schema, or bring an older database up to date without losing data.
    Safe to run on every start; returns the schema revision now in place."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two app processes starting together must not both run the same revision.
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_PG_INIT_LOCK})"))
        _bring_up_to_date(connection)
    return head_revision()


def _bring_up_to_date(connection: Connection) -> None:
    tables = set(inspect(connection).get_table_names())
    context = MigrationContext.configure(connection)
    if "alembic_version" not in tables and _LEGACY_TABLE not in tables:
        Base.metadata.create_all(connection)
        context.stamp(alembic_scripts(), "head")
        log.info("database schema created at revision %s", head_revision())
        return
    if "alembic_version" not in tables:
        legacy = _legacy_revision(connection)
        context.stamp(alembic_scripts(), legacy)
        log.info("database numbered by the hand-written upgrades: stamped at revision %s", legacy)
    current = context.get_current_revision()
    if current == head_revision():
        log.debug("database schema at revision %s: up to date", current)
        return
    command.upgrade(alembic_config(connection), "head")
    log.info("database schema upgraded from revision %s to %s", current, head_revision())


def _legacy_revision(connection: Connection) -> str:
    """The revision matching the number the hand-written upgrades left in schema_version."""
    version = connection.scalar(text(f"SELECT max(version) FROM {_LEGACY_TABLE}"))
    if version not in LEGACY_REVISIONS:
        raise RuntimeError(f"{_LEGACY_TABLE} says {version!r}, a number no pressdx release wrote")
    return LEGACY_REVISIONS[version]


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; None before init_db (or for a database it never stamped)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
