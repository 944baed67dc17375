"""Sign-in throttling: failure counters with back-off, each attempt reserved before its password is
checked, never a permanent lock.

Counters (rows of login_attempts), one per key, each kind with its rule (`RULES`):

- `pair` (account × client): 5 free failures, then blocks of 30 s, 60 s, 120 s ... up to 15 minutes.
  The hard limit: it stops one client guessing one account, and stops nobody else.
- `client`: one address over every account it types, 20 free failures, then the same back-off: one
  address spraying many names. More free failures than a pair because an agency's staff often share
  one public address behind NAT, and a colleague's typos should not block the whole office.
- `user` (the account, over every client): 20 free failures, then only 10 s, 20 s, 40 s, at most
  60 s, and only for a client that has already failed for this account in the current streak. A
  client that has never failed for the account is never stopped by it: usernames are the agencies'
  ids, so a block that held everyone would let anyone keep an agency locked out from everywhere with
  a burst every 15 minutes. What it still does: an attacker spread over many addresses gets, once the
  account has drawn 20 failures, one guess per new address and then a short wait between guesses,
  on top of each address's own hard limit; the owner, after a typo of their own, waits a minute at
  most.
- `change` (wrong current passwords on the password-change form): hard, like a pair; only someone
  signed in to the account can fail there.

Every attempt counts as a failure from the moment it starts: one statement per key checks the block
and adds the attempt together (INSERT … ON CONFLICT DO UPDATE … WHERE not blocked … RETURNING), and
all of an attempt's keys are reserved in one transaction, whose row locks (PostgreSQL) or write lock
(SQLite) hold until it commits. Simultaneous attempts therefore queue, and the one after the free
ones finds the key blocked before any password is hashed: a burst gets no more checks than the limit.
A successful attempt gives its reservation back (`release`). Fifteen quiet minutes after the last
attempt wipe a streak, and no block is longer than 15 minutes: the lock is never permanent.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Row, case, delete, func, literal, null, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.errors import LoginRefused
from store.models import LoginAttempt, UTCDateTime

WINDOW = timedelta(minutes=15)
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
MAX_NAME = 64  # a username, as the accounts table holds it
MAX_CLIENT = 100


@dataclass(frozen=True, slots=True)
class Rule:
    free: int  # failures in a streak before the first block
    first: int  # seconds of the first block; each further failure doubles it ...
    cap: int  # ... up to this
    ends_on_success: bool  # a success wipes the streak (the one who failed knows the password)


RULES = {
    "pair": Rule(free=5, first=FIRST_DELAY_SECONDS, cap=MAX_DELAY_SECONDS, ends_on_success=True),
    "client": Rule(free=20, first=FIRST_DELAY_SECONDS, cap=MAX_DELAY_SECONDS, ends_on_success=False),
    "user": Rule(free=20, first=10, cap=60, ends_on_success=False),
    "change": Rule(free=5, first=FIRST_DELAY_SECONDS, cap=MAX_DELAY_SECONDS, ends_on_success=True),
}


# --- keys ---------------------------------------------------------------------------------------------


def client_id(address: str) -> str:
    """Who a client is, for counting: an IPv4 address itself; an IPv6 address its /64 network, since
    one host is handed a whole /64 and could otherwise take a fresh address for every guess; anything
    else (a name a test or a proxy gave) as it is, without spaces, which separate a pair key's parts."""
    try:
        ip = ipaddress.ip_address(address.strip().split("%", 1)[0])
    except ValueError:
        return "".join(address.split())[:MAX_CLIENT] or "unknown"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def user_key(username: str) -> str:
    return f"user:{username[:MAX_NAME]}"


def client_key(client: str) -> str:
    return f"client:{client_id(client)}"


def pair_key(username: str, client: str) -> str:
    return f"pair:{client_id(client)} {username[:MAX_NAME]}"


def change_key(username: str) -> str:
    return f"change:{username[:MAX_NAME]}"


def sign_in_keys(username: str, client: str) -> list[str]:
    """A sign-in's keys, in the order every attempt locks them (so two attempts never deadlock); the
    pair comes before the account, whose block depends on whether the pair has failed."""
    return [pair_key(username, client), client_key(client), user_key(username)]


@dataclass(frozen=True, slots=True)
class KeyParts:
    kind: str
    username: str | None
    client: str | None


def parts(key: str) -> KeyParts:
    """What a key counts: its kind, and the account and client it names."""
    kind, _, rest = key.partition(":")
    if kind == "pair":
        client, _, username = rest.partition(" ")
        return KeyParts(kind, username, client)
    if kind == "client":
        return KeyParts(kind, None, rest)
    return KeyParts(kind, rest, None)


# --- rules ----------------------------------------------------------------------------------------------


def delay_after(failures: int, free: int, first: int = FIRST_DELAY_SECONDS, cap: int = MAX_DELAY_SECONDS) -> int:
    """Seconds to block after the `failures`-th failure in a streak (0 while still free)."""
    if failures < free:
        return 0
    steps = min(failures - free, 10)  # 2**10 times any first block passes any cap
    return min(first * (1 << steps), cap)


def _rule(key: str) -> Rule:
    return RULES[key.partition(":")[0]]


def _block_at(count: ColumnElement[int], rule: Rule, now: datetime) -> ColumnElement[datetime]:
    """SQL: the end of the block a key earns with its `count`-th failure (NULL while still free)."""
    whens = []
    n = rule.free
    while (seconds := delay_after(n, rule.free, rule.first, rule.cap)) < rule.cap:
        whens.append((count == n, _at(now + timedelta(seconds=seconds))))
        n += 1
    whens.append((count >= n, _at(now + timedelta(seconds=rule.cap))))
    return case(*whens, else_=null())


def _at(moment: datetime) -> ColumnElement[datetime]:
    return literal(moment, UTCDateTime())


# --- reserving and releasing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reservation:
    """One attempt counted on its keys; for each key, the block to lift if the attempt succeeds; and
    how many more failures the client has before a hard key (its pair, its address) blocks it, so a
    failed sign-in can warn before the last tries."""

    blocks: dict[str, datetime | None]
    tries_left: int | None = None


def reserve(session: Session, keys: list[str], now: datetime) -> Reservation:
    """Count one attempt on every key, or raise LoginRefused("throttled", seconds to wait) and count
    it nowhere (the caller's transaction rolls back). A `user` key stops the attempt only when a pair
    key before it shows that this client has failed for the account already."""
    blocks: dict[str, datetime | None] = {}
    failed_here = True
    tries_left: int | None = None
    for key in keys:
        kind = key.partition(":")[0]
        enforce = kind != "user" or failed_here
        row = _reserve_one(session, key, now, enforce=enforce)
        if row is None:
            raise LoginRefused("throttled", _wait(session, keys, now, failed_here))
        if kind == "pair":
            failed_here = row.failures > 1
        if kind in ("pair", "client"):
            left = max(_rule(key).free - row.failures, 0)
            tries_left = left if tries_left is None else min(tries_left, left)
        # Where the key was not blocked, any block on it now is this attempt's own. Where it could
        # be (not enforced), the attempt may only have lengthened another's: that one stays.
        blocks[key] = row.blocked_until if enforce else None
    return Reservation(blocks, tries_left)


def _reserve_one(
    session: Session, key: str, now: datetime, *, enforce: bool
) -> Row[int, datetime | None] | None:
    """One statement: add an attempt to `key` unless it is blocked (or `enforce` is off), and say
    the new count and block. No row comes back when it is blocked."""
    rule = _rule(key)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stale = LoginAttempt.last_failure_at < now - WINDOW
    count = case((stale, 1), else_=LoginAttempt.failures + 1)
    first_block = delay_after(1, rule.free, rule.first, rule.cap)
    statement = (
        insert(LoginAttempt)
        .values(
            key=key,
            failures=1,
            window_start=now,
            last_failure_at=now,
            blocked_until=now + timedelta(seconds=first_block) if first_block else None,
        )
        .on_conflict_do_update(
            index_elements=["key"],
            set_={
                "failures": count,
                "window_start": case((stale, now), else_=LoginAttempt.window_start),
                "last_failure_at": now,
                "blocked_until": func.coalesce(_block_at(count, rule, now), LoginAttempt.blocked_until),
            },
            where=or_(LoginAttempt.blocked_until.is_(None), LoginAttempt.blocked_until <= now) if enforce else None,
        )
        .returning(LoginAttempt.failures, LoginAttempt.blocked_until)
    )
    return session.execute(statement).first()


def _wait(session: Session, keys: list[str], now: datetime, failed_here: bool) -> int:
    """Seconds until every key that applies to this client lets it try again."""
    applying = [k for k in keys if failed_here or not k.startswith("user:")]
    blocked = LoginAttempt.key.in_(applying), LoginAttempt.blocked_until > now
    until = session.scalar(select(func.max(LoginAttempt.blocked_until)).where(*blocked))
    return max(1, math.ceil((until - now).total_seconds())) if until else 1


def release(session: Session, reservation: Reservation) -> None:
    """A successful attempt is no failure. On a key whose rule says so the streak ends (the client
    has shown it knows the password); every other key gives back the one attempt, and the block the
    attempt set, unless another attempt has moved it since (its block then stands)."""
    for key, block in reservation.blocks.items():
        if _rule(key).ends_on_success:
            reset(session, key)
            continue
        values: dict[str, object] = {"failures": case((LoginAttempt.failures > 0, LoginAttempt.failures - 1), else_=0)}
        if block is not None:
            values["blocked_until"] = case(
                (LoginAttempt.blocked_until == block, null()), else_=LoginAttempt.blocked_until
            )
        statement = update(LoginAttempt).where(LoginAttempt.key == key).values(**values)
        session.execute(statement.execution_options(synchronize_session=False))


def reset(session: Session, key: str) -> bool:
    """End a key's streak and block; False when it had none."""
    deleted: CursorResult[Any] = session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))  # type: ignore[assignment]
    return deleted.rowcount > 0


def forget_account(session: Session, username: str) -> None:
    """Lift every block on an account: its own counter, its password-change counter, and every
    client's pair with it (after an admin has set a new password)."""
    keys = session.scalars(select(LoginAttempt.key).where(LoginAttempt.key.like("pair:%"))).all()
    mine = [k for k in keys if parts(k).username == username[:MAX_NAME]]
    session.execute(delete(LoginAttempt).where(LoginAttempt.key.in_([user_key(username), change_key(username), *mine])))


def current_blocks(session: Session, now: datetime) -> list[LoginAttempt]:
    """The counters blocked at `now`, the latest to end first."""
    return list(
        session.scalars(
            select(LoginAttempt).where(LoginAttempt.blocked_until > now).order_by(LoginAttempt.blocked_until.desc())
        )
    )


def purge(session: Session, now: datetime) -> None:
    """Drop counters that no longer matter, so names typed by a scanner do not pile up. Rows another
    attempt holds are left for next time (SKIP LOCKED, on PostgreSQL): waiting for them while that
    attempt waits for a row this one holds would be a deadlock."""
    done = select(LoginAttempt.key).where(
        LoginAttempt.last_failure_at < now - WINDOW,
        (LoginAttempt.blocked_until.is_(None)) | (LoginAttempt.blocked_until < now),
    )
    session.execute(delete(LoginAttempt).where(LoginAttempt.key.in_(done.with_for_update(skip_locked=True))))
