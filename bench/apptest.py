"""The app through Streamlit's AppTest for the benchmarks, signed in through the one seam the page tests
use (the session cookie, patched in `ui.runtime.session_token`), on a given database."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parents[1]
TOKEN_KEY = "__bench_cookie"


@contextmanager
def on_database(url: str) -> Iterator[None]:
    """DATABASE_URL set to `url` and the cookie read from each AppTest's session state, for the block;
    both as they were afterwards."""
    import streamlit as st

    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        with patch("ui.runtime.session_token", lambda: st.session_state.get(TOKEN_KEY)):
            yield
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved


def signed_in(token: str, timeout: float, script: Path = ROOT / "app.py"):
    """An AppTest of `script` holding the sign-in cookie `token`, in Vietnamese; not run yet."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=timeout)
    at.session_state[TOKEN_KEY] = token
    at.session_state["lang"] = "vi"
    return at


def open_page(at, url_path: str) -> float:
    """Switch an AppTest to the page registered under `url_path` (the questionnaire pages share one file,
    which `AppTest.switch_page` cannot tell apart) and run it; returns the seconds the run took."""
    pages = getattr(at, "_registered_pages", {})
    target = next((h for h, info in pages.items() if info.get("url_pathname") == url_path), None)
    if target is None:
        known = sorted(str(i.get("url_pathname")) for i in pages.values())
        raise RuntimeError(f"no page registered at /{url_path} (pages: {known})")
    at._page_hash = target
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0
