"""Accounts: who may sign in, with which role and agency, and their passwords and language."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import clock, passwords, throttle
from store.access import Action, Actor, Role, authorize
from store.db import transaction
from store.errors import AccessDenied, InvalidInput, LoginRefused, NotFound
from store.models import Agency, User, UserSession
from store.work import audited, authorized

USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
MAX_USERNAME = 64  # as USERNAME_RE allows, and the column holds
MAX_DISPLAY_NAME = 200
log = logging.getLogger("pressdx.store.auth")  # password changes refused; never a password


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    agency_id: str | None
    active: bool
    created_at: datetime
    password_changed_at: datetime


def normalize_username(username: str) -> str:
    """Usernames are compared lowercased and trimmed: "BVL " and "bvl" are one account."""
    return username.strip().lower()




def create_user(
    engine: Engine,
    actor: Actor | None,
    username: str,
    password: str,
    role: str,
    agency_id: str | None = None,
    display_name: str | None = None,
) -> UserInfo:
    """Create an account. With actor None this is the first-run bootstrap: allowed only while no
    admin exists, and only to create that admin, so nobody can use it to add accounts later."""
    allowed = authorize(actor, Action.MANAGE_USERS) if actor is not None else None
    name = _valid_username(username)
    role_ = _valid_role(role)
    passwords.check_policy(password, name)
    shown = (display_name or "").strip()[:MAX_DISPLAY_NAME] or name
    password_hash = passwords.hash_password(password)
    try:
        with audited(engine, allowed) as work:
            session = work.session
            if allowed is None:
                _refuse_bootstrap_unless_first_admin(session, role_)
            agency = _valid_agency_for_role(session, role_, agency_id)
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise _username_taken()
            user = User(
                username=name,
                display_name=shown,
                password_hash=password_hash,
                role=role_.value,
                agency_id=agency,
                password_changed_at=clock.now(),
                created_at=clock.now(),
            )
            session.add(user)
            session.flush()
            work.record("user.create", agency_id=agency, target=f"user:{name}", detail={"role": role_.value})
    except IntegrityError as exc:  # a concurrent create won the race for the name
        raise _username_taken() from exc
    return _info(user)


def list_users(engine: Engine, actor: Actor | None) -> list[UserInfo]:
    authorize(actor, Action.MANAGE_USERS)
    with Session(engine) as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def update_user(
    engine: Engine,
    actor: Actor | None,
    user_id: int,
    *,
    display_name: str | None = None,
    role: str | None = None,
    agency_id: str | None = None,
) -> UserInfo:
    """Change the shown name, or the role and agency together (an agency account needs its agency;
    other roles have none). Refuses to demote the last active admin."""
    with authorized(engine, actor, Action.MANAGE_USERS) as work:
        session = work.session
        user = _get_user(session, user_id)
        changes: dict[str, object] = {}
        if display_name is not None and display_name.strip():
            user.display_name = changes["display_name"] = display_name.strip()[:MAX_DISPLAY_NAME]
        if role is not None or agency_id is not None:
            role_ = _valid_role(role) if role is not None else Role(user.role)
            new_agency = _valid_agency_for_role(session, role_, agency_id if agency_id is not None else user.agency_id)
            if user.role == Role.ADMIN and role_ is not Role.ADMIN:
                _refuse_if_last_admin(session, user)
            user.role, user.agency_id = role_.value, new_agency
            changes.update(role=role_.value, agency_id=new_agency)
        work.record(
            "user.update",
            agency_id=user.agency_id,
            target=f"user:{user.username}",
            detail=changes,
        )
    return _info(user)


def set_user_active(engine: Engine, actor: Actor | None, user_id: int, active: bool) -> UserInfo:
    """Disable or re-enable an account; disabling ends its sessions at once."""
    with authorized(engine, actor, Action.MANAGE_USERS) as work:
        session = work.session
        user = _get_user(session, user_id)
        if not active:
            if user.id == work.actor.user_id:
                raise InvalidInput("disable_self")
            if user.role == Role.ADMIN:
                _refuse_if_last_admin(session, user)
            session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        user.active = active
        work.record(
            "user.enable" if active else "user.disable",
            agency_id=user.agency_id,
            target=f"user:{user.username}",
        )
    return _info(user)


def change_password(
    engine: Engine, actor: Actor | None, old_password: str, new_password: str, client: str | None = None
) -> None:
    """Change one's own password. Every other session of the user ends (a thief who had the old
    password loses access); the session making the change stays signed in when `actor` came from
    `resolve_session` (it carries the session id)."""
    actor = authorize(actor, Action.CHANGE_OWN_PASSWORD)
    if actor.user_id is None:
        raise AccessDenied("no_account_password")
    now = clock.now()
    try:
        with transaction(engine) as session:
            reservation = throttle.reserve(session, [throttle.change_key(actor.username)], now)
    except LoginRefused as refused:
        log.warning("password change throttled: %r, %d s to wait", actor.username, refused.retry_after_seconds)
        raise
    with Session(engine) as session:
        current_hash = session.scalar(select(User.password_hash).where(User.id == actor.user_id))
    if not passwords.verify(current_hash, old_password[: passwords.MAX_LENGTH]):
        with audited(engine, actor) as work:
            work.record("user.password_change_failed", target=f"user:{actor.username}", client=client)
        log.warning("password change refused: %r from %r (wrong_password)", actor.username, client)
        raise InvalidInput("wrong_password")
    with transaction(engine) as session:
        throttle.release(session, reservation)  # knowing the password is no failure, whatever follows
    try:
        passwords.check_policy(new_password, actor.username)
        if new_password == old_password:
            raise InvalidInput("password_unchanged")
    except InvalidInput as refused:
        log.info("password change refused: %r (%s)", actor.username, refused.code)
        raise
    new_hash = passwords.hash_password(new_password)
    with audited(engine, actor) as work:
        work.session.execute(
            update(User).where(User.id == actor.user_id).values(password_hash=new_hash, password_changed_at=now)
        )
        others = delete(UserSession).where(UserSession.user_id == actor.user_id)
        if actor.session_id:
            others = others.where(UserSession.id != actor.session_id)
        work.session.execute(others)
        work.record(
            "user.password_change",
            agency_id=actor.agency_id,
            target=f"user:{actor.username}",
            client=client,
        )


LANGS = ("vi", "en")


def set_language(engine: Engine, actor: Actor | None, lang: str) -> None:
    """Remember the language the signed-in user chose (on the sign-in page or in the app), so their
    next sign-in, on any computer, opens in it (kept only in the address, it would be lost with the tab)."""
    actor = authorize(actor, Action.CHOOSE_OWN_LANGUAGE)
    if lang not in LANGS:
        raise InvalidInput("bad_lang")
    if actor.user_id is None:
        raise AccessDenied("no_account_language")
    with transaction(engine) as session:
        session.execute(update(User).where(User.id == actor.user_id).values(lang=lang))


def reset_password(engine: Engine, actor: Actor | None, user_id: int, new_password: str) -> None:
    """An admin sets a new password for someone who lost theirs; all that user's sessions end and
    any sign-in back-off on the account is lifted."""
    actor = authorize(actor, Action.MANAGE_USERS)
    with Session(engine) as session:
        username = _get_user(session, user_id).username
    passwords.check_policy(new_password, username)
    new_hash = passwords.hash_password(new_password)
    with audited(engine, actor) as work:
        user = _get_user(work.session, user_id)
        user.password_hash = new_hash
        user.password_changed_at = clock.now()
        work.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
        throttle.forget_account(work.session, user.username)
        work.record("user.password_reset", agency_id=user.agency_id, target=f"user:{user.username}")


def count_admins(engine: Engine) -> int:
    """Active admins; zero means the first-run bootstrap is still open (for manage.py and the UI)."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)) or 0


# --- helpers ----------------------------------------------------------------------------------------


def _refuse_bootstrap_unless_first_admin(session: Session, role: Role) -> None:
    """Creating an account with nobody signed in makes the first admin, and nothing else."""
    if session.scalar(select(User.id).where(User.role == Role.ADMIN).limit(1)) is not None:
        raise AccessDenied("bootstrap_closed")
    if role is not Role.ADMIN:
        raise AccessDenied("bootstrap_admin_only")


def _valid_username(username: str) -> str:
    name = normalize_username(username)
    if not USERNAME_RE.fullmatch(name):
        raise InvalidInput("bad_username")
    return name


def _valid_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput("bad_role", role=role) from None


def _valid_agency_for_role(session: Session, role: Role, agency_id: str | None) -> str | None:
    if role is not Role.AGENCY:
        return None
    if not agency_id or session.get(Agency, agency_id) is None:
        raise InvalidInput("agency_required")
    return agency_id


def _refuse_if_last_admin(session: Session, user: User) -> None:
    others = session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active, User.id != user.id)
    )
    if not others:
        raise InvalidInput("last_admin")


def _get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found")
    return user


def _username_taken() -> InvalidInput:
    return InvalidInput("username_taken")


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        agency_id=user.agency_id,
        active=user.active,
        created_at=user.created_at,
        password_changed_at=user.password_changed_at,
    )
