"""Backups of the whole database, and restoring one (`manage.py backup` / `manage.py restore`).

- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the database page by page
  through a connection, so it is consistent and safe while the app runs and writes (committed WAL
  frames included, a half-written transaction never). The copy is checked (`PRAGMA integrity_check`)
  and only then moved into place. A restore copies the other way, with the same API.
- PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, also while the app runs) and
  `pg_restore --clean --if-exists --single-transaction` (all or nothing). The connection is given to
  the tools through libpq's PG* variables, so a password never appears on a command line.

A restore refuses to overwrite a database that holds data (agencies, accounts or assessments) unless
forced: restoring is how data is lost by mistake. Both are written to the audit trail.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import URL, make_url

from store import audit, db
from store.access import SYSTEM_ACTOR
from store.errors import StoreError
from store.models import Agency, Answer, Assessment, AuditEvent, EvidenceFile, User

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
TOOL_TIMEOUT = 3600  # seconds: a province's database is small; this only stops a hung tool


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
        if not inspect(conn).has_table(User.__tablename__):
            return Counts(0, 0, 0, 0, 0, 0)
        n = [conn.scalar(select(func.count()).select_from(m)) or 0
             for m in (Agency, User, Assessment, Answer, EvidenceFile, AuditEvent)]
    return Counts(*n)


def backend(url: str | None) -> str:
    return make_url(db.database_url(url)).get_backend_name()


# --- backup ---------------------------------------------------------------------------------------


def backup(url: str | None, target: Path | str, *, force: bool = False) -> Counts:
    """Write a backup of the database at `url` to `target`; returns what it holds."""
    target = Path(target)
    if target.exists() and not force:
        raise BackupError(
            "backup_exists",
            f"Tệp {target} đã có. Chọn tên khác, hoặc thêm --force để ghi đè.",
            f"{target} already exists. Choose another name, or add --force to overwrite it.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = db.get_engine(url)
    if backend(url) == "sqlite":
        _sqlite_backup(_sqlite_path(url), target)
    elif backend(url) == "postgresql":
        _pg_backup(make_url(db.database_url(url)), target)
    else:
        raise _unsupported(url)
    held = counts(engine)
    with db.transaction(engine) as session:
        audit.record(session, SYSTEM_ACTOR, "database.backup", target=str(target)[-200:], detail={"counts": str(held)})
    return held


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError("no_database", f"Không có cơ sở dữ liệu tại {source}.", f"There is no database at {source}.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(tmp)
            try:
                # Small steps let the app's writers in between; each step restarts if they changed a page.
                src.backup(dst, pages=256, sleep=0.005)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
        _check_sqlite_file(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _check_sqlite_file(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        has_schema = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _not_a_backup(path, str(exc)) from None
    finally:
        conn.close()
    if ok != "ok" or not has_schema:
        raise _not_a_backup(path, ok if ok != "ok" else "no pressdx schema")


def _pg_backup(url: URL, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.part")
    try:
        _run_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}"], url)
        _run_tool("pg_restore", ["--list", str(tmp)], None)  # readable back, or it is no backup
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


# --- restore --------------------------------------------------------------------------------------


def restore(url: str | None, source: Path | str, *, force: bool = False) -> Counts:
    """Replace the database at `url` with the backup in `source`; returns what it now holds.
    Refuses when the database holds data, unless `force`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError("no_backup", f"Không có tệp sao lưu {source}.", f"There is no backup file {source}.")
    with source.open("rb") as f:
        magic = f.read(16)
    kind = backend(url)
    expected = {"sqlite": SQLITE_MAGIC, "postgresql": PGDUMP_MAGIC}.get(kind)
    if expected is None:
        raise _unsupported(url)
    if not magic.startswith(expected):
        other = "SQLite" if magic.startswith(SQLITE_MAGIC) else "pg_dump" if magic.startswith(PGDUMP_MAGIC) else None
        why_vi = f"đây là bản sao lưu {other}" if other else "không nhận ra định dạng"
        why_en = f"it is a {other} backup" if other else "its format is not recognised"
        raise BackupError(
            "wrong_backup_kind",
            f"Không khôi phục được {source} vào cơ sở dữ liệu {kind}: {why_vi}.",
            f"Cannot restore {source} into a {kind} database: {why_en}.",
        )
    engine = db.get_engine(url)
    present = counts(engine)
    if not present.empty and not force:
        raise BackupError(
            "restore_over_data",
            f"Cơ sở dữ liệu đích đang có dữ liệu ({present}); khôi phục sẽ xóa hết. Không làm gì cả. "
            "Nếu đúng là muốn thay thế, hãy dừng ứng dụng và chạy lại với --force.",
            f"The target database holds data ({present}); restoring would replace all of it. Nothing was "
            "done. If you do mean to replace it, stop the app and run again with --force.",
        )
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
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
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
    bindir = os.environ.get("PRESSDX_PG_BINDIR")
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
    raise BackupError(
        "pg_tool_missing",
        f"Không tìm thấy chương trình {name}: cài gói postgresql-client (apt-get install postgresql-client).",
        f"{name} not found: install the PostgreSQL client programs (apt-get install postgresql-client).",
    )


def _run_tool(name: str, args: list[str], url: URL | None) -> str:
    env = _pg_env(url) if url is not None else dict(os.environ)
    try:
        done = subprocess.run([_tool(name), *args], env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BackupError("pg_tool_timeout", f"{name} không xong sau {TOOL_TIMEOUT} giây.",
                          f"{name} did not finish within {TOOL_TIMEOUT} s.") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-1500:]
        raise BackupError("pg_tool_failed", f"{name} báo lỗi (mã {done.returncode}):\n{detail}",
                          f"{name} failed (exit {done.returncode}):\n{detail}")
    return done.stdout


def _not_a_backup(path: Path, why: str) -> BackupError:
    return BackupError("not_a_backup", f"{path} không phải bản sao lưu pressdx hợp lệ ({why}).",
                       f"{path} is not a valid pressdx backup ({why}).")


def _unsupported(url: str | None) -> BackupError:
    kind = backend(url)
    return BackupError("backend_unsupported", f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {kind}.",
                       f"Backups of {kind} databases are not supported.")
