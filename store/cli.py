"""The app's housekeeping commands for manage.py: database set-up, accounts, demo data, backups.

They run with the server's own rights (SYSTEM_ACTOR), as whoever can run manage.py on the server
already can read the database file; every change they make is still written to the audit trail.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

import settings
from scoring.catalog import load_catalog
from store import accounts, backup, db, seed
from store.access import SYSTEM_ACTOR
from store.errors import StoreError
from words import say


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _engine(url: str | None) -> Engine:
    engine = db.get_engine(url)
    db.init_db(engine)
    return engine


def cmd_init(args: argparse.Namespace) -> int:
    engine = db.get_engine(args.database_url)
    version = db.init_db(engine)
    url = make_url(db.database_url(args.database_url)).render_as_string()
    _out(say("cli.db_ready", args.lang, revision=version, url=url))
    if accounts.count_admins(engine) == 0:
        _out(say("cli.no_admin", args.lang,
                 command=".venv/bin/python manage.py create-user --role admin --username admin"))
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    env = settings.current().new_password
    if env:
        return env
    first = getpass.getpass(say("cli.password_prompt", args.lang) + ": ")
    if first != getpass.getpass(say("cli.password_repeat", args.lang) + ": "):
        raise StoreError("password_mismatch")
    return first


def cmd_create_user(args: argparse.Namespace) -> int:
    engine = _engine(args.database_url)
    actor = None if accounts.count_admins(engine) == 0 else SYSTEM_ACTOR
    user = accounts.create_user(engine, actor, args.username, _password(args), args.role, args.agency,
                            display_name=args.display_name)
    role = say(f"role.{user.role}", args.lang)
    if user.agency_id:
        _out(say("cli.user_created_for", args.lang, role=role, username=user.username, agency=user.agency_id))
    else:
        _out(say("cli.user_created", args.lang, role=role, username=user.username))
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    url = args.database_url
    if url and make_url(db.database_url(url)).get_backend_name() == "sqlite" and args.fresh:
        path = make_url(url).database
        if path and Path(path).exists():
            Path(path).unlink()
            for suffix in ("-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
    engine = _engine(url)
    report = seed.seed_demo(engine, load_catalog())
    _out(say("cli.demo_ready", args.lang, agencies=report.agencies, assessments=report.assessments,
             users=report.users, password=seed.DEMO_PASSWORD))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    held = backup.backup(args.database_url, args.file, force=args.force, timeout=args.timeout)
    _out(say("cli.backup_written", args.lang, file=args.file, held=_held(held, args.lang)))
    return 0


def _held(counts: backup.Counts, lang: str) -> str:
    return say("cli.held", lang, agencies=counts.agencies, users=counts.users, assessments=counts.assessments,
               answers=counts.answers, files=counts.files, events=counts.events)


def cmd_restore(args: argparse.Namespace) -> int:
    held = backup.restore(args.database_url, args.file, force=args.force)
    _out(say("cli.restored", args.lang, file=args.file, held=_held(held, args.lang)))
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--database-url", help="default: $DATABASE_URL or sqlite:///data/pressdx.db")
        return p

    p = with_db(sub.add_parser("init", help="create or upgrade the database schema"))
    p.set_defaults(func=cmd_init)

    p = with_db(sub.add_parser("create-user", help="create an account (the first one must be an admin)"))
    p.add_argument("--username", required=True)
    p.add_argument("--role", choices=["agency", "reviewer", "admin"], required=True)
    p.add_argument("--agency", help="agency id, for role agency")
    p.add_argument("--display-name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_create_user)

    p = with_db(sub.add_parser(
        "backup", help="copy the whole database to FILE (safe while the app runs): SQLite file, or pg_dump"))
    p.add_argument("file", help="the backup file to write, e.g. backups/pressdx-2026-11-25.db (or .dump)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--timeout", type=float, default=backup.BACKUP_TIMEOUT, metavar="SECONDS",
                   help=f"stop, leaving no file, if the backup is not done by then (default {backup.BACKUP_TIMEOUT:g})")
    p.set_defaults(func=cmd_backup)

    p = with_db(sub.add_parser(
        "restore", help="replace the database with a backup made by `backup` (stop the app first)"))
    p.add_argument("file", help="the backup file to restore")
    p.add_argument("--force", action="store_true", help="replace a database that holds data")
    p.set_defaults(func=cmd_restore)

    p = with_db(sub.add_parser("seed-demo", help="load the sample province of examples/ with demo accounts"))
    p.add_argument("--fresh", action="store_true", help="start from an empty SQLite file")
    p.set_defaults(func=cmd_seed_demo)
