"""AppTest fixtures: the real app on a real database, signed in through a real session.

AppTest cannot send cookies, so the one seam is `ui.runtime.session_token`, patched to return a token
that `store.sessions.authenticate` really issued; everything behind it (session lookup, roles, store
checks) is the production path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from scoring.catalog import load_catalog
from scoring.models import QuestionType
from store import accounts, agencies, sessions, years
from store.access import SYSTEM_ACTOR

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-thu-nghiem-2026"
TOKEN_KEY = "__test_cookie"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture
def world(engine, monkeypatch):
    """Two agencies, years 2025 (open) and 2024 (closed), an account per role."""
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    agencies.create_agency(engine, SYSTEM_ACTOR, "bao-a", "Báo A", "newspaper", ["print", "online"])
    agencies.create_agency(engine, SYSTEM_ACTOR, "tap-chi-b", "Tạp chí B", "magazine", ["print"])
    years.create_year(engine, SYSTEM_ACTOR, 2024, is_open=False)
    years.create_year(engine, SYSTEM_ACTOR, 2025)
    for user, role, agency in (("lanh-dao-a", "agency", "bao-a"), ("lanh-dao-b", "agency", "tap-chi-b"),
                               ("so", "reviewer", None), ("quantri", "admin", None)):
        accounts.create_user(engine, SYSTEM_ACTOR, user, PASSWORD, role, agency, display_name=user)
    return engine


@pytest.fixture
def app(world) -> Iterator[Callable[[str | None], AppTest]]:
    """`app("lanh-dao-a")` → an AppTest of app.py signed in as that user (None: signed out)."""

    def make(username: str | None, lang: str = "vi") -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if username:
            at.session_state[TOKEN_KEY] = sessions.authenticate(world, username, PASSWORD, "apptest")
        at.session_state["lang"] = lang
        return at.run()

    # Each AppTest carries its own browser's cookie in its session state, so two users can act in one test.
    with patch("ui.runtime.session_token", lambda: st.session_state.get(TOKEN_KEY)):
        yield make


def complete_answers(qn, best: bool = True) -> dict:
    """An answer to every question: the best option (or the worst), evidence where required."""
    out: dict = {}
    for q in qn.questions.values():
        value: Any
        if q.type == QuestionType.TEXT:
            value = "Ghi chú"
        elif q.type == QuestionType.NUMBER:
            value = q.target or 10
        elif q.type == QuestionType.PERCENT:
            value = 100 if best else 0
        elif q.type == QuestionType.MULTI_CHOICE:
            value = [o.code for o in q.choices if not o.exclusive] if best else \
                [o.code for o in q.choices if o.exclusive][:1] or [q.choices[0].code]
        else:
            ranked = sorted(q.choices, key=lambda o: o.score)
            value = (ranked[-1] if best else ranked[0]).code
        out[q.id] = {"value": value, "evidence": "Quyết định số 01/QĐ"} if q.evidence.value == "required" else value
    out["staff_total"], out["staff_trained"] = 40, 30
    return out
