"""`manage.py backup` and `manage.py restore`: a round trip gives back every row of every table; a backup
taken while the app saves without pause finishes, is a consistent snapshot and holds the counts it
reports; one stopped (SIGTERM, timeout) leaves no file, one killed outright leaves a named file that the
next backup removes; a restore refuses to overwrite data unless forced, and refuses a file that is no
backup of the right kind."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select

from scoring.catalog import load_catalog
from store import assessments, db, evidence, seed
from store import backup as backup_mod
from store.access import SYSTEM_ACTOR, Actor, Role
from store.models import Base
from store.records import StoredAnswer
from tests.store.helpers import PDF, as_numbered

ROOT = Path(__file__).resolve().parents[2]
LEADER = Actor(user_id=None, username="bvl", display_name="BVL", role=Role.AGENCY, agency_id="bao-vinh-long")


def manage(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """manage.py in `lang` (these tests read its English; it speaks Vietnamese unless told)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "manage.py", "--lang", lang, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=env, check=False)


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
    assert info is not None
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
    done = manage("--lang", "en", "backup", str(tmp_path / "b" / "pressdx.db"), "--database-url", live_url)
    assert done.returncode == 0, done.stderr
    assert "backup written" in done.stdout and "1 evidence files" in done.stdout
    done = manage("restore", str(tmp_path / "b" / "pressdx.db"), "--database-url", restored_url)
    assert done.returncode == 0, done.stderr
    restored = all_rows(db.get_engine(restored_url))
    assert without_backup_events(restored) == without_backup_events(before)
    assert [r[4] for r in restored["audit_events"] if str(r[4]).startswith("database.")] == ["database.restore"]


def test_a_backup_from_before_alembic_restores_at_the_newest_revision_with_every_row(sqlite_urls, tmp_path):
    """A backup of a database the hand-written upgrades numbered (4: before users.lang) restores, is
    upgraded to the newest revision, and gives back every row."""
    live_url, restored_url = sqlite_urls
    live = populate(live_url)
    before = all_rows(live)
    as_numbered(live, 4)
    done = manage("backup", str(tmp_path / "old.db"), "--database-url", live_url)
    assert done.returncode == 0, done.stderr
    done = manage("restore", str(tmp_path / "old.db"), "--database-url", restored_url)
    assert done.returncode == 0, done.stderr
    restored = db.get_engine(restored_url)
    assert db.schema_revision(restored) == db.head_revision()
    assert without_backup_events(all_rows(restored)) == without_backup_events(before)


class Saver(threading.Thread):
    """Real store saves in a loop until stopped or `limit` rounds are done. Each round saves an answer
    whose value is the row version it creates (one transaction), then attaches an evidence file and
    deletes it (two more, each with an audit event): every round changes what the database holds."""

    def __init__(self, engine: Engine, assessment_id: int, version: int, limit: int) -> None:
        super().__init__(daemon=True)
        self.engine, self.assessment_id, self.version, self.limit = engine, assessment_id, version, limit
        self.rounds = 0
        self.error: BaseException | None = None
        self.halt = threading.Event()
        self._lock = threading.Condition()

    def run(self) -> None:
        try:
            while not self.halt.is_set() and self.rounds < self.limit:
                self.version = assessments.save_answers(
                    self.engine, LEADER, self.assessment_id, {"staff_total": StoredAnswer(self.version + 1)},
                    self.version)
                attached = evidence.attach_file(self.engine, LEADER, self.assessment_id, "staff_total",
                                                "Bảng lương.pdf", None, PDF)
                evidence.delete_file(self.engine, LEADER, attached.id)
                with self._lock:
                    self.rounds += 1
                    self._lock.notify_all()
        except BaseException as exc:  # reported by the test, which checks `error`
            self.error = exc
        with self._lock:
            self.halt.set()
            self._lock.notify_all()

    def wait_rounds(self, n: int) -> None:
        with self._lock:
            self._lock.wait_for(lambda: self.rounds >= n or self.halt.is_set())

    def finish(self) -> int:
        self.halt.set()
        self.join()
        if self.error is not None:
            raise self.error
        return self.rounds


def grow(engine: Engine, megabytes: int) -> None:
    """Evidence files of 4 MB each, so that a copy of the database takes many of SQLite's pages."""
    info = assessments.get_assessment(engine, LEADER, "bao-vinh-long", 2025)
    assert info is not None
    for i in range(megabytes // 4):
        evidence.attach_file(engine, LEADER, info.id, "cp_digital_share", f"Hồ sơ {i}.pdf", None,
                             PDF + bytes(4 * 1024 * 1024))


def file_counts(path: Path) -> backup_mod.Counts:
    """What a backup file holds, read from the file alone."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        return backup_mod.counts(engine)
    finally:
        engine.dispose()


SAVE_ROUNDS = 500  # the saver's bound: a backup that waits for the saves to stop fails instead of hanging


def test_a_backup_under_continuous_saves_finishes_and_reports_what_the_file_holds(sqlite_urls, tmp_path):
    """A thread saves without pause (answer, file attached, file deleted) while the backup runs. The
    backup returns while the saves go on (a copy that restarted on every commit would wait for them to
    stop, which only the saver's bound brings); the counts it reports are those of the file it wrote;
    that file restores, and holds some prefix of the saves, never half of one."""
    live_url, restored_url = sqlite_urls
    engine = populate(live_url)
    grow(engine, 24)
    info = assessments.get_assessment(engine, LEADER, "bao-vinh-long", 2025)
    assert info is not None
    saver = Saver(engine, info.id, info.row_version, SAVE_ROUNDS)
    saver.start()
    try:
        saver.wait_rounds(3)
        held = backup_mod.backup(live_url, tmp_path / "hot.db")
        rounds_when_done = saver.rounds
    finally:
        saver.finish()
    assert rounds_when_done < SAVE_ROUNDS, "the backup finished only once the saves had stopped"
    assert held == file_counts(tmp_path / "hot.db")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("hot")) == ["hot.db"]
    done = manage("restore", str(tmp_path / "hot.db"), "--database-url", restored_url)
    assert done.returncode == 0, done.stderr
    copy = db.get_engine(restored_url)
    assert backup_mod.counts(copy) == dataclasses.replace(held, events=held.events + 1)  # + the restore's own
    row = assessments.get_assessment(copy, SYSTEM_ACTOR, "bao-vinh-long", 2025)
    assert row is not None
    answer = assessments.load_answers(copy, SYSTEM_ACTOR, row.id)["staff_total"].value
    assert answer == row.row_version  # the answer and its row version come from the same transaction
    assert info.row_version < row.row_version  # taken while the saver was running


def start_backup(live_url: str, target: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.Popen([sys.executable, "manage.py", "--lang", "en", "backup", str(target), "--database-url",
                             live_url, *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=as_from_a_terminal)


def as_from_a_terminal() -> None:
    """In the child: Ctrl-C's signal handled as in a terminal, even when the tests run in the background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def writing(folder: Path) -> bool:
    for path in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):  # SQLite's journal comes and goes
            if path.stat().st_size:
                return True
    return False


def kill_mid_copy(process: subprocess.Popen[str], folder: Path, how: signal.Signals) -> tuple[int, str]:
    """Send `how` once the backup has begun writing into `folder` (a file there holds bytes)."""
    while process.poll() is None and not writing(folder):
        time.sleep(0.001)
    assert process.poll() is None, "the backup ended before it could be interrupted: " + process.communicate()[1]
    process.send_signal(how)
    _, err = process.communicate(timeout=600)
    return process.returncode, err


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_backup_stopped_mid_copy_leaves_no_file(sqlite_urls, tmp_path, how):
    live_url, _ = sqlite_urls
    grow(populate(live_url), 24)
    folder = tmp_path / "backups"
    folder.mkdir()
    code, err = kill_mid_copy(start_backup(live_url, folder / "pressdx.db"), folder, how)
    assert code == 1 and f"stopped ({how.name})" in err, err
    assert list(folder.iterdir()) == []  # no backup, no unfinished copy, no journal


def test_what_a_killed_backup_leaves_is_named_so_and_the_next_backup_removes_it(sqlite_urls, tmp_path):
    live_url, _ = sqlite_urls
    grow(populate(live_url), 24)
    folder = tmp_path / "backups"
    folder.mkdir()
    process = start_backup(live_url, folder / "monday.db")
    code, _ = kill_mid_copy(process, folder, signal.SIGKILL)
    assert code == -signal.SIGKILL
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(n.startswith(f"monday.db.unfinished-backup-{process.pid}") for n in left), left
    assert manage("backup", str(folder / "tuesday.db"), "--database-url", live_url).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["tuesday.db"]


def test_a_backup_out_of_time_says_so_and_leaves_no_file(sqlite_urls, tmp_path):
    live_url, _ = sqlite_urls
    populate(live_url)
    folder = tmp_path / "backups"
    done = manage("backup", str(folder / "pressdx.db"), "--database-url", live_url, "--timeout", "0.000001")
    assert done.returncode == 1 and "did not finish within 1e-06 s" in done.stderr and "--timeout" in done.stderr
    assert list(folder.iterdir()) == []


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
    assert "holds data (1 agencies" in done.stderr and "--force" in done.stderr
    vietnamese = manage("restore", str(tmp_path / "b.db"), "--database-url", other_url, lang="vi")
    assert "đang có dữ liệu (1 cơ quan" in vietnamese.stderr and "holds data" not in vietnamese.stderr
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


@pytest.mark.postgres
def test_postgresql_backup_under_continuous_saves_reports_what_the_dump_holds(tmp_path):
    """pg_dump reads one snapshot, so it never waits for the saves; the counts it reports are read in
    that same snapshot, so they are the dump's, not the live database's a moment later."""
    from tests.pg import postgres_url_or_skip, scratch_database

    pg_url = postgres_url_or_skip()
    with scratch_database(pg_url) as live_url, scratch_database(pg_url) as restored_url:
        try:
            engine = populate(live_url)
            info = assessments.get_assessment(engine, LEADER, "bao-vinh-long", 2025)
            assert info is not None
            saver = Saver(engine, info.id, info.row_version, SAVE_ROUNDS)
            saver.start()
            try:
                saver.wait_rounds(3)
                held = backup_mod.backup(live_url, tmp_path / "hot.dump")
                rounds_when_done = saver.rounds
            finally:
                saver.finish()
            assert rounds_when_done < SAVE_ROUNDS, "the backup finished only once the saves had stopped"
            assert sorted(p.name for p in tmp_path.iterdir()) == ["hot.dump"]
            done = manage("restore", str(tmp_path / "hot.dump"), "--database-url", restored_url)
            assert done.returncode == 0, done.stderr
            copy = db.get_engine(restored_url)
            assert backup_mod.counts(copy) == dataclasses.replace(held, events=held.events + 1)
            row = assessments.get_assessment(copy, SYSTEM_ACTOR, "bao-vinh-long", 2025)
            assert row is not None
            assert assessments.load_answers(copy, SYSTEM_ACTOR, row.id)["staff_total"].value == row.row_version
            assert info.row_version < row.row_version
        finally:
            db.dispose_engines()


@pytest.mark.postgres
def test_postgresql_backup_stopped_mid_dump_leaves_no_file(tmp_path):
    from tests.pg import postgres_url_or_skip, scratch_database

    pg_url = postgres_url_or_skip()
    with scratch_database(pg_url) as live_url:
        try:
            grow(populate(live_url), 24)
            folder = tmp_path / "backups"
            folder.mkdir()
            code, err = kill_mid_copy(start_backup(live_url, folder / "pressdx.dump"), folder, signal.SIGTERM)
            assert code == 1 and "stopped (SIGTERM)" in err, err
            assert list(folder.iterdir()) == []
        finally:
            db.dispose_engines()
