"""users.lang: the language each account last chose (empty for existing accounts)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("lang", sa.String(2)))


def downgrade() -> None:
    op.drop_column("users", "lang")
