"""Alembic's environment: runs the revisions on the connection store.db.init_db hands over (inside its
transaction, under its lock), or, from the `alembic` command line, on DATABASE_URL (settings.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from store.db import get_engine
from store.models import Base


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine().begin() as own:
        _run(own)


main()
