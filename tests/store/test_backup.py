"""`manage.py backup` and `manage.py restore`, run as commands: a round trip gives back every row of
every table; a backup taken while the app writes is a consistent snapshot; a restore refuses to
overwrite data unless forced, and refuses a file that is no backup of the right kind."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scoring.catalog import load_catalog
from store import assessments, db, evidence, seed
from store.access import SYSTEM_ACTOR, Actor, Role
from store.models import Base
from store.records import StoredAnswer
from tests.store.helpers import PDF

ROOT = Path(__file__).resolve().parents[2]
LEADER = Actor(user_id=None, username="bvl", display_name="BVL", role=Role.AGENCY, agency_id="bao-vinh-long")


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env, check=False)


def all_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def populate(url: str) -> Engine:
    """The sample province, an open year with a draft, an evidence file with bytes, the audit trail."""
    engine = db.get_engine(url)
    db.init_db(engine)
    cat = load_catalog()
    files = seed.example_files()
    seed.seed_files(engine, cat, {2024: files[2024], 2025: files[2025]}, open_years=[2025],
                    drafts={2025: ["bao-vinh-long"]})
    info = assessments.get_assessment(engine, LEADER, "bao-vinh-long", 2025)
    evidence.attach_file(engine, LEADER, info.id, "cp_digital_share", "Biên bản kiểm tra.pdf", None, PDF)
    return engine


def without_backup_events(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The backup and restore write their own audit events; everything else must be equal."""
    return {**rows, "audit_events": [r for r in rows["audit_events"] if not str(r[4]).startswith("database.")]}


@pytest.fixture
def sqlite_urls(tmp_path):
    yield (f"sqlite:///{tmp_path / 'live.db'}", f"sqlite:///{tmp_path / 'restored.db'}")
    db.dispose_engines()


def test_sqlite_round_trip_gives_back_every_row(sqlite_urls, tmp_path):
    live_url, restored_url = sqlite_urls
    before = all_rows(populate(live_url))
    assert sum(len(v) for v in before.values()) > 500
    done = manage("backup", str(tmp_path / "b" / "pressdx.db"), "--database-url", live_url)
    assert done.returncode == 0, done.stderr
    assert "backup written" in done.stdout and "1 evidence files" in done.stdout
    done = manage("restore", str(tmp_path / "b" / "pressdx.db"), "--database-url", restored_url)
    assert done.returncode == 0, done.stderr
    restored = all_rows(db.get_engine(restored_url))
    assert without_backup_events(restored) == without_backup_events(before)
    assert [r[4] for r in restored["audit_events"] if str(r[4]).startswith("database.")] == ["database.restore"]


def test_a_backup_taken_while_the_app_writes_is_a_consistent_snapshot(sqlite_urls, tmp_path):
    """A writer saves an answer and bumps the row version in each transaction while the backup runs:
    the copy holds some prefix of those transactions, never half of one."""
    live_url, restored_url = sqlite_urls
    engine = populate(live_url)
    info = assessments.get_assessment(engine, LEADER, "bao-vinh-long", 2025)
    stop = threading.Event()
    saved: list[int] = []

    def writer() -> None:
        version = info.row_version
        while not stop.is_set():
            version = assessments.save_answers(engine, LEADER, info.id,
                                               {"staff_total": StoredAnswer(version + 1)}, version)
            saved.append(version)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saved) < 20:
            stop.wait(0.01)
        done = manage("backup", str(tmp_path / "hot.db"), "--database-url", live_url)
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert manage("restore", str(tmp_path / "hot.db"), "--database-url", restored_url).returncode == 0
    copy = db.get_engine(restored_url)
    row = assessments.get_assessment(copy, SYSTEM_ACTOR, "bao-vinh-long", 2025)
    answer = assessments.load_answers(copy, SYSTEM_ACTOR, row.id)["staff_total"].value
    assert answer == row.row_version  # the answer and its row version come from the same transaction
    assert info.row_version < row.row_version <= saved[-1]  # taken while the writer was running


def test_restore_refuses_a_database_with_data_unless_forced(sqlite_urls, tmp_path):
    live_url, other_url = sqlite_urls
    populate(live_url)
    assert manage("backup", str(tmp_path / "b.db"), "--database-url", live_url).returncode == 0
    other = db.get_engine(other_url)
    db.init_db(other)
    from store import agencies

    agencies.create_agency(other, SYSTEM_ACTOR, "bao-khac", "Báo khác", "newspaper")
    before = all_rows(other)
    done = manage("restore", str(tmp_path / "b.db"), "--database-url", other_url)
    assert done.returncode == 1
    assert "holds data" in done.stderr and "--force" in done.stderr and "đang có dữ liệu" in done.stderr
    assert all_rows(other) == before  # nothing done
    done = manage("restore", str(tmp_path / "b.db"), "--database-url", other_url, "--force")
    assert done.returncode == 0, done.stderr
    db.dispose_engines()
    ids = [r[0] for r in all_rows(db.get_engine(other_url))["agencies"]]
    assert "bao-khac" not in ids and "bao-vinh-long" in ids


def test_backup_does_not_overwrite_and_restore_checks_the_file(sqlite_urls, tmp_path):
    live_url, restored_url = sqlite_urls
    populate(live_url)
    target = tmp_path / "b.db"
    assert manage("backup", str(target), "--database-url", live_url).returncode == 0
    again = manage("backup", str(target), "--database-url", live_url)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert manage("backup", str(target), "--database-url", live_url, "--force").returncode == 0
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    done = manage("restore", str(junk), "--database-url", restored_url)
    assert done.returncode == 1 and "format is not recognised" in done.stderr
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP" + b"\x00" * 100)
    done = manage("restore", str(dump), "--database-url", restored_url)
    assert done.returncode == 1 and "pg_dump backup" in done.stderr
    done = manage("restore", str(tmp_path / "missing.db"), "--database-url", restored_url)
    assert done.returncode == 1 and "no backup file" in done.stderr


@pytest.mark.postgres
def test_postgresql_round_trip_with_pg_dump(tmp_path):
    from tests.pg import postgres_url_or_skip, scratch_database

    pg_url = postgres_url_or_skip()
    with scratch_database(pg_url) as live_url, scratch_database(pg_url) as restored_url:
        try:
            before = all_rows(populate(live_url))
            dump = tmp_path / "pressdx.dump"
            done = manage("backup", str(dump), "--database-url", live_url)
            assert done.returncode == 0, done.stderr
            assert dump.read_bytes().startswith(b"PGDMP")
            done = manage("restore", str(dump), "--database-url", restored_url)
            assert done.returncode == 0, done.stderr
            restored = all_rows(db.get_engine(restored_url))
            assert without_backup_events(restored) == without_backup_events(before)
            # the live database holds data: refused, then forced
            done = manage("restore", str(dump), "--database-url", live_url)
            assert done.returncode == 1 and "holds data" in done.stderr
            done = manage("restore", str(dump), "--database-url", live_url, "--force")
            assert done.returncode == 0, done.stderr
            db.dispose_engines()
            assert without_backup_events(all_rows(db.get_engine(live_url))) == without_backup_events(before)
        finally:
            db.dispose_engines()
