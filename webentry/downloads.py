"""Streamlit's `/media/…` serves a download only to the request its permit names.

A response that is an attachment (`Content-Disposition: attachment`: every download button's file,
whatever path reached it) is held back here until store/downloads.py finds a permit for exactly those
bytes, bound to the request's sign-in cookie and to a user still signed in; the permit is then used up. Without one —
no cookie, another user's cookie, after sign-out, a second fetch, a minute later — the answer is 403.
Images and other inline media pass untouched.

Streamlit's button fetches the address twice per click: the browser's download itself and, at the
same moment, a script fetch that only checks the address answers (its `checkSourceUrlResponse`).
Which arrives first is chance, so the check must not use the permit up: a script's request (fetch
metadata `Sec-Fetch-Mode` cors, same-origin or no-cors, which the browser sets and no script can)
gets an empty 200 when the permit is good, and never the bytes. The download itself is a navigation
(or a program that sends no fetch metadata): it gets the bytes, once. A range request or a HEAD is
refused without using the permit up, as its body is not the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store import downloads
from store.errors import AccessDenied, StoreError

_MEDIA = re.compile(r"(^|/)media/[^/]+$")
_SCRIPT_MODES = frozenset({"cors", "same-origin", "no-cors"})
_DROPPED = frozenset({b"cache-control", b"accept-ranges", b"content-length", b"x-content-type-options"})


class _Held:
    """The inner app's response: passed on at once unless it is an attachment, else kept whole."""

    def __init__(self, send: Send) -> None:
        self.send_on = send
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and _is_attachment(message):
            self.start = message
        elif self.start is None:
            await self.send_on(message)
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))


def _is_attachment(start: Message) -> bool:
    return any(k.lower() == b"content-disposition" and v.lower().startswith(b"attachment") for k, v in start["headers"])


class DownloadGate:
    """ASGI middleware in front of Streamlit: every attachment it answers with passes here. `say`
    words a refusal (the web entry passes the catalogue's, in every language)."""

    def __init__(self, app: ASGIApp, *, say: Callable[[StoreError], str]) -> None:
        self.app = app
        self.say = say

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held = _Held(send)
        if _MEDIA.search(scope["path"]):  # uncompressed, so the body is the bytes the permit names
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        await self.app(scope, receive, held.send)
        if held.start is None:
            return  # not a download: already sent on
        content = b"".join(held.body)
        check_only = Headers(scope=scope).get("sec-fetch-mode", "").lower() in _SCRIPT_MODES
        try:
            if scope["method"] != "GET" or held.start["status"] != 200:
                raise AccessDenied("download_not_whole")  # a HEAD or a range: not the whole file
            await run_in_threadpool(downloads.redeem_download, Request(scope).cookies, content, use=not check_only)
        except AccessDenied as refused:
            await PlainTextResponse(f"{self.say(refused)}\n", status_code=403,
                                    headers={"Cache-Control": "no-store"})(scope, receive, send)
            return
        await _send_file(send, held.start, b"" if check_only else content)


async def _send_file(send: Send, start: Message, body: bytes) -> None:
    headers = [(k, v) for k, v in start["headers"] if k.lower() not in _DROPPED]
    headers += [(b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff")]
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
