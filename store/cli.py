"""The app's housekeeping commands for manage.py: database set-up, accounts, demo data, exports."""

from __future__ import annotations

import argparse
import sys

from store.db import database_url, get_engine, init_db


def cmd_init(args: argparse.Namespace) -> int:
    engine = get_engine(args.database_url)
    version = init_db(engine)
    sys.stdout.write(f"database ready (schema {version}): {database_url(args.database_url)}\n")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create or upgrade the database schema")
    p.add_argument("--database-url", help="default: $DATABASE_URL or sqlite:///data/pressdx.db")
    p.set_defaults(func=cmd_init)
