"""What every page needs once per rerun: the questionnaire, the database, who is signed in, the language.

The questionnaire and the engine are process-wide resources (loaded once, shared by all sessions);
the actor is looked up from the HttpOnly session cookie on every rerun, so a sign-out or an expired
session takes effect at the next click, and nothing a user can type or put in a URL changes who they are.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

import settings
from scoring.catalog import Catalog, load_catalog
from store.access import Actor
from store.accounts import set_language
from store.db import get_engine, init_db
from store.sessions import actor_for_identity, resolve_session, sign_out_proof
from ui.i18n import LANGS

SESSION_COOKIE = "pressdx_sid"
PAGE_KEY = "questionnaire_page"  # this run's page (its URL path), set by ui.shell.remember_page
OIDC_COOKIE = "_streamlit_user"  # Streamlit's signed cookie after `st.login`
T = TypeVar("T")
P = ParamSpec("P")
log = logging.getLogger(__name__)
# What one full run of app.py has already looked up (who is signed in, the year list). Set only for the
# length of that run: a widget callback or a fragment's own rerun (which do not go through app.py) find
# it empty and look everything up again.
_RUN_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("pressdx_run_memo", default=None)


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = get_engine(url or None)
    init_db(engine)
    return engine


def engine() -> Engine:
    return _engine(settings.current().database_url)


def session_token() -> str | None:
    """The sign-in cookie; the one seam tests replace (AppTest cannot send cookies)."""
    return st.context.cookies.get(SESSION_COOKIE)


def sign_out_proof_for_session() -> str:
    """The proof the one-click sign-out form carries (store.sessions.sign_out_proof of this session's cookie)."""
    token = session_token()
    return sign_out_proof(token) if token else ""


def oidc_enabled() -> bool:
    """PRESSDX_AUTH=oidc: the province's OpenID Connect provider (configured in secrets.toml's [auth])
    signs people in through `st.login`; built-in passwords are then not used."""
    return settings.current().oidc


def oidc_claim() -> str:
    return settings.current().oidc_claim


@contextmanager
def script_run() -> Iterator[None]:
    """One full run of the app: the sidebar, the navigation and the page each ask who is signed in and
    which years exist, and within one run the answer cannot change, so it is read once (not seven
    session lookups and three year lists per click). Nothing outlives the run. A run slower than
    PRESSDX_SLOW_RUN_SECONDS is logged with its page."""
    token = _RUN_MEMO.set({})
    start = time.perf_counter()
    try:
        yield
    finally:
        _RUN_MEMO.reset(token)
        log_if_slow(f"page {st.session_state.get(PAGE_KEY) or '?'}", time.perf_counter() - start)


def timed_fragment(func: Callable[P, None]) -> Callable[P, None]:
    """A fragment whose own rerun (a click inside it, which runs it alone) is timed like a full run;
    inside a full run it is part of that run's time."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        if in_app_run():
            func(*args, **kwargs)
            return
        start = time.perf_counter()
        try:
            func(*args, **kwargs)
        finally:
            log_if_slow(f"fragment {func.__name__} on page {st.session_state.get(PAGE_KEY) or '?'}",
                        time.perf_counter() - start)

    return run


def log_if_slow(what: str, seconds: float) -> bool:
    """Log a warning when a run took longer than PRESSDX_SLOW_RUN_SECONDS (0: never); says whether it did."""
    limit = settings.current().slow_run_seconds
    if not limit or seconds <= limit:
        return False
    log.warning("slow run: %s took %.2f s (PRESSDX_SLOW_RUN_SECONDS=%g)", what, seconds, limit)
    return True


def run_is_only(fragment_key: str) -> bool:
    """Whether the run a widget callback starts reruns the fragment keyed `fragment_key` and nothing
    else. In the browser a widget drawn inside a fragment reruns that fragment; a full run, and
    AppTest's runs, rerun the app. Anything unexpected answers False: the caller then asks for the
    rerun it needs, which is never wrong, only one run more."""
    ctx = get_script_run_ctx()
    if ctx is None or not ctx.fragment_ids_this_run:
        return False
    try:
        return list(ctx.fragment_ids_this_run) == ctx.fragment_storage.resolve_target(fragment_key)
    except StreamlitAPIException:
        return False


def in_app_run() -> bool:
    """Whether this is a full run of app.py (not a callback, not a fragment's own rerun)."""
    return _RUN_MEMO.get() is not None


def once_per_run(key: Any, compute: Callable[[], T]) -> T:
    """`compute()`, remembered until the end of this run of app.py; outside one (a callback, a
    fragment's own rerun) computed on every call."""
    memo = _RUN_MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def current_actor() -> Actor | None:
    """Looked up from the cookie at the start of every run (and every callback and fragment rerun):
    a page never trusts a copy from an earlier rerun."""
    return once_per_run("actor", _lookup_actor)


def _lookup_actor() -> Actor | None:
    if oidc_enabled():
        identity = _provider_identity()
        return actor_for_identity(engine(), identity) if identity else None
    return resolve_session(engine(), session_token())


def _provider_identity() -> str | None:
    """The signed-in user's claim that names them at the identity provider, if any."""
    if not st.user.is_logged_in:
        return None
    claim = st.user.get(oidc_claim())
    return claim if isinstance(claim, str) else None


def actor_lookup() -> Callable[[], Actor | None]:
    """A way to look the acting user up again later, off the script's thread (a download's callable,
    where `st` must not be used): it holds the cookie's token (or the provider's identity), not the
    actor, so a sign-out, a disabled account or a changed role in between still counts."""
    eng = engine()
    if oidc_enabled():
        identity = _provider_identity()
        return lambda: actor_for_identity(eng, identity) if identity else None
    token = session_token()
    return lambda: resolve_session(eng, token)


def credential() -> tuple[str, str] | None:
    """The cookie that says which browser signed in (ours, or Streamlit's for the provider's sign-in):
    a download is handed only to a request that carries it again (store/downloads.py)."""
    name = OIDC_COOKIE if oidc_enabled() else SESSION_COOKIE
    value = st.context.cookies.get(OIDC_COOKIE) if oidc_enabled() else session_token()
    return (name, value) if value else None


def lang() -> str:
    """The reader's language: the toggle, else the address (?lang=en), else the one their account last
    chose (on the sign-in page or in the app), else Vietnamese. Never the browser's: officials'
    browsers are often set to English, and the tool is Vietnamese first."""
    value = st.session_state.get("lang") or st.query_params.get("lang")
    if value not in LANGS:
        actor = current_actor() if session_token() or oidc_enabled() else None
        value = actor.lang if actor else None
    return value if value in LANGS else "vi"


def remember_lang(actor: Actor | None, lang: str) -> None:
    """Keep the language with the account when the reader changes it, so the next sign-in, on any
    computer, opens in it."""
    if actor is not None and actor.user_id is not None and actor.lang != lang:
        set_language(engine(), actor, lang)


def keep_lang_in_address(lang: str) -> None:
    """The reader's language kept in the address (?lang=en), so a reload, a new tab or a bookmark opens
    in it: kept in the session alone, a reload went back to Vietnamese. Vietnamese, the default, keeps
    the address clean."""
    if lang == "vi":
        st.query_params.pop("lang", None)
    elif st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def demo_mode() -> bool:
    return settings.current().demo
