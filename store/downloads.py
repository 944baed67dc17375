"""Single-use permits for the files the pages hand out.

A page builds a download's file when it is clicked (ui/exports.py), after checking the role; Streamlit
then serves the file at `/media/<hash of its content>`. That address alone must not be enough: the web
entry (webentry/downloads.py) serves a download only against a permit issued here at the click — for
exactly those bytes, to a request carrying the same sign-in cookie the page was opened with, while
that sign-in still resolves to the same user — and only once, within PERMIT_LIFETIME (the browser
fetches it at once; a minute leaves room for a slow network, not for a copied address).

Permits live in this process's memory, as Streamlit's files do: a replica serves only what it built
itself, which the sticky sessions of a multi-server deployment already guarantee.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from store import clock
from store.access import Actor
from store.errors import AccessDenied

PERMIT_LIFETIME = timedelta(seconds=60)

# The sign-in cookie a permit is bound to: its name and value, as the page saw them.
Credential = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Permit:
    cookie_name: str
    cookie_hash: bytes
    user_id: int | None
    who_now: Callable[[], Actor | None]
    expires: datetime


_permits: dict[str, list[_Permit]] = {}
_lock = threading.Lock()


def _digest(value: bytes | str) -> bytes:
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).digest()


def _refused() -> AccessDenied:
    return AccessDenied("download_refused")


def issue_download(
    actor: Actor | None, credential: Credential | None, content: bytes, who_now: Callable[[], Actor | None]
) -> None:
    """Permit one fetch of `content` by the browser holding `credential`, while `who_now()` (the
    session looked up again) is still `actor`. The caller has already authorized the file itself."""
    if actor is None or credential is None or not credential[1]:
        raise AccessDenied("download_signed_out")
    now = clock.now()
    permit = _Permit(credential[0], _digest(credential[1]), actor.user_id, who_now, now + PERMIT_LIFETIME)
    with _lock:
        for key in [k for k, permits in _permits.items() if all(p.expires <= now for p in permits)]:
            del _permits[key]
        _permits.setdefault(_digest(content).hex(), []).append(permit)


def redeem_download(cookies: Mapping[str, str], content: bytes, *, use: bool = True) -> None:
    """Return if a live permit for `content` matches these cookies and its user is still signed in,
    using it up unless `use` is False (a check that the address works, which receives no bytes);
    else raise AccessDenied. Who is asking is the cookie, so there is no actor to pass."""
    now, key = clock.now(), _digest(content).hex()
    with _lock:
        candidates = [p for p in _permits.get(key, []) if p.expires > now and _cookie_matches(p, cookies)]
    for permit in candidates:
        actor = permit.who_now()  # a database read: outside the lock
        if actor is None or actor.user_id != permit.user_id:
            continue
        if not use:
            return
        with _lock:
            permits = _permits.get(key, [])
            for i, kept in enumerate(permits):
                if kept is permit:  # not taken meanwhile by a concurrent fetch
                    del permits[i]
                    return
    raise _refused()


def _cookie_matches(permit: _Permit, cookies: Mapping[str, str]) -> bool:
    value = cookies.get(permit.cookie_name)
    return value is not None and bool(value) and hmac.compare_digest(_digest(value), permit.cookie_hash)
