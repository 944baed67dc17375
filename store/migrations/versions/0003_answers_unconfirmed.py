"""answers.unconfirmed: an answer copied from an earlier year, not yet confirmed (existing answers are
confirmed)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("answers", sa.Column("unconfirmed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("answers", "unconfirmed")
