"""The one place where roles are checked.

Store functions call `authorize` before touching data; the UI may call `can` to decide what to show,
but hiding a button is never the protection. The rules are a table, so reading them is reviewing them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from store.errors import AccessDenied

__all__ = ["SYSTEM_ACTOR", "AccessDenied", "Action", "Actor", "Role", "agency_scope", "authorize", "can"]

log = logging.getLogger("pressdx.store.access")


class Role(StrEnum):
    AGENCY = "agency"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. The UI gets it only from `store.sessions.resolve_session`, never from a widget or
    the URL. `session_id` (the stored hash, not the cookie) lets a password change keep the
    current sign-in while ending the others."""

    user_id: int | None
    username: str
    display_name: str
    role: Role
    agency_id: str | None = None
    session_id: str | None = None
    lang: str | None = None  # the language the account last chose ("vi", "en"), None if never


# For manage.py and demo seeding, which run with the server's own rights. The web app must never use it.
SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="system", role=Role.ADMIN)


class Action(StrEnum):
    VIEW_AGENCY = "view_agency"
    VIEW_ASSESSMENT = "view_assessment"
    EDIT_ASSESSMENT = "edit_assessment"
    SUBMIT = "submit"
    RETURN_SUBMISSION = "return_submission"
    REOPEN_ASSESSMENT = "reopen_assessment"
    VIEW_PROVINCE = "view_province"
    EXPORT_PROVINCE = "export_province"
    EDIT_PROVINCE_REPORT = "edit_province_report"
    VIEW_YEARS = "view_years"
    CHANGE_OWN_PASSWORD = "change_own_password"  # noqa: S105 (an action name)
    CHOOSE_OWN_LANGUAGE = "choose_own_language"
    MANAGE_AGENCIES = "manage_agencies"
    MANAGE_USERS = "manage_users"
    MANAGE_YEARS = "manage_years"
    VIEW_AUDIT = "view_audit"


_OWN = "own"  # agency role: only when agency_id is the actor's own agency
_ANY = "any"

_A, _R, _M = Role.AGENCY, Role.REVIEWER, Role.ADMIN

RULES: dict[Action, dict[Role, str]] = {
    Action.VIEW_AGENCY: {_A: _OWN, _R: _ANY, _M: _ANY},
    Action.VIEW_ASSESSMENT: {_A: _OWN, _R: _ANY, _M: _ANY},
    Action.EDIT_ASSESSMENT: {_A: _OWN},
    Action.SUBMIT: {_A: _OWN},
    Action.RETURN_SUBMISSION: {_R: _ANY},
    Action.REOPEN_ASSESSMENT: {_M: _ANY},
    Action.VIEW_PROVINCE: {_R: _ANY, _M: _ANY},
    Action.EXPORT_PROVINCE: {_R: _ANY, _M: _ANY},
    Action.EDIT_PROVINCE_REPORT: {_R: _ANY},  # the department writes its report; the administrator does not
    Action.VIEW_YEARS: {_A: _ANY, _R: _ANY, _M: _ANY},
    Action.CHANGE_OWN_PASSWORD: {_A: _ANY, _R: _ANY, _M: _ANY},
    Action.CHOOSE_OWN_LANGUAGE: {_A: _ANY, _R: _ANY, _M: _ANY},
    Action.MANAGE_AGENCIES: {_M: _ANY},
    Action.MANAGE_USERS: {_M: _ANY},
    Action.MANAGE_YEARS: {_M: _ANY},
    Action.VIEW_AUDIT: {_M: _ANY},
}


def authorize(actor: Actor | None, action: Action, agency_id: str | None = None) -> Actor:
    """Return the actor if it may do `action` (on `agency_id`, for agency-scoped actions), else log
    the refusal and raise AccessDenied. Returning the actor lets callers narrow `Actor | None` in one
    line."""
    refused = _refusal(actor, action, agency_id)
    if actor is None or refused is not None:
        refused = refused or AccessDenied("signed_out")
        who = f"{actor.username!r} ({actor.role})" if actor else "nobody signed in"
        log.warning("authorization refused: %s may not %s%s: %s", who, action.value,
                    f" on agency {agency_id!r}" if agency_id else "", refused.code)
        raise refused
    return actor


def _refusal(actor: Actor | None, action: Action, agency_id: str | None) -> AccessDenied | None:
    """The refusal `authorize` would raise, or None when it allows."""
    if actor is None:
        return AccessDenied("signed_out")
    scope = RULES[action].get(actor.role)
    if scope is None:
        return AccessDenied("role")
    if scope == _OWN and (agency_id is None or agency_id != actor.agency_id):
        return AccessDenied("other_agency")
    return None


def can(actor: Actor | None, action: Action, agency_id: str | None = None) -> bool:
    """Whether `authorize` would pass: for deciding which pages and buttons to show (asking is no
    refusal, so nothing is logged)."""
    return _refusal(actor, action, agency_id) is None


def agency_scope(actor: Actor | None, action: Action) -> str | None:
    """For listings: the one agency the actor may see for `action`, or None when it may see all.
    Raises AccessDenied like `authorize` when it may see none."""
    actor = authorize(actor, action, actor.agency_id if actor else None)
    return actor.agency_id if RULES[action][actor.role] == _OWN else None
