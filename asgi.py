"""The web entry point: the Streamlit app plus a sign-in page served outside Streamlit.

Run with `streamlit run asgi.py` (or `uvicorn asgi:app`). The sign-in page is plain HTML so that
the session cookie can be HttpOnly: a cookie set from inside Streamlit would need a JavaScript
component, and any injected script could then read it. The Streamlit script reads the cookie with
`st.context.cookies["pressdx_sid"]` and calls `store.sessions.resolve_session` on every rerun.
"""

from __future__ import annotations

import hmac
import html
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
from store.demo import demo_accounts
from store.errors import LoginRefused
from store.sessions import SESSION_LIFETIME
from ui.errors import error_both, error_text
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

_CSS = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f4f6f8;
color:#1f2933}
main{max-width:380px;margin:8vh auto;padding:32px;background:#fff;border-radius:12px;
box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.6rem;margin:0 0 4px}
p.sub{margin:0 0 24px;color:#52606d}
label{display:block;font-weight:600;margin:16px 0 6px}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;padding:10px 12px;font-size:1rem;
border:1px solid #cbd2d9;border-radius:8px}
input:focus{outline:2px solid #1d4ed8;border-color:#1d4ed8}
button{margin-top:24px;width:100%;padding:11px;font-size:1rem;font-weight:600;color:#fff;background:#1d4ed8;
border:0;border-radius:8px;cursor:pointer}
button:hover{background:#1e40af}
.error{background:#fde8e8;color:#9b1c1c;padding:10px 12px;border-radius:8px;margin-bottom:8px}
.info{background:#e8f0fd;color:#1e3a8a;padding:10px 12px;border-radius:8px;margin-bottom:8px}
.lang{text-align:right;font-size:.9rem;margin:-8px 0 8px}
a{color:#1d4ed8}
table{width:100%;border-collapse:collapse;font-size:.9rem;margin-top:8px}
td{padding:4px 6px;border-top:1px solid #e4e7eb}
details{margin-top:28px}
code{font-size:.95em;white-space:nowrap}
"""


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


def _page(lang: str, title: str, body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    document = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · pressdx</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
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
    notices = (f'<div class="error" role="alert">{html.escape(error)}</div>' if error else "") + (
        f'<div class="info" role="status">{html.escape(info)}</div>' if info else ""
    )
    body = f"""
<div class="lang"><a href="{html.escape(switch)}" hreflang="{other}">{say("web.other_lang", lang)}</a></div>
<h1>{say("web.title", lang)}</h1>
<p class="sub">{say("web.subtitle", lang)}</p>
{notices}
<form method="post" action="/auth/login" autocomplete="on">
<input type="hidden" name="csrf" value="{html.escape(token)}">
<input type="hidden" name="lang" value="{lang}">
<input type="hidden" name="lang_chosen" value="{"1" if lang_chosen else "0"}">
<input type="hidden" name="next" value="{html.escape(next_path)}">
<label for="username">{say("web.username", lang)}</label>
<input type="text" id="username" name="username" value="{html.escape(username)}" autocomplete="username"
 autocapitalize="none" spellcheck="false" maxlength="64" required autofocus>
<label for="password">{say("web.password", lang)}</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="1024" required>
<button type="submit">{say("web.submit", lang)}</button>
</form>
{_demo_list(lang)}"""
    response = _page(lang, say("web.title", lang), body, status, headers)
    _set_csrf_cookie(response, request, token)
    return response


def _demo_list(lang: str) -> str:
    if not settings.current().demo:
        return ""
    accounts = demo_accounts()
    if not accounts:
        return ""
    rows = "".join(  # the name first, the (long) username under it: readable in a narrow box
        f"<tr><td>{html.escape(a.label_en if lang == 'en' else a.label_vi)}<br>"
        f"<code>{html.escape(a.username)}</code></td></tr>"
        for a in accounts
    )
    heading = say("web.demo", lang, password=f"<code>{html.escape(accounts[0].password)}</code>")
    return f"<details open><summary>{heading}</summary><table>{rows}</table></details>"


def _set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/auth", secure=_is_https(request))


# --- routes ---------------------------------------------------------------------------------------


def auth_routes(engine_factory: Callable[[], Engine] = get_engine) -> list[Route]:
    """The sign-in routes; `engine_factory` lets tests point them at their own database."""

    async def login_form(request: Request) -> Response:
        lang = _lang(request)
        info = say("web.signed_out", lang) if request.query_params.get("out") == "1" else ""
        next_path = _safe_next(request.query_params.get("next"))
        return _login_page(request, lang, _csrf_token(request), info=info, next_path=next_path,
                           lang_chosen="lang" in request.query_params)

    async def login(request: Request) -> Response:
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
                request, lang, fresh, error=say("web.csrf", lang), next_path=next_path, username=username,
                status=403, lang_chosen=chosen_before,
            )
        if not username or not password:
            return _login_page(
                request, lang, fresh, error=say("web.missing", lang), next_path=next_path, username=username,
                status=400, lang_chosen=chosen_before,
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

    async def logout_form(request: Request) -> Response:
        lang = _lang(request)
        token = _csrf_token(request)
        body = f"""
<h1>{say("web.logout_title", lang)}</h1>
<p class="sub">{say("web.logout_question", lang)}</p>
<form method="post" action="/auth/logout">
<input type="hidden" name="csrf" value="{html.escape(token)}">
<input type="hidden" name="lang" value="{lang}">
<button type="submit">{say("web.logout_button", lang)}</button>
</form>
<p><a href="/">{say("web.back", lang)}</a></p>"""
        response = _page(lang, say("web.logout_title", lang), body)
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
