"""A tiny in-process HTTP client for ASGI apps (httpx, which Starlette's TestClient needs, is not
installed): enough requests, headers and a cookie jar to drive the sign-in routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    text: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name.lower()), None)

    def set_cookies(self) -> dict[str, str]:
        """Raw Set-Cookie values by cookie name."""
        return {v.split("=", 1)[0]: v for k, v in self.headers if k == "set-cookie"}


@dataclass
class Browser:
    app: Any
    host: str = "pressdx.test"
    scheme: str = "http"
    peer: tuple[str, int] = ("203.0.113.5", 40000)
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, form: dict[str, str], headers: dict[str, str] | None = None, *, origin: bool = True
    ) -> Reply:
        sent = {"content-type": "application/x-www-form-urlencoded"}
        if origin:
            sent["origin"] = self.origin
        return self.request("POST", path, body=urlencode(form).encode(), headers={**sent, **(headers or {})})

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Reply:
        reply = anyio.run(self._call, method, path, body, headers or {})
        for raw in (v for k, v in reply.headers if k == "set-cookie"):
            name, rest = raw.split("=", 1)
            value = rest.split(";", 1)[0].strip('"')
            if "max-age=0" in raw.lower() or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    async def _call(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        url = urlsplit(path)
        sent = {"host": self.host, **{k.lower(): v for k, v in headers.items()}}
        if body:
            sent["content-length"] = str(len(body))
        if self.cookies:
            sent["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": self.scheme,
            "path": url.path,
            "raw_path": url.path.encode(),
            "query_string": url.query.encode(),
            "root_path": "",
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in sent.items()],
            "client": self.peer,
            "server": (self.host, 443 if self.scheme == "https" else 80),
        }
        inbox = [{"type": "http.request", "body": body, "more_body": False}]
        outbox: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return inbox.pop(0) if inbox else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            outbox.append(message)

        await self.app(scope, receive, send)
        start = outbox[0]
        return Reply(
            status=start["status"],
            headers=[(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in start["headers"]],
            text=b"".join(m.get("body", b"") for m in outbox[1:]).decode(),
        )
