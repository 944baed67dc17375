"""What every page needs once per rerun: the questionnaire, the database, who is signed in, the language.

The questionnaire and the engine are process-wide resources (loaded once, shared by all sessions);
the actor is looked up from the HttpOnly session cookie on every rerun, so a sign-out or an expired
session takes effect at the next click, and nothing a user can type or put in a URL changes who they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from scoring.catalog import Catalog, load_catalog
from store.access import Actor
from store.auth import actor_for_identity, resolve_session
from store.db import get_engine, init_db
from ui.i18n import LANGS

SESSION_COOKIE = "pressdx_sid"


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = get_engine(url or None)
    init_db(engine)
    return engine


def engine() -> Engine:
    return _engine(os.environ.get("DATABASE_URL", ""))


def session_token() -> str | None:
    """The sign-in cookie; the one seam tests replace (AppTest cannot send cookies)."""
    return st.context.cookies.get(SESSION_COOKIE)


def oidc_enabled() -> bool:
    """PRESSDX_AUTH=oidc: the province's OpenID Connect provider (configured in secrets.toml's [auth])
    signs people in through `st.login`; built-in passwords are then not used."""
    return os.environ.get("PRESSDX_AUTH", "").lower() == "oidc"


def oidc_claim() -> str:
    return os.environ.get("PRESSDX_OIDC_CLAIM", "preferred_username")


def current_actor() -> Actor | None:
    """Looked up again on every call: a page never trusts a copy from an earlier rerun."""
    if oidc_enabled():
        if not st.user.is_logged_in:
            return None
        return actor_for_identity(engine(), st.user.get(oidc_claim()))
    return resolve_session(engine(), session_token())


def actor_lookup() -> Callable[[], Actor | None]:
    """A way to look the acting user up again later, off the script's thread (a download's callable,
    where `st` must not be used): it holds the cookie's token (or the provider's identity), not the
    actor, so a sign-out, a disabled account or a changed role in between still counts."""
    eng = engine()
    if oidc_enabled():
        identity = st.user.get(oidc_claim()) if st.user.is_logged_in else None
        return lambda: actor_for_identity(eng, identity) if identity else None
    token = session_token()
    return lambda: resolve_session(eng, token)


def lang() -> str:
    """Vietnamese unless the reader chose English (the toggle, or ?lang=en from the sign-in page):
    officials' browsers are often set to English, and the tool is Vietnamese first."""
    value = st.session_state.get("lang") or st.query_params.get("lang")
    return value if value in LANGS else "vi"


def demo_mode() -> bool:
    return os.environ.get("PRESSDX_DEMO") == "1"
