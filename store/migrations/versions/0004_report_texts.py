"""report_texts: the department's edited wording of the annual report, per year, language and section."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_texts",
        sa.Column("year", sa.Integer, sa.ForeignKey("years.year", name="fk_report_texts_year_years"), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(64)),
        sa.PrimaryKeyConstraint("year", "lang", "section", name="pk_report_texts"),
    )


def downgrade() -> None:
    op.drop_table("report_texts")
