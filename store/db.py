"""Engines, transactions and schema upgrades.

Callers may call `get_engine()` on every Streamlit rerun: engines are cached per URL, so each rerun
reuses one connection pool instead of opening a new one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import settings
from store.errors import StorageFull
from store.models import Base, SchemaVersion
from store.year_record import record_closed_years

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
# Append a step for each schema change; never edit or reorder a step that has shipped. A fresh
# database gets the current models through create_all and is stamped with the latest number, so a
# step only ever runs on a database created before it.

Step = tuple[str, Callable[[Connection], None]]


def _create_all(connection: Connection) -> None:
    Base.metadata.create_all(connection)


def _answers_unconfirmed(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE answers ADD COLUMN unconfirmed BOOLEAN NOT NULL DEFAULT FALSE"))


def _add_report_texts(connection: Connection) -> None:
    """The department's edited wording of the annual report, per year, language and section: the
    table as this step made it, written out, so a later change of the model never changes the step."""
    from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, PrimaryKeyConstraint, String, Table
    from sqlalchemy import Text as TextType

    schema = MetaData()
    Table("years", schema, Column("year", Integer, primary_key=True))  # referred to, already there
    Table("report_texts", schema,
          Column("year", Integer, ForeignKey("years.year", name="fk_report_texts_year_years"), nullable=False),
          Column("lang", String(2), nullable=False),
          Column("section", String(32), nullable=False),
          Column("text", TextType, nullable=False),
          Column("updated_at", DateTime(timezone=True), nullable=False),
          Column("updated_by", String(64)),
          PrimaryKeyConstraint("year", "lang", "section", name="pk_report_texts"),
          ).create(connection, checkfirst=True)


def _users_lang(connection: Connection) -> None:
    """Each account's language. A database that has the column already (a test replaying the steps
    after an earlier one) is left as it is."""
    if "lang" not in {c["name"] for c in inspect(connection).get_columns("users")}:
        connection.execute(text("ALTER TABLE users ADD COLUMN lang VARCHAR(2)"))


MIGRATIONS: list[Step] = [
    ("create the schema", _create_all),
    ("closed years record their agencies (years.closed_at, year_agencies)", record_closed_years),
    ("answers.unconfirmed: copied from an earlier year, not yet confirmed", _answers_unconfirmed),
    ("the annual report's edited sections (report_texts)", _add_report_texts),
    ("users.lang: the language each account last chose", _users_lang),
]


def init_db(engine: Engine) -> int:
    """Create the schema, or bring an older database up to date without losing data.
    Safe to run on every start; returns the schema version now in place."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two app processes starting together must not both run the same step.
            connection.execute(text("SELECT pg_advisory_xact_lock(7427301)"))
        if not inspect(connection).has_table(SchemaVersion.__tablename__):
            Base.metadata.create_all(connection)
            target = len(MIGRATIONS)
            _stamp(connection, target, "fresh database: created at the latest version")
            return target
        current = connection.scalar(select(SchemaVersion.version).order_by(SchemaVersion.version.desc()))
        current = current or 0
        for number, (description, step) in enumerate(MIGRATIONS[current:], start=current + 1):
            step(connection)
            _stamp(connection, number, description)
        return max(current, len(MIGRATIONS))


def _stamp(connection: Connection, version: int, description: str) -> None:
    connection.execute(insert(SchemaVersion).values(version=version, description=description))


def schema_version(engine: Engine) -> int:
    with engine.connect() as connection:
        if not inspect(connection).has_table(SchemaVersion.__tablename__):
            return 0
        return connection.scalar(select(SchemaVersion.version).order_by(SchemaVersion.version.desc())) or 0
