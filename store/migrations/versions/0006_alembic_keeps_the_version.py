"""Alembic's alembic_version keeps the schema's revision; the hand-written upgrades' schema_version
table goes (store.db.init_db reads it, on a database without alembic_version, to stamp the matching
revision before upgrading)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("schema_version")


def downgrade() -> None:
    table = op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.bulk_insert(table, [{"version": 5, "description": "users.lang: the language each account last chose",
                            "applied_at": datetime.now(UTC)}])
