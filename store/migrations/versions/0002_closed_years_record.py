"""Closed years record their agencies: years.closed_at and the year_agencies table, filled for every
year already closed (store.year_record.record_closed_years)."""

from __future__ import annotations

from alembic import op

from store.year_record import record_closed_years

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    record_closed_years(op.get_bind())


def downgrade() -> None:
    op.drop_table("year_agencies")
    op.drop_column("years", "closed_at")
