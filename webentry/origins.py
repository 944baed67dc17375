"""Only pages of the app's own origin may open its WebSocket or send it a state-changing request.

The session cookie is SameSite=Lax, and "same site" ignores the port: a page served from another
port of the same host (or over the other scheme) makes the browser send the cookie along. Streamlit's
own WebSocket check compares host names only, so such a page could open `/_stcore/stream` as the
signed-in user and read what the app shows them. This middleware runs before everything else and
compares the Origin header exactly — scheme, host and port — with the app's own origin (the Host
the request was sent to, and the scheme it came in on) or with one of PRESSDX_ALLOWED_ORIGINS (the
address users type, for a deployment behind a proxy that rewrites Host or ends TLS).

What is checked: every WebSocket upgrade, and every HTTP request other than GET, HEAD and OPTIONS
(which change nothing here). A request with no Origin header at all is let through: browsers always
send Origin on a WebSocket upgrade and on a cross-origin POST, PUT or DELETE, so a request without one
is not a browser acting for some other page — it is a program (curl, a monitoring script) that
sends only the cookies it holds itself, which is no confused deputy. A browser's "null" origin (a
sandboxed frame, a file opened from disk) is refused.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

import settings

ALLOWED_ORIGINS_ENV = "PRESSDX_ALLOWED_ORIGINS"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEMES = {"http": "http", "https": "https", "ws": "http", "wss": "https"}


def normalize_origin(text: str) -> str | None:
    """`scheme://host[:port]` with the scheme and host in lower case and a default port left out, or
    None for anything that is not an http(s) origin (so "null" and "" match nothing)."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}" + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")


def configured_origins() -> frozenset[str]:
    """PRESSDX_ALLOWED_ORIGINS, separated by commas or spaces; a malformed entry stops the server at
    start with the variable and the entry named, rather than quietly refusing every user."""
    origins = set()
    for entry in settings.current().allowed_origins:
        origin = normalize_origin(entry)
        if origin is None:
            raise ValueError(f"{ALLOWED_ORIGINS_ENV}: {entry!r} is not an origin such as https://pressdx.example.vn")
        origins.add(origin)
    return frozenset(origins)


def _trusted_proxies() -> int:
    return settings.current().trust_proxy


def own_origin(scope: Scope, headers: Headers) -> str | None:
    """The origin this request was addressed to: its Host and scheme (with PRESSDX_TRUST_PROXY, the
    ones our proxy says the browser used)."""
    scheme = _SCHEMES.get(scope.get("scheme", "http"), "http")
    host = headers.get("host", "")
    if _trusted_proxies():
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip().lower() or scheme
        host = headers.get("x-forwarded-host", host).split(",")[0].strip() or host
    return normalize_origin(f"{scheme}://{host}") if host else None


class OriginGuard:
    """ASGI middleware: refuses a WebSocket upgrade (closed before it is accepted: HTTP 403) or a
    state-changing request (403) whose Origin is neither the app's own nor a configured one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.listed = configured_origins()

    def allowed(self, origin: str | None, own: str | None) -> bool:
        if origin is None:
            return True
        sent = normalize_origin(origin)
        return sent is not None and (sent == own or sent in self.listed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        checked = scope["type"] == "websocket" or (scope["type"] == "http" and scope["method"] not in SAFE_METHODS)
        if checked:
            headers = Headers(scope=scope)
            if not self.allowed(headers.get("origin"), own_origin(scope, headers)):
                await _refuse(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await PlainTextResponse("403 Forbidden: cross-origin request", status_code=403)(scope, receive, send)
