"""The web entry point: the Streamlit app plus a sign-in page served outside Streamlit.

Run with `streamlit run asgi.py` (or `uvicorn asgi:app`). The sign-in page is plain HTML so that
the session cookie can be HttpOnly: a cookie set from inside Streamlit would need a JavaScript
component, and any injected script could then read it. The Streamlit script reads the cookie with
`st.context.cookies["pressdx_sid"]` and calls `store.sessions.resolve_session` on every rerun.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote, urlsplit

import streamlit as st
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

import logconfig
import settings
from store import accounts, sessions
from store.db import get_engine, init_db
from store.demo import DemoAccount, demo_accounts
from store.errors import LoginRefused
from store.sessions import SESSION_LIFETIME
from ui.errors import error_both, error_text
from webentry import pages
from webentry.downloads import DownloadGate
from webentry.origins import OriginGuard
from words import say

SESSION_COOKIE = "pressdx_sid"
CSRF_COOKIE = "pressdx_csrf"
MAX_FORM_BYTES = 16 * 1024
APP_SCRIPT = settings.current().app_script

_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# --- request helpers ------------------------------------------------------------------------------


def client_address(request: Request) -> str:
    """The address sign-in throttling counts against.

    Only with PRESSDX_TRUST_PROXY=N (N proxies of ours in front) is X-Forwarded-For read, and then
    its N-th entry from the right: the address our outermost proxy saw. Entries further left were
    written by the client and could be anything, which would let one client look like thousands."""
    hops = _trusted_proxies()
    if hops:
        entries = [e.strip() for e in request.headers.get("x-forwarded-for", "").split(",") if e.strip()]
        if len(entries) >= hops:
            return entries[-hops][:100]
    return request.client.host if request.client else "unknown"


def _trusted_proxies() -> int:
    return settings.current().trust_proxy


def _is_https(request: Request) -> bool:
    if settings.current().cookie_secure or request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return bool(_trusted_proxies()) and forwarded == "https"


def _same_origin(request: Request) -> bool:
    """A POST must come from a page of this site: a form on another site cannot sign a user in as
    the attacker (login CSRF) or sign them out."""
    host = request.headers.get("host", "")
    if _trusted_proxies() and request.headers.get("x-forwarded-host"):
        host = request.headers["x-forwarded-host"].split(",")[0].strip()
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    if not host or not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == host.lower()


def _lang(request: Request, form: dict[str, str] | None = None) -> str:
    value = (form or {}).get("lang") or request.query_params.get("lang", "vi")
    return "en" if value == "en" else "vi"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: "//evil.example" or "https://…" would make the page an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return "/"
    return target[:500]


_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _csrf_token(request: Request) -> str:
    """Keep the browser's token while it looks like one of ours, so two open tabs both still work."""
    current = request.cookies.get(CSRF_COOKIE, "")
    return current if _TOKEN_RE.fullmatch(current) else secrets.token_urlsafe(32)


def _csrf_ok(request: Request, form: dict[str, str]) -> bool:
    cookie, field = request.cookies.get(CSRF_COOKIE, ""), form.get("csrf", "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), field.encode()) and _same_origin(request)


def _sign_out_proof_ok(request: Request, form: dict[str, str]) -> bool:
    """The app's one-click sign-out: its form carries a digest of the session cookie (store.sessions.
    sign_out_proof), which only a page of that session can know, and comes from this site."""
    token, proof = request.cookies.get(SESSION_COOKIE, ""), form.get("proof", "")
    return (bool(token) and bool(proof) and _same_origin(request)
            and hmac.compare_digest(sessions.sign_out_proof(token).encode(), proof.encode()))


def _lang_chosen(request: Request, form: dict[str, str]) -> str | None:
    """The sign-in page's language when the reader chose it (the address named it: the page's own
    switch, or the app's link in English); None when the page simply opened in Vietnamese, the default,
    so the account's own language is kept."""
    return _lang(request, form) if form.get("lang_chosen") == "1" else None


async def _read_form(request: Request) -> dict[str, str] | None:
    """The posted fields, or None for a body too large to be a sign-in form."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        return None
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


# --- pages ----------------------------------------------------------------------------------------


def _page(lang: str, template: str, status: int = 200, headers: dict[str, str] | None = None,
          **context: Any) -> HTMLResponse:
    document = pages.render(template, lang, **context)
    return HTMLResponse(document, status_code=status, headers={**_HEADERS, **(headers or {})})


def _login_page(
    request: Request,
    lang: str,
    token: str,
    *,
    error: str = "",
    info: str = "",
    next_path: str = "/",
    username: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
    lang_chosen: bool = False,
) -> HTMLResponse:
    other = "vi" if lang == "en" else "en"
    switch = f"/auth/login?lang={other}" + (f"&next={quote(next_path)}" if next_path != "/" else "")
    response = _page(lang, "login.html", status, headers, switch=switch, other=other, error=error, info=info,
                     token=token, lang_chosen=lang_chosen, next_path=next_path, username=username,
                     demo=_demo_accounts())
    _set_csrf_cookie(response, request, token)
    return response


def _demo_accounts() -> tuple[DemoAccount, ...]:
    return demo_accounts() if settings.current().demo else ()


def _set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/auth", secure=_is_https(request))


# --- routes ---------------------------------------------------------------------------------------


async def _login(request: Request, engine_factory: Callable[[], Engine]) -> Response:
    """A sign-in: the form checked (size, CSRF pair, both fields), the password tried, and on success
    a fresh session cookie in place of any earlier one."""
    form = await _read_form(request)
    if form is None:
        return Response(status_code=413)
    lang = _lang(request, form)
    next_path = _safe_next(form.get("next"))
    username, password = form.get("username", "").strip(), form.get("password", "")
    chosen_before = form.get("lang_chosen") == "1"
    fresh = secrets.token_urlsafe(32)
    if not _csrf_ok(request, form):
        return _login_page(
            request, lang, fresh, error=say("web.csrf", lang), next_path=next_path, username=username, status=403,
            lang_chosen=chosen_before,
        )
    if not username or not password:
        return _login_page(
            request, lang, fresh, error=say("web.missing", lang), next_path=next_path, username=username, status=400,
            lang_chosen=chosen_before,
        )
    engine = engine_factory()
    client = client_address(request)
    try:
        token = await run_in_threadpool(sessions.authenticate, engine, username, password, client)
    except LoginRefused as refused:
        retry = {"Retry-After": str(refused.retry_after_seconds)} if refused.reason == "throttled" else None
        return _login_page(
            request,
            lang,
            fresh,
            error=error_text(refused, lang),
            next_path=next_path,
            username=username,
            status=429 if retry else 401,
            headers=retry,
            lang_chosen=chosen_before,
        )
    # A session from before this sign-in must not survive it (session fixation, shared computers).
    await run_in_threadpool(sessions.end_session, engine, request.cookies.get(SESSION_COOKIE), client)
    if chosen := _lang_chosen(request, form):  # the app opens in it, now and at the next sign-in
        await run_in_threadpool(_remember_language, engine, token, chosen)
    response = RedirectResponse(next_path, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        path="/",
        secure=_is_https(request),
    )
    response.delete_cookie(CSRF_COOKIE, path="/auth")
    return response


def auth_routes(engine_factory: Callable[[], Engine] = get_engine) -> list[Route]:
    """The sign-in routes; `engine_factory` lets tests point them at their own database."""

    async def login_form(request: Request) -> Response:
        lang = _lang(request)
        info = say("web.signed_out", lang) if request.query_params.get("out") == "1" else ""
        next_path = _safe_next(request.query_params.get("next"))
        return _login_page(request, lang, _csrf_token(request), info=info, next_path=next_path,
                           lang_chosen="lang" in request.query_params)

    async def login(request: Request) -> Response:
        return await _login(request, engine_factory)

    async def logout_form(request: Request) -> Response:
        lang = _lang(request)
        token = _csrf_token(request)
        response = _page(lang, "logout.html", token=token)
        _set_csrf_cookie(response, request, token)
        return response

    async def logout(request: Request) -> Response:
        form = await _read_form(request)
        if form is None:
            return Response(status_code=413)
        lang = _lang(request, form)
        if not (_csrf_ok(request, form) or _sign_out_proof_ok(request, form)):
            return _login_page(request, lang, secrets.token_urlsafe(32), error=say("web.csrf", lang), status=403)
        engine = engine_factory()
        token = request.cookies.get(SESSION_COOKIE)
        await run_in_threadpool(sessions.end_session, engine, token, client_address(request))
        response = RedirectResponse(f"/auth/login?lang={lang}&out=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_is_https(request))
        return response

    return [
        Route("/auth/login", login_form, methods=["GET"]),
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/logout", logout_form, methods=["GET"]),
        Route("/auth/logout", logout, methods=["POST"]),
    ]


def _remember_language(engine: Engine, token: str, lang: str) -> None:
    actor = sessions.resolve_session(engine, token)
    if actor is not None:
        accounts.set_language(engine, actor, lang)


@asynccontextmanager
async def _lifespan(_app: Any) -> AsyncIterator[None]:
    """Set up logging, and create or upgrade the schema before the first request, so a fresh checkout
    just runs."""
    logconfig.configure(settings.current().log_level)
    await run_in_threadpool(init_db, get_engine())
    yield


# Outermost first: a foreign origin is turned away before anything else sees the request; a download
# goes only to the sign-in it was made for.
GUARDS = [Middleware(OriginGuard), Middleware(DownloadGate, say=error_both)]

app = st.App(APP_SCRIPT, routes=auth_routes(), lifespan=_lifespan, middleware=GUARDS)
