"""Backups of the whole database, and restoring one (`manage.py backup` / `manage.py restore`).

- SQLite: `VACUUM INTO` a file beside the target, through a read-only connection. It runs as one
  statement inside one read transaction, so in WAL mode it is a consistent snapshot that the app's
  writers never block nor restart (the online backup API, copying in steps, starts again after every
  commit by another connection and never ends under steady saves), and it can be stopped between rows
  (a progress handler), which the backup API's single step cannot. The copy is integrity-checked,
  its counts are read from it, it is flushed to disk and only then renamed onto the target.
- PostgreSQL: `pg_dump --format=custom --snapshot=…` of a snapshot exported by a REPEATABLE READ
  transaction that also counts the rows, so the counts are those of the dump; the dump is read back
  (`pg_restore --list`) before it is moved into place. A restore is `pg_restore --clean --if-exists
  --single-transaction` (all or nothing). The connection is given to the tools through libpq's PG*
  variables, so a password never appears on a command line.
- Until it is complete a backup is written to `<target>.unfinished-backup-<pid>`. A timeout, a failure,
  SIGTERM or Ctrl-C removes it (and SQLite's journal beside it); only SIGKILL or a power cut can leave
  it, and the next backup into that folder removes any whose process is gone.

A restore refuses to overwrite a database that holds data (agencies, accounts or assessments) unless
forced: restoring is how data is lost by mistake. Both are written to the audit trail.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

import settings
from store import audit, db
from store.access import SYSTEM_ACTOR
from store.errors import StoreError
from store.models import Agency, Answer, Assessment, AuditEvent, EvidenceFile, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
TOOL_TIMEOUT = 3600  # seconds: a province's database is small; this only stops a hung tool
BACKUP_TIMEOUT = 3600.0  # seconds, the default of `manage.py backup --timeout`
UNFINISHED = ".unfinished-backup-"  # + the writing process's id
_UNFINISHED_NAME = re.compile(re.escape(UNFINISHED) + r"(\d+)(-journal)?$")
_PROGRESS_OPS = 100  # SQLite calls the stop check every this many virtual-machine steps


class BackupError(StoreError):
    """A backup or restore that cannot be done, with the reason in both languages."""


@dataclass(frozen=True)
class Counts:
    agencies: int
    users: int
    assessments: int
    answers: int
    files: int
    events: int

    def __str__(self) -> str:
        return (f"{self.agencies} agencies, {self.users} accounts, {self.assessments} assessments, "
                f"{self.answers} answers, {self.files} evidence files, {self.events} audit events")

    @property
    def empty(self) -> bool:
        return not (self.agencies or self.users or self.assessments)


def counts(engine: Engine) -> Counts:
    """What the database holds; all zero when it has no schema yet."""
    with engine.connect() as conn:
        return _count(conn)


def _count(conn: Connection) -> Counts:
    if not inspect(conn).has_table(User.__tablename__):
        return Counts(0, 0, 0, 0, 0, 0)
    n = [conn.scalar(select(func.count()).select_from(m)) or 0
         for m in (Agency, User, Assessment, Answer, EvidenceFile, AuditEvent)]
    return Counts(*n)


def _sqlite_file_counts(path: Path) -> Counts:
    """What a SQLite file holds, read through a read-only connection of its own."""
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(_read_only(path), uri=True), poolclass=NullPool)
    try:
        return counts(engine)
    finally:
        engine.dispose()


def backend(url: str | None) -> str:
    return make_url(db.database_url(url)).get_backend_name()


# --- backup ---------------------------------------------------------------------------------------


def backup(url: str | None, target: Path | str, *, force: bool = False, timeout: float = BACKUP_TIMEOUT) -> Counts:
    """Write a backup of the database at `url` to `target` within `timeout` seconds; returns what the
    written file holds."""
    target = Path(target)
    if target.exists() and not force:
        raise BackupError("backup_exists", target=str(target))
    if not timeout > 0:
        raise BackupError("bad_timeout", timeout=timeout)
    kind = backend(url)
    if kind not in ("sqlite", "postgresql"):
        raise _unsupported(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(target.parent)
    stop = _Stop(timeout)
    with _stopped_by_signals(stop):
        held = _sqlite_backup(_sqlite_path(url), target, stop) if kind == "sqlite" else _pg_backup(url, target, stop)
    with db.transaction(db.get_engine(url)) as session:
        audit.record(session, SYSTEM_ACTOR, "database.backup", target=str(target)[-200:], detail={"counts": str(held)})
    return held


def _remove_unfinished(folder: Path) -> None:
    """Delete the unfinished backups in `folder` whose process is gone (it was killed outright); one
    whose process still runs may be a backup in progress, and stays."""
    for path in folder.glob(f"*{UNFINISHED}*"):
        found = _UNFINISHED_NAME.search(path.name)
        if found and not _process_alive(int(found.group(1))):
            path.unlink(missing_ok=True)


def _unfinished(target: Path) -> tuple[Path, ...]:
    """The file a backup writes before it is complete, and the journal SQLite may keep beside it."""
    part = target.with_name(f"{target.name}{UNFINISHED}{os.getpid()}")
    return part, part.with_name(part.name + "-journal")


def _process_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe way to ask here: leave the file
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, run by someone else
    return True


class _Stop:
    """Why a backup must stop, if it must: its time is up, or a signal asked the process to end."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.signal: int | None = None

    def due(self) -> bool:
        """SQLite's progress handler: true aborts the running statement."""
        return self.signal is not None or time.monotonic() >= self.deadline

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def error(self) -> BackupError:
        if self.signal is not None:
            name = signal.Signals(self.signal).name
            return BackupError("backup_interrupted", signal=name)
        return BackupError("backup_timeout", timeout=self.timeout)


class _Interrupted(BaseException):
    """Raised by the backup's SIGTERM/SIGINT handler, so that clean-up (`finally`) runs before the end."""


@contextmanager
def _stopped_by_signals(stop: _Stop) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGINT stop the backup cleanly: the first one is noted on
    `stop` (which SQLite's progress handler reads) and raised as `_Interrupted`; later ones only noted,
    so clean-up is not cut short. A signal the process was told to ignore stays ignored (a job started
    in the background ignores SIGINT). Signals can only be handled on the main thread; elsewhere nothing
    changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        first = stop.signal is None
        stop.signal = signum
        if first:
            raise _Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)
                if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        yield
    except _Interrupted:
        raise stop.error() from None
    finally:
        for s, h in previous.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


def _sqlite_backup(source: Path, target: Path, stop: _Stop) -> Counts:
    if not source.exists():
        raise BackupError("no_database", source=str(source))
    part, journal = _unfinished(target)
    try:
        part.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        _vacuum_into(source, part, stop)
        _check_sqlite_file(part, stop)
        held = _sqlite_file_counts(part)
        _fsync(part)
        os.replace(part, target)
        _fsync(target.parent)
        return held
    finally:
        part.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)


def _vacuum_into(source: Path, part: Path, stop: _Stop) -> None:
    conn = sqlite3.connect(_read_only(source), uri=True, timeout=min(30.0, stop.timeout))
    try:
        conn.set_progress_handler(stop.due, _PROGRESS_OPS)
        conn.execute("VACUUM INTO ?", (str(part),))
    except sqlite3.Error as exc:
        raise _stopped_or_failed(stop, exc) from None
    finally:
        conn.close()
    conn = sqlite3.connect(part)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, never a -wal beside it
    finally:
        conn.close()


def _stopped_or_failed(stop: _Stop, exc: sqlite3.Error) -> BackupError:
    if stop.due():
        return stop.error()
    return BackupError("backup_failed", reason=str(exc))


def _check_sqlite_file(path: Path, stop: _Stop | None = None) -> None:
    conn = sqlite3.connect(_read_only(path), uri=True)
    try:
        if stop is not None:
            conn.set_progress_handler(stop.due, _PROGRESS_OPS)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_schema = conn.execute(  # alembic_version; schema_version in a backup made before Alembic
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('alembic_version', 'schema_version')").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if stop is not None and stop.due():
            raise stop.error() from None
        raise _not_a_backup(path, str(exc)) from None
    finally:
        conn.close()
    if ok != "ok" or not has_schema:
        raise _not_a_backup(path, ok if ok != "ok" else "no pressdx schema")


def _pg_backup(url: str | None, target: Path, stop: _Stop) -> Counts:
    parsed = make_url(db.database_url(url))
    part, _ = _unfinished(target)
    try:
        with db.get_engine(url).connect() as conn:
            conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
                held = _count(conn)  # the same snapshot as the dump's
                _run_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                                      f"--file={part}"], parsed, timeout=stop.remaining())
        _run_tool("pg_restore", ["--list", str(part)], None, timeout=stop.remaining())  # readable, or no backup
        _fsync(part)
        os.replace(part, target)
        _fsync(target.parent)
        return held
    finally:
        part.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries, after a rename) to disk: VACUUM INTO does not."""
    if path.is_dir() and os.name != "posix":
        return  # folders cannot be opened for fsync there
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- restore --------------------------------------------------------------------------------------


def restore(url: str | None, source: Path | str, *, force: bool = False) -> Counts:
    """Replace the database at `url` with the backup in `source`; returns what it now holds.
    Refuses when the database holds data, unless `force`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError("no_backup", source=str(source))
    with source.open("rb") as f:
        magic = f.read(16)
    kind = backend(url)
    expected = {"sqlite": SQLITE_MAGIC, "postgresql": PGDUMP_MAGIC}.get(kind)
    if expected is None:
        raise _unsupported(url)
    if not magic.startswith(expected):
        other = "SQLite" if magic.startswith(SQLITE_MAGIC) else "pg_dump" if magic.startswith(PGDUMP_MAGIC) else None
        if other:
            raise BackupError("wrong_backup_kind", source=str(source), kind=kind, other=other)
        raise BackupError("unknown_backup_format", source=str(source), kind=kind)
    engine = db.get_engine(url)
    present = counts(engine)
    if not present.empty and not force:
        raise BackupError("restore_over_data", agencies=present.agencies, users=present.users,
                          assessments=present.assessments, answers=present.answers)
    if kind == "sqlite":
        _check_sqlite_file(source)
        db.dispose_engines()  # no pooled connection may hold the old file open while it is replaced
        _sqlite_restore(source, _sqlite_path(url))
    else:
        _run_tool("pg_restore", ["--list", str(source)], None)
        db.dispose_engines()
        _run_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                                 "--exit-on-error", f"--dbname={make_url(db.database_url(url)).database}",
                                 str(source)], make_url(db.database_url(url)))
    engine = db.get_engine(url)
    db.init_db(engine)  # a backup from an older version is brought up to date
    held = counts(engine)
    with db.transaction(engine) as session:
        audit.record(session, SYSTEM_ACTOR, "database.restore", target=str(source)[-200:],
                     detail={"counts": str(held), "replaced": str(present)})
    return held


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(_read_only(source), uri=True)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    _check_sqlite_file(target)


# --- helpers --------------------------------------------------------------------------------------


def _read_only(path: Path) -> str:
    """A read-only SQLite URI for `path`, any character in it escaped."""
    return path.resolve().as_uri() + "?mode=ro"


def _sqlite_path(url: str | None) -> Path:
    return Path(make_url(db.database_url(url)).database or "").expanduser().resolve()


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database),
                       ("PGOPTIONS", url.query.get("options")), ("PGSSLMODE", url.query.get("sslmode"))):
        if value:
            env[key] = str(value)
    host = url.query.get("host")
    if host and not url.host:
        env["PGHOST"] = str(host)
    return env


def _tool(name: str) -> str:
    """A PostgreSQL client program: from PRESSDX_PG_BINDIR, the PATH (Debian's wrapper picks the
    newest installed version), or the newest /usr/lib/postgresql/*/bin."""
    bindir = settings.current().pg_bindir
    candidates = [str(Path(bindir) / name)] if bindir else []
    found = shutil.which(name)
    if found:
        candidates.append(found)
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
                      if p.parts[-3].isdigit() else 0, reverse=True)
    candidates += [str(p) for p in versions]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError("pg_tool_missing", tool=name)


def _run_tool(name: str, args: list[str], url: URL | None, timeout: float = TOOL_TIMEOUT) -> str:
    """Run a PostgreSQL client program; killed when `timeout` passes or when this is interrupted."""
    env = _pg_env(url) if url is not None else dict(os.environ)
    try:
        done = subprocess.run([_tool(name), *args], env=env, capture_output=True, text=True, timeout=timeout,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BackupError("pg_tool_timeout", tool=name, timeout=timeout) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-1500:]
        raise BackupError("pg_tool_failed", tool=name, exit=done.returncode, detail=detail)
    return done.stdout


def _not_a_backup(path: Path, why: str) -> BackupError:
    return BackupError("not_a_backup", path=str(path), why=why)


def _unsupported(url: str | None) -> BackupError:
    kind = backend(url)
    return BackupError("backend_unsupported", kind=kind)
