"""A Streamlit client without a browser: it speaks the app's own protocol over `/_stcore/stream`.

A leader signs in through the web entry's HTML form (asgi.py: GET the form for its CSRF cookie and
token, POST it from this site's Origin, keep the session cookie of the 303), opens the stream with
that cookie and an Origin header naming the site (what a browser sends, and what the web entry's
Origin check compares), and asks for a page with a `rerun_script` BackMsg as the browser does on
load. The ForwardMsg deltas of the run say which widgets the page drew: their ids, their options,
their values, and the fragment each was drawn in. Changing an answer is what the browser sends on a
click: a `rerun_script` carrying every widget state this client has set (the changed one among
them) and the fragment the widget belongs to. Its time runs from that message leaving to the run's
`script_finished` arriving (a run stopped early for a rerun that the app asked for does not end it).
Nothing is drawn; only the messages are read, and the errors they carry counted.
"""

from __future__ import annotations

import asyncio
import html
import http.client
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

SESSION_COOKIE = "pressdx_sid"
CSRF_COOKIE = "pressdx_csrf"
SAVED_MARK = "Đã lưu lúc"  # the question's saved mark: catalogue message question.saved_at (vi)
RUN_TIMEOUT = 60.0
_CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')
_WIDGET_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")  # Streamlit's id for a widget with a user key


class ProtocolError(RuntimeError):
    """The server did not answer as a browser would have seen it: refused, closed, an error drawn."""


def _cookie(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def sign_in(base_url: str, username: str, password: str, timeout: float = 30.0) -> str:
    """The session cookie the sign-in form gives for this account (blocking: run it in a thread)."""
    host = urlsplit(base_url).netloc
    conn = http.client.HTTPConnection(host, timeout=timeout)
    try:
        conn.request("GET", "/auth/login")
        response = conn.getresponse()
        page = response.read().decode()
        csrf_cookie = _cookie(response.getheaders(), CSRF_COOKIE)
        token = _CSRF_FIELD.search(page)
        if response.status != 200 or not csrf_cookie or not token:
            raise ProtocolError(f"GET /auth/login: {response.status}, no CSRF cookie or field")
        body = urlencode({"csrf": html.unescape(token.group(1)), "lang": "vi", "next": "/",
                          "username": username, "password": password})
        conn.request("POST", "/auth/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": base_url,
            "Cookie": f"{CSRF_COOKIE}={csrf_cookie}"})
        response = conn.getresponse()
        response.read()
        session = _cookie(response.getheaders(), SESSION_COOKIE)
        if response.status != 303 or not session:
            raise ProtocolError(f"POST /auth/login for {username}: {response.status}, no session cookie")
        return session
    finally:
        conn.close()


@dataclass
class Widget:
    """A widget the page drew, as its delta described it."""

    id: str
    fragment_id: str
    options: list[str]
    value: str | None  # the option shown as chosen (a radio's formatted option), None when none


@dataclass
class RunSeen:
    """What one run's messages held: the saved marks drawn, and any error drawn."""

    saved_marks: int = 0
    errors: list[str] = field(default_factory=list)


class Session:
    """One browser tab's worth of protocol: a signed-in stream on one page."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token
        self.ws: ClientConnection | None = None
        self.widgets: dict[str, Widget] = {}  # by the widget's user key, e.g. "q_sec_backup"
        self.states: dict[str, Any] = {}  # widget id -> WidgetState this client has set
        self.page = ""
        self.page_hash = ""

    async def open(self, page: str, timeout: float = RUN_TIMEOUT) -> RunSeen:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        split = urlsplit(self.base_url)
        self.ws = await connect(f"ws://{split.netloc}/_stcore/stream", subprotocols=[Subprotocol("streamlit")],
                                additional_headers={"Cookie": f"{SESSION_COOKIE}={self.token}",
                                                    "Origin": self.base_url},
                                max_size=None, open_timeout=timeout, ping_interval=None)
        self.page = page
        msg = BackMsg()
        msg.rerun_script.page_name = page
        msg.rerun_script.query_string = ""
        return await self._run(msg, timeout)

    async def change(self, key: str, option: str, timeout: float = RUN_TIMEOUT) -> RunSeen:
        """Choose `option` in the radio with user key `key`, as a click would; returns when its run
        (and any run the app asked for after it) has finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget = self.widgets.get(key)
        if widget is None:
            raise ProtocolError(f"no widget {key!r} on the page")
        if option not in widget.options:
            raise ProtocolError(f"{key!r} has no option {option!r}")
        state = WidgetState(id=widget.id, string_value=option)
        self.states[widget.id] = state
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.page_name = self.page
        rerun.page_script_hash = self.page_hash
        rerun.query_string = ""
        rerun.fragment_id = widget.fragment_id
        rerun.widget_states.widgets.extend(self.states.values())
        widget.value = option
        return await self._run(msg, timeout)

    async def _run(self, msg, timeout: float) -> RunSeen:
        assert self.ws is not None
        await self.ws.send(msg.SerializeToString())
        seen = RunSeen()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no run finished within {timeout:.0f} s")
            raw = await asyncio.wait_for(self.ws.recv(), left)
            if self._read(raw, seen):
                return seen

    def _read(self, raw: bytes | str, seen: RunSeen) -> bool:
        """Take in one ForwardMsg; True when it ends the run."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not isinstance(raw, bytes):
            return False
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "delta":
            self._delta(msg.delta, seen)
        elif kind == "page_not_found":
            seen.errors.append(f"page not found: {self.page}")
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                seen.errors.append("the script did not compile")
            return msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        return False

    def _delta(self, delta, seen: RunSeen) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "radio":
            self._radio(element.radio, delta.fragment_id)
        elif kind == "markdown" and SAVED_MARK in element.markdown.body:
            seen.saved_marks += 1
        elif kind == "exception":
            seen.errors.append(f"exception drawn: {element.exception.type}: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            seen.errors.append(f"error drawn: {element.alert.body[:200]}")

    def _radio(self, radio, fragment_id: str) -> None:
        found = _WIDGET_ID.match(radio.id)
        if not found:
            return
        options = list(radio.options)
        if radio.id in self.states:  # what this client chose stands; a fragment's redraw may not repeat it
            value: str | None = self.states[radio.id].string_value
        elif radio.HasField("raw_value"):
            value = radio.raw_value
        elif radio.HasField("default"):
            value = options[radio.default]
        else:
            value = None
        self.widgets[found.group(1)] = Widget(radio.id, fragment_id, options, value)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
