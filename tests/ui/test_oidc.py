"""With PRESSDX_AUTH=oidc the province's identity provider signs people in (st.login); pressdx maps
the vouched-for username to its own account, role and agency, and refuses unknown people."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import ROOT


def oidc_app(monkeypatch, user: dict) -> AppTest:
    monkeypatch.setenv("PRESSDX_AUTH", "oidc")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = user
    return at.run()


def test_known_identity_gets_its_own_role_and_agency(world, monkeypatch):
    at = oidc_app(monkeypatch, {"is_logged_in": True, "preferred_username": "lanh-dao-a", "email": "a@bao-a.vn"})
    assert not at.exception
    assert at.title[0].value == "Tự đánh giá năm 2025"


def test_unknown_identity_gets_nothing(world, monkeypatch):
    at = oidc_app(monkeypatch, {"is_logged_in": True, "preferred_username": "nguoi-la"})
    assert not at.exception
    assert any("chưa có tài khoản này" in w.value for w in at.warning)


def test_signed_out_is_offered_the_provider(world, monkeypatch):
    at = oidc_app(monkeypatch, {"is_logged_in": False})
    assert at.button(key="oidc_login")
