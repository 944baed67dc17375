"""Failed sign-in counters with exponential back-off, never a permanent lock.

A counter exists per typed username (whether or not the account exists, so throttling reveals
nothing) and per client address. After the free failures, each further failure blocks the key for
30 s, then 60 s, 120 s ... up to 15 minutes. Fifteen quiet minutes after the last failure wipe
the streak. A permanent lock would let anyone who knows a username lock its owner out.

Client addresses get more free failures than accounts: one agency's staff often share a single
public address behind NAT, and a colleague's typos should not block the whole office.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.models import LoginAttempt

WINDOW = timedelta(minutes=15)
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 15 * 60
FREE_FAILURES = {"user": 5, "client": 20}


def user_key(username: str) -> str:
    return f"user:{username[:150]}"


def client_key(client: str) -> str:
    return f"client:{client[:150]}"


def delay_after(failures: int, free: int) -> int:
    """Seconds to block after the `failures`-th failure in a streak (0 while still free)."""
    if failures < free:
        return 0
    steps = min(failures - free, 10)  # 30 * 2**5 already passes the cap
    return min(FIRST_DELAY_SECONDS * 2**steps, MAX_DELAY_SECONDS)


def blocked_for(session: Session, keys: list[str], now: datetime) -> int:
    """Seconds until every key may try again; 0 when none is blocked."""
    until = session.scalars(
        select(LoginAttempt.blocked_until).where(LoginAttempt.key.in_(keys), LoginAttempt.blocked_until > now)
    ).all()
    if not until:
        return 0
    return max(1, math.ceil((max(until) - now).total_seconds()))


def record_failure(session: Session, keys: list[str], now: datetime) -> None:
    """Count one failure on each key. The increment happens in SQL, so two simultaneous failures
    cannot both read the old count and lose one."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in keys:
        session.execute(
            insert(LoginAttempt)
            .values(key=key, failures=0, window_start=now, last_failure_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        stale = LoginAttempt.last_failure_at < now - WINDOW
        failures = session.execute(
            update(LoginAttempt)
            .where(LoginAttempt.key == key)
            .values(
                failures=case((stale, 1), else_=LoginAttempt.failures + 1),
                window_start=case((stale, now), else_=LoginAttempt.window_start),
                last_failure_at=now,
            )
            .returning(LoginAttempt.failures)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        delay = delay_after(failures, FREE_FAILURES[key.split(":", 1)[0]])
        if delay:
            session.execute(
                update(LoginAttempt)
                .where(LoginAttempt.key == key)
                .values(blocked_until=now + timedelta(seconds=delay))
                .execution_options(synchronize_session=False)
            )


def reset(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def purge(session: Session, now: datetime) -> None:
    """Drop counters that no longer matter, so names typed by a scanner do not pile up."""
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.last_failure_at < now - WINDOW,
            (LoginAttempt.blocked_until.is_(None)) | (LoginAttempt.blocked_until < now),
        )
    )
