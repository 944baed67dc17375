"""The schema as the first release created it (the hand-written upgrades' version 1).

Never run: init_db gives an empty database the current models and stamps it at the head, so a revision
only ever runs on a database made before it. A database of the first release is stamped here."""

from __future__ import annotations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

REFUSAL = "pressdx: an empty database is created by `manage.py init` (store.db.init_db), not by stepping up"


def upgrade() -> None:
    raise RuntimeError(REFUSAL)


def downgrade() -> None:
    raise RuntimeError(REFUSAL)
