"""The administrator's view of sign-in blocks, on the accounts page."""

from __future__ import annotations

import pytest

from store import audit, sessions, throttle
from store.access import SYSTEM_ACTOR
from store.errors import LoginRefused
from tests.ui.conftest import PASSWORD

ATTACKER = "192.0.2.66"


def _fail(world, username: str, client: str) -> None:
    with pytest.raises(LoginRefused):
        sessions.authenticate(world, username, "sai-mat-khau-roi", client)


def test_the_admin_sees_a_block_and_lifts_it(app, world):
    for _ in range(throttle.RULES["pair"].free):
        _fail(world, "lanh-dao-a", ATTACKER)
    at = app("quantri")
    at.switch_page("ui/screens/admin_users.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[1].value
    assert table.to_dict("records") == [{"Chặn": "Tài khoản, từ một địa chỉ", "Tên đăng nhập": "lanh-dao-a",
                                         "Địa chỉ": ATTACKER, "Số lần sai": 5, "Đến": table.iloc[0]["Đến"]}]
    assert at.selectbox(key="u_block").value == f"pair:{ATTACKER} lanh-dao-a"
    at.button(key="u_block_lift").click().run()
    assert [s.value for s in at.success] == ["Đã gỡ chặn."]
    assert len(at.dataframe) == 1 and "Hiện không có lượt chặn nào." in [c.value for c in at.caption]
    assert sessions.authenticate(world, "lanh-dao-a", PASSWORD, ATTACKER)
    [event] = audit.list_events(world, SYSTEM_ACTOR, action="auth.block_lift")
    assert event.actor_name == "quantri" and event.agency_id == "bao-a"


def test_the_section_speaks_english(app, world):
    for n in range(throttle.RULES["user"].free):
        _fail(world, "lanh-dao-b", f"198.51.100.{n}")
    at = app("quantri", lang="en")
    at.switch_page("ui/screens/admin_users.py").run()
    assert "Sign-ins blocked for now" in [h.value for h in at.subheader]
    row = at.dataframe[1].value.iloc[0]
    assert row["Blocked"].startswith("An account, for the addresses that failed") and row["Username"] == "lanh-dao-b"
