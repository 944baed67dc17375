"""The app opens in the language the account last chose, and a change in the app is kept with the
account (not only in the address, which a new tab or another computer does not have)."""

from __future__ import annotations

from unittest.mock import patch

import streamlit as st
from streamlit.testing.v1 import AppTest

from store import sessions
from tests.conftest import present
from tests.ui.conftest import PASSWORD, ROOT, TOKEN_KEY


def _fresh_tab(world, username: str) -> AppTest:
    """A new browser tab: signed in, nothing chosen yet in this session, a bare address."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[TOKEN_KEY] = sessions.authenticate(world, username, PASSWORD, "apptest")
    return at


def _account_lang(world, username: str) -> str | None:
    token = sessions.authenticate(world, username, PASSWORD, "apptest")
    return present(sessions.resolve_session(world, token)).lang


def test_a_new_tab_opens_in_the_accounts_language_and_a_change_is_kept(world):
    with patch("ui.runtime.session_token", lambda: st.session_state.get(TOKEN_KEY)):
        at = _fresh_tab(world, "lanh-dao-a").run()
        assert at.title[0].value == "Tự đánh giá năm 2025"  # never chosen: Vietnamese
        at.segmented_control(key="lang").set_value("en").run()
        assert at.title[0].value != "Tự đánh giá năm 2025"
        assert _account_lang(world, "lanh-dao-a") == "en"

        again = _fresh_tab(world, "lanh-dao-a").run()  # another day, another computer
        assert again.segmented_control(key="lang").value == "en"
        english_title = again.title[0].value
        assert english_title == at.title[0].value
        again.segmented_control(key="lang").set_value("vi").run()
        assert _account_lang(world, "lanh-dao-a") == "vi"
        assert _fresh_tab(world, "lanh-dao-a").run().title[0].value == "Tự đánh giá năm 2025"
