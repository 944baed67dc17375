"""Sign-in blocks as the administrator sees them: what is blocked now, and lifting a block.

Every block ends by itself within 15 minutes (store/throttle.py). Lifting one is for a person who
cannot wait: an owner who mistyped, an office whose shared address a colleague's typos blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store import clock, throttle
from store.access import Action, Actor, authorize
from store.models import User
from store.work import authorized


@dataclass(frozen=True, slots=True)
class SignInBlock:
    """`kind`: "pair" (an account, from one client), "client" (one client, every account), "user"
    (an account, for the clients that have failed for it), "change" (the account's password change)."""

    key: str
    kind: str
    username: str | None
    client: str | None
    failures: int
    blocked_until: datetime


def list_blocks(engine: Engine, actor: Actor | None) -> list[SignInBlock]:
    """The blocks in force now, the longest first."""
    authorize(actor, Action.MANAGE_USERS)
    with Session(engine) as session:
        rows = throttle.current_blocks(session, clock.now())
    return [_block(row.key, row.failures, row.blocked_until) for row in rows if row.blocked_until]


def lift_block(engine: Engine, actor: Actor | None, key: str) -> bool:
    """End a block and the streak of failures behind it, recorded in the audit trail. False when
    there was nothing to lift (it had ended by itself)."""
    with authorized(engine, actor, Action.MANAGE_USERS) as work:
        parts = throttle.parts(key)
        if not throttle.reset(work.session, key):
            return False
        owner = select(User.agency_id).where(User.username == parts.username)
        agency_id = work.session.scalar(owner) if parts.username else None
        work.record("auth.block_lift", agency_id=agency_id, target=key,
                    detail={"kind": parts.kind, "username": parts.username, "client": parts.client})
    return True


def _block(key: str, failures: int, blocked_until: datetime) -> SignInBlock:
    parts = throttle.parts(key)
    return SignInBlock(key, parts.kind, parts.username, parts.client, failures, blocked_until)
