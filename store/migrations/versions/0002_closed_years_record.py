"""Closed years record their agencies: years.closed_at and the year_agencies table. Every year already
closed gets its record from the agencies as they are at the upgrade (the names they had when it closed
were never kept): the active ones and the retired ones with an assessment that year, dated by its last
closing in the audit trail, else by the upgrade.

The tables are written out as this revision found and left them, so a later change of the models never
changes what it does."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from store import clock

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MEDIA_TYPES = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
years = sa.table("years", sa.column("year", sa.Integer), sa.column("is_open", sa.Boolean),
                 sa.column("closed_at", sa.DateTime(timezone=True)))
agencies = sa.table("agencies", sa.column("id", sa.String), sa.column("name", sa.String),
                    sa.column("kind", sa.String), sa.column("media_types", MEDIA_TYPES),
                    sa.column("active", sa.Boolean))
assessments = sa.table("assessments", sa.column("agency_id", sa.String), sa.column("year", sa.Integer))
audit_events = sa.table("audit_events", sa.column("at", sa.DateTime(timezone=True)), sa.column("action", sa.String),
                        sa.column("target", sa.String))


def upgrade() -> None:
    op.add_column("years", sa.Column("closed_at", sa.DateTime(timezone=True)))
    year_agencies = op.create_table(
        "year_agencies",
        sa.Column("year", sa.Integer, sa.ForeignKey("years.year", name="fk_year_agencies_year_years"),
                  nullable=False, autoincrement=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id", name="fk_year_agencies_agency_id_agencies"),
                  nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("media_types", MEDIA_TYPES, nullable=False),
        sa.PrimaryKeyConstraint("year", "agency_id", name="pk_year_agencies"),
    )
    bind = op.get_bind()
    upgraded = clock.now()
    for year in bind.scalars(sa.select(years.c.year).where(sa.not_(years.c.is_open))).all():
        _record(bind, year_agencies, year, upgraded)


def _record(bind: sa.Connection, year_agencies: sa.Table, year: int, upgraded: datetime) -> None:
    last_closing = bind.scalar(sa.select(sa.func.max(audit_events.c.at)).where(
        audit_events.c.action == "year.close", audit_events.c.target == f"year:{year}"))
    closed = last_closing or (upgraded.replace(tzinfo=None) if bind.dialect.name == "sqlite" else upgraded)
    bind.execute(sa.update(years).where(years.c.year == year).values(closed_at=closed))
    took_part = sa.exists().where(assessments.c.agency_id == agencies.c.id, assessments.c.year == year)
    covered = sa.select(sa.literal(year), agencies.c.id, agencies.c.name, agencies.c.kind, agencies.c.media_types
                        ).where(sa.or_(agencies.c.active, took_part))
    bind.execute(sa.insert(year_agencies).from_select(["year", "agency_id", "name", "kind", "media_types"], covered))


def downgrade() -> None:
    op.drop_table("year_agencies")
    op.drop_column("years", "closed_at")
