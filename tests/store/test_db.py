"""Engine settings and schema upgrades."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from store import db
from store.models import Agency
from tests.conftest import postgres_test_url

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
    assert db.schema_version(engine) == len(db.MIGRATIONS)
    assert db.init_db(engine) == len(db.MIGRATIONS)
    assert db.init_db(engine) == len(db.MIGRATIONS)
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
        "schema_version",
    } <= tables


def test_a_later_step_upgrades_an_old_database_without_losing_data(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import clock

    with db.transaction(engine) as session:
        session.add(Agency(id="bao-a", name="Báo A", kind="newspaper", media_types=["print"], created_at=clock.now()))

    def add_note_column(connection) -> None:
        connection.execute(text("ALTER TABLE agencies ADD COLUMN note VARCHAR(100)"))

    shipped = len(db.MIGRATIONS)
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, ("agency note", add_note_column)])
    assert db.init_db(engine) == shipped + 1
    assert db.init_db(engine) == shipped + 1  # the step ran once: a second ALTER would fail
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, note FROM agencies")).all() == [("Báo A", None)]
        versions = connection.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all()
        assert versions == [shipped, shipped + 1]


def test_a_database_from_before_unconfirmed_answers_upgrades_and_keeps_its_answers(store_world) -> None:
    """The step adding answers.unconfirmed: a database at the step before it, with answers, upgrades in
    place and its answers read back as confirmed."""
    from store import assessments
    from store.records import StoredAnswer

    w = store_world
    step = 1 + next(i for i, (description, _) in enumerate(db.MIGRATIONS) if "unconfirmed" in description)
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, "2026.1", "sha256:x")
    assessments.save_answers(w.engine, w.agency_a, info.id, {"staff_trained": StoredAnswer(value=12)},
                             info.row_version)
    with w.engine.begin() as connection:  # as a database created before the step
        connection.execute(text("ALTER TABLE answers DROP COLUMN unconfirmed"))
        connection.execute(text("DELETE FROM schema_version"))
        connection.execute(text("INSERT INTO schema_version (version, description, applied_at) "
                                "VALUES (:v, 'the step before', CURRENT_TIMESTAMP)"), {"v": step - 1})
    assert db.schema_version(w.engine) == step - 1
    assert db.init_db(w.engine) == len(db.MIGRATIONS)
    stored = assessments.load_answers(w.engine, w.agency_a, info.id)["staff_trained"]
    assert stored.value == 12 and not stored.unconfirmed


def test_a_database_from_before_users_lang_upgrades_keeping_its_accounts(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database made before accounts kept their language gets the column, empty, and keeps its users."""
    from store import auth

    step = next(i for i, (description, _) in enumerate(db.MIGRATIONS) if description.startswith("users.lang"))
    auth.create_user(engine, None, "quantri", "mat-khau-du-dai-2026", "admin", display_name="Quản trị")
    with engine.begin() as connection:  # as it was before the step: no column, stamped one version lower
        connection.execute(text("ALTER TABLE users DROP COLUMN lang"))
        connection.execute(text("DELETE FROM schema_version"))
        connection.execute(text("INSERT INTO schema_version (version, description, applied_at) "
                                "VALUES (:v, 'the step before', CURRENT_TIMESTAMP)"), {"v": step})
    assert "lang" not in {c["name"] for c in inspect(engine).get_columns("users")}
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[: step + 1])
    assert db.init_db(engine) == step + 1
    with engine.connect() as connection:
        assert connection.execute(text("SELECT username, lang FROM users")).all() == [("quantri", None)]
    actor = auth.resolve_session(engine, auth.authenticate(engine, "quantri", "mat-khau-du-dai-2026", "test"))
    auth.set_language(engine, actor, "en")
    again = auth.resolve_session(engine, auth.authenticate(engine, "quantri", "mat-khau-du-dai-2026", "test"))
    assert again.lang == "en"
