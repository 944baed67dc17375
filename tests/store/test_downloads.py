"""Download permits: one fetch, of exactly the bytes clicked for, by the browser that clicked, while
its sign-in lasts (the web entry's gate in front of Streamlit's /media asks these)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from store import clock, downloads, sessions
from store.access import Actor
from store.errors import AccessDenied
from tests.conftest import World

FILE = b"agency: {id: bao-vinh-long}\n"


def signed_in(w: World, username: str) -> tuple[str, Callable[[], Actor | None]]:
    token = sessions.authenticate(w.engine, username, w.password, "198.51.100.7")
    return token, lambda: sessions.resolve_session(w.engine, token)


def refused(cookies: dict[str, str], content: bytes = FILE, **kw) -> bool:
    try:
        downloads.redeem_download(cookies, content, **kw)
    except AccessDenied:
        return True
    return False


def test_only_the_clicking_browser_fetches_once(store_world: World) -> None:
    w = store_world
    token, who = signed_in(w, "bvl")
    other, _ = signed_in(w, "thvl")
    downloads.issue_download(w.agency_a, ("pressdx_sid", token), FILE, who)
    assert refused({})
    assert refused({"pressdx_sid": other})
    assert refused({"pressdx_sid": token}, FILE + b" ")  # other bytes at the same moment
    assert not refused({"pressdx_sid": token}, use=False)  # the button's check: permit kept
    assert not refused({"pressdx_sid": token})
    assert refused({"pressdx_sid": token})  # a second time


def test_sign_out_or_a_minute_ends_the_permit(store_world: World, monkeypatch) -> None:
    w = store_world
    token, who = signed_in(w, "bvl")
    downloads.issue_download(w.agency_a, ("pressdx_sid", token), FILE, who)
    sessions.end_session(w.engine, token, "198.51.100.7")
    assert refused({"pressdx_sid": token})

    token, who = signed_in(w, "bvl")
    downloads.issue_download(w.agency_a, ("pressdx_sid", token), FILE, who)
    later = clock.now() + downloads.PERMIT_LIFETIME + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert refused({"pressdx_sid": token})


def test_no_permit_without_a_sign_in(store_world: World) -> None:
    with pytest.raises(AccessDenied):
        downloads.issue_download(store_world.agency_a, None, FILE, lambda: store_world.agency_a)


def _media_app(content: bytes, disposition: str | None):
    """Streamlit's media route in miniature: the file, as an attachment or inline."""
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def media(request):
        headers = {"Content-Disposition": disposition} if disposition else {}
        return Response(content, media_type="application/x-yaml", headers=headers)

    return Starlette(routes=[Route("/media/{file_id}", media, methods=["GET", "HEAD"])])


def test_the_gate_serves_a_permitted_attachment_once(store_world: World) -> None:
    from tests.store.asgi_client import Browser
    from ui.errors import error_both
    from webentry.downloads import DownloadGate

    w = store_world
    token, who = signed_in(w, "bvl")
    gate = DownloadGate(_media_app(FILE, 'attachment; filename="a.yaml"'), say=error_both)
    browser = Browser(gate, cookies={"pressdx_sid": token})
    assert browser.get("/media/abc.yaml").status == 403  # no permit yet
    downloads.issue_download(w.agency_a, ("pressdx_sid", token), FILE, who)
    check = browser.get("/media/abc.yaml", {"Sec-Fetch-Mode": "cors"})
    assert check.status == 200 and check.text == ""  # the button's check gets no bytes, uses nothing up
    assert browser.request("HEAD", "/media/abc.yaml").status == 403
    served = browser.get("/media/abc.yaml", {"Sec-Fetch-Mode": "navigate"})
    assert served.status == 200 and served.text == FILE.decode()
    assert served.header("cache-control") == "no-store" and served.header("x-content-type-options") == "nosniff"
    assert browser.get("/media/abc.yaml").status == 403


def test_the_gate_leaves_inline_media_alone() -> None:
    from tests.store.asgi_client import Browser
    from ui.errors import error_both
    from webentry.downloads import DownloadGate

    gate = DownloadGate(_media_app(FILE, None), say=error_both)
    assert Browser(gate).get("/media/chart.png").text == FILE.decode()


def test_the_gate_holds_an_attachment_on_any_path() -> None:
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    from tests.store.asgi_client import Browser
    from ui.errors import error_both
    from webentry.downloads import DownloadGate

    async def anywhere(request):
        return Response(FILE, headers={"Content-Disposition": "attachment"})

    gate = DownloadGate(Starlette(routes=[Route("/{path:path}", anywhere)]), say=error_both)
    for path in ("/media/abc.yaml", "/app/media/abc.yaml", "/_stcore/x", "/"):
        assert Browser(gate).get(path).status == 403, path
