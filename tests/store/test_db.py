"""Engine settings and schema upgrades."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from store import db
from store.models import Agency, Base
from tests.conftest import postgres_test_url
from tests.store.helpers import as_numbered, at_revision

sqlite_only = pytest.mark.skipif(postgres_test_url() is not None, reason="SQLite settings")


@sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        # NORMAL (1), as README's "Nothing lost" says and explains: change the two together
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared"])
def test_in_memory_sqlite_is_refused_with_the_reason(url: str) -> None:
    with pytest.raises(ValueError, match="thread"):
        db.get_engine(url)


def test_engines_are_cached_per_url_and_create_the_folder(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    try:
        first = db.get_engine(url)
        assert db.get_engine(url) is first
        assert (tmp_path / "sub").is_dir()
    finally:
        db.dispose_engines()


def test_url_defaults_and_postgres_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.database_url() == "sqlite:///data/pressdx.db"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@h/d")
    assert db.database_url() == "postgresql+psycopg://u:p@h/d"
    assert db.database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_init_db_is_idempotent(engine: Engine) -> None:
    assert db.schema_revision(engine) == db.head_revision()
    assert db.init_db(engine) == db.head_revision()
    assert db.init_db(engine) == db.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {
        "agencies",
        "users",
        "sessions",
        "login_attempts",
        "years",
        "assessments",
        "answers",
        "evidence_files",
        "audit_events",
        "alembic_version",
    } <= tables
    assert "schema_version" not in tables


def test_an_empty_database_gets_the_models_and_the_head_revision(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    assert inspect(engine).get_table_names() == []
    assert db.schema_revision(engine) is None
    assert db.init_db(engine) == db.head_revision()
    assert _differences(engine) == []


def _differences(engine: Engine) -> list[object]:
    """What Alembic's comparison finds between the database and the models (nothing, when in step)."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def _some_data(engine: Engine) -> None:
    from store import accounts, clock

    with db.transaction(engine) as session:
        session.add(Agency(id="bao-a", name="Báo A", kind="newspaper", media_types=["print"], created_at=clock.now()))
    accounts.create_user(engine, None, "quantri", "mat-khau-du-dai-2026", "admin", display_name="Quản trị")


def _data_survived(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id, name FROM agencies")).all() == [("bao-a", "Báo A")]
        assert connection.execute(text("SELECT username, display_name FROM users")).all() == [("quantri", "Quản trị")]


def test_a_database_at_the_previous_revision_upgrades_keeping_its_data(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The last revision, run on a database as the one before it left it (the shipped downgrade)."""
    previous = db.alembic_scripts().get_revision(db.head_revision()).down_revision
    assert isinstance(previous, str)
    _some_data(engine)
    at_revision(engine, previous)
    assert db.schema_revision(engine) == previous and _differences(engine) != []
    with caplog.at_level("INFO", logger="store.db"):
        assert db.init_db(engine) == db.head_revision()
    assert caplog.messages == [f"database schema upgraded from revision {previous} to {db.head_revision()}"]
    assert db.schema_revision(engine) == db.head_revision()
    _data_survived(engine)
    assert _differences(engine) == []


@pytest.mark.parametrize("version", sorted(db.LEGACY_REVISIONS))
def test_a_database_numbered_by_the_hand_written_upgrades_is_recognised(
    engine: Engine, version: int, caplog: pytest.LogCaptureFixture
) -> None:
    """A database whose schema_version says N is stamped at revision N and brought to the head, data kept."""
    _some_data(engine)
    as_numbered(engine, version)
    assert db.schema_revision(engine) is None and _differences(engine) != []
    with caplog.at_level("INFO", logger="store.db"):
        assert db.init_db(engine) == db.head_revision()
    stamped = db.LEGACY_REVISIONS[version]
    assert caplog.messages == [f"database numbered by the hand-written upgrades: stamped at revision {stamped}",
                               f"database schema upgraded from revision {stamped} to {db.head_revision()}"]
    assert "schema_version" not in inspect(engine).get_table_names()
    _data_survived(engine)
    assert _differences(engine) == []


def test_a_number_no_release_wrote_is_refused(engine: Engine) -> None:
    as_numbered(engine, 5)
    with engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = 9"))
    with pytest.raises(RuntimeError, match="schema_version says 9"):
        db.init_db(engine)


def test_a_database_from_before_unconfirmed_answers_upgrades_and_keeps_its_answers(store_world) -> None:
    """The revision adding answers.unconfirmed: a database at the one before it, with answers, upgrades in
    place and its answers read back as confirmed."""
    from store import assessments
    from store.records import StoredAnswer

    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, "2026.1", "sha256:x")
    assert info is not None
    assessments.save_answers(w.engine, w.agency_a, info.id, {"staff_trained": StoredAnswer(value=12)},
                             info.row_version)
    as_numbered(w.engine, 2)  # the hand-written upgrades' number before answers.unconfirmed (revision 0003)
    assert "unconfirmed" not in {c["name"] for c in inspect(w.engine).get_columns("answers")}
    assert db.init_db(w.engine) == db.head_revision()
    stored = assessments.load_answers(w.engine, w.agency_a, info.id)["staff_trained"]
    assert stored.value == 12 and not stored.unconfirmed


def test_a_database_from_before_users_lang_upgrades_keeping_its_accounts(engine: Engine) -> None:
    """A database made before accounts kept their language gets the column, empty, and keeps its users."""
    from store import accounts, sessions

    accounts.create_user(engine, None, "quantri", "mat-khau-du-dai-2026", "admin", display_name="Quản trị")
    as_numbered(engine, 4)  # the hand-written upgrades' number before users.lang (revision 0005)
    assert "lang" not in {c["name"] for c in inspect(engine).get_columns("users")}
    assert db.init_db(engine) == db.head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT username, lang FROM users")).all() == [("quantri", None)]
    actor = sessions.resolve_session(engine, sessions.authenticate(engine, "quantri", "mat-khau-du-dai-2026", "test"))
    accounts.set_language(engine, actor, "en")
    again = sessions.resolve_session(engine, sessions.authenticate(engine, "quantri", "mat-khau-du-dai-2026", "test"))
    assert again is not None
    assert again.lang == "en"


@pytest.mark.skipif(postgres_test_url() is None, reason="several app processes share a database on PostgreSQL only")
def test_two_processes_starting_together_upgrade_once(engine: Engine) -> None:
    """Two starts on one older database: the second waits for the first's upgrade and finds it done."""
    import threading

    _some_data(engine)
    as_numbered(engine, 4)
    gate = threading.Barrier(2)
    results: list[object] = []

    def start() -> None:
        gate.wait()
        try:
            results.append(db.init_db(engine))
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [db.head_revision(), db.head_revision()]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            db.head_revision()]
    _data_survived(engine)
