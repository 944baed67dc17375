"""Sign-in and server-side sessions.

The browser holds only a random token in an HttpOnly cookie; the database holds its SHA-256, the
user, and the times. Every rerun looks the session up again, so signing out, disabling an account
or resetting a password takes effect on the user's next click.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

import settings
from store import audit, clock, passwords, throttle
from store.access import Actor, Role
from store.accounts import MAX_USERNAME, normalize_username
from store.db import transaction
from store.errors import LoginRefused
from store.models import Agency, User, UserSession
from store.work import audited

SESSION_LIFETIME = timedelta(hours=12)
# last_seen_at is written at most this often: a write on every rerun would serialise all users
# behind SQLite's single writer for no gain in precision that anyone needs.
TOUCH_INTERVAL = timedelta(minutes=1)
log = logging.getLogger("pressdx.store.auth")  # sign-ins and their refusals; never a password


def idle_timeout() -> timedelta:
    """Inactivity limit, PRESSDX_SESSION_IDLE_MINUTES (settings.py), read on each call."""
    return timedelta(minutes=settings.current().session_idle_minutes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign_out_proof(token: str) -> str:
    """What the app's one-click sign-out form sends to show it comes from a page of this session: a
    page of another site cannot know it (the cookie is HttpOnly), and it cannot be turned back into
    the token. Unlike the session's stored hash, it opens nothing if it leaks."""
    return hashlib.sha256(b"pressdx sign-out\0" + token.encode("utf-8")).hexdigest()


def authenticate(engine: Engine, username: str, password: str, client: str) -> str:
    """Check a username and password; on success return a new session token for the cookie.

    Raises LoginRefused with one generic message for an unknown user, a wrong password and a
    disabled account alike, or with reason "throttled" and the seconds to wait. The attempt is
    counted as a failure before the password is checked (store/throttle.py), so simultaneous
    attempts cannot all pass one check; a success gives it back. The password is verified outside
    any transaction so a slow hash never holds a database lock."""
    name = normalize_username(username)[:MAX_USERNAME]
    now = clock.now()
    try:
        with transaction(engine) as session:
            reservation = throttle.reserve(session, throttle.sign_in_keys(name, client or "unknown"), now)
    except LoginRefused as refused:
        log.warning("sign-in throttled: %r from %r, %d s to wait", name, client, refused.retry_after_seconds)
        raise
    with Session(engine) as session:
        row = session.execute(
            select(User, Agency.active).outerjoin(Agency, Agency.id == User.agency_id).where(User.username == name)
        ).first()
    user, agency_active = row if row else (None, None)
    ok = passwords.verify(user.password_hash if user else None, password[: passwords.MAX_LENGTH])
    if user is None or not (ok and user.active and agency_active is not False):
        # A disabled account counts as a failure too: otherwise the throttle would reveal which
        # guess was its right password.
        reason = "unknown_user" if user is None else "inactive" if ok else "bad_password"
        with audited(engine, None) as work:
            work.record("auth.login_failed", target=f"user:{name}", detail={"reason": reason}, client=client)
        started = max((b for b in reservation.blocks.values() if b is not None and b > now), default=None)
        wait = math.ceil((started - now).total_seconds()) if started else 0
        log.warning("sign-in refused: %r from %r (%s)", name, client, reason)
        if wait:
            log.warning("sign-in blocked: %r from %r for %d s", name, client, wait)
        raise LoginRefused("invalid", wait, reservation.tries_left)
    token = secrets.token_urlsafe(32)
    new_hash = passwords.hash_password(password) if passwords.needs_rehash(user.password_hash) else None
    actor = _actor(user)
    with audited(engine, actor) as work:
        session = work.session
        throttle.release(session, reservation)
        throttle.purge(session, now)
        _purge_sessions(session, now)
        if new_hash:
            session.execute(update(User).where(User.id == user.id).values(password_hash=new_hash))
        session.add(
            UserSession(
                id=token_hash(token),
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_LIFETIME,
                client=(client or "")[:200] or None,
            )
        )
        work.record("auth.login", agency_id=user.agency_id, client=client)
    log.info("signed in: %r (%s) from %r", user.username, user.role, client)
    return token


def resolve_session(engine: Engine, token: str | None) -> Actor | None:
    """The signed-in user for a cookie token, or None when the token is unknown, expired (idle or
    past its 12 h lifetime), or its account or agency has been disabled. Called on every rerun."""
    if not token or len(token) > 256:
        return None
    sid = token_hash(token)
    now = clock.now()
    with Session(engine) as session:
        row = session.execute(
            select(UserSession.expires_at, UserSession.last_seen_at, User, Agency.active)
            .join(User, User.id == UserSession.user_id)
            .outerjoin(Agency, Agency.id == User.agency_id)
            .where(UserSession.id == sid)
        ).first()
    if row is None:
        return None
    expires_at, last_seen_at, user, agency_active = row
    alive = user.active and agency_active is not False and now < expires_at
    if not alive or now - last_seen_at >= idle_timeout():
        with transaction(engine) as session:
            session.execute(delete(UserSession).where(UserSession.id == sid))
        return None
    if now - last_seen_at >= TOUCH_INTERVAL:
        with transaction(engine) as session:
            session.execute(update(UserSession).where(UserSession.id == sid).values(last_seen_at=now))
    return _actor(user, sid)


def end_session(engine: Engine, token: str | None, client: str | None = None) -> bool:
    """Sign out: delete the session row, so the cookie is dead even if it was copied."""
    if not token:
        return False
    sid = token_hash(token)
    with transaction(engine) as session:
        user = session.scalar(
            select(User).join(UserSession, UserSession.user_id == User.id).where(UserSession.id == sid)
        )
        if user is None:
            return False
        session.execute(delete(UserSession).where(UserSession.id == sid))
        audit.record(session, _actor(user), "auth.logout", agency_id=user.agency_id, client=client)
    return True


def _purge_sessions(session: Session, now: datetime) -> None:
    session.execute(
        delete(UserSession).where((UserSession.expires_at <= now) | (UserSession.last_seen_at <= now - idle_timeout()))
    )


def _actor(user: User, session_id: str | None = None) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        agency_id=user.agency_id,
        session_id=session_id,
        lang=user.lang,
    )


def actor_for_identity(engine: Engine, identity: str | None) -> Actor | None:
    """Where an OpenID Connect provider signs people in (PRESSDX_AUTH=oidc), the identity it vouches
    for (a claim such as preferred_username) is matched to an account of that username: roles and
    agencies stay in our database, so the provider proves who someone is and pressdx still decides
    what they may do. Unknown or disabled accounts get nothing."""
    if not identity or len(identity) > 254:
        return None
    name = normalize_username(identity)
    with Session(engine) as session:
        row = session.execute(
            select(User, Agency.active).outerjoin(Agency, Agency.id == User.agency_id).where(User.username == name)
        ).first()
    if row is None:
        return None
    user, agency_active = row
    if not user.active or agency_active is False:
        return None
    return _actor(user)
