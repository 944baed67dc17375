"""Sign-ins and refusals are logged on named loggers (`pressdx.store.auth`, `pressdx.store.access`)
for an operator to follow; a password never reaches a log."""

from __future__ import annotations

import logging

import pytest

from store import accounts, sessions
from store.access import Action, authorize, can
from store.errors import AccessDenied, InvalidInput, LoginRefused
from tests.conftest import World

IP = "203.0.113.9"
AUTH, ACCESS = "pressdx.store.auth", "pressdx.store.access"


def _said(caplog: pytest.LogCaptureFixture, logger: str) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == logger]


def _no_password(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(s in text for s in secrets)


def test_a_sign_in_is_logged_and_its_password_is_not(store_world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=AUTH)
    sessions.authenticate(store_world.engine, "bvl", store_world.password, IP)
    assert _said(caplog, AUTH) == [(logging.INFO, f"signed in: 'bvl' (agency) from '{IP}'")]
    _no_password(caplog, store_world.password)


def test_refused_then_blocked_then_throttled_sign_ins_are_warnings(
    store_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=AUTH)
    wrong = "sai-mat-khau-123"
    for _ in range(5):
        with pytest.raises(LoginRefused):
            sessions.authenticate(store_world.engine, "bvl", wrong, IP)
    with pytest.raises(LoginRefused):
        sessions.authenticate(store_world.engine, "bvl", store_world.password, IP)
    said = _said(caplog, AUTH)
    assert said[0] == (logging.WARNING, f"sign-in refused: 'bvl' from '{IP}' (bad_password)")
    assert (logging.WARNING, f"sign-in blocked: 'bvl' from '{IP}' for 30 s") in said
    assert said[-1] == (logging.WARNING, f"sign-in throttled: 'bvl' from '{IP}', 30 s to wait")
    _no_password(caplog, wrong, store_world.password)


def test_an_unknown_account_is_logged_as_such(store_world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=AUTH)
    with pytest.raises(LoginRefused):
        sessions.authenticate(store_world.engine, "Khong-Co ", "mot-mat-khau-dai", IP)
    assert _said(caplog, AUTH) == [(logging.WARNING, f"sign-in refused: 'khong-co' from '{IP}' (unknown_user)")]


def test_an_authorization_refused_is_logged_but_asking_is_not(
    store_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS)
    w = store_world
    assert not can(w.agency_a, Action.VIEW_ASSESSMENT, w.agency_b_id)
    assert _said(caplog, ACCESS) == []
    with pytest.raises(AccessDenied):
        authorize(w.agency_a, Action.VIEW_ASSESSMENT, w.agency_b_id)
    with pytest.raises(AccessDenied):
        authorize(None, Action.MANAGE_USERS)
    assert _said(caplog, ACCESS) == [
        (logging.WARNING, f"authorization refused: 'bvl' (agency) may not view_assessment on agency "
                          f"'{w.agency_b_id}': other_agency"),
        (logging.WARNING, "authorization refused: nobody signed in may not manage_users: signed_out"),
    ]


def test_a_refused_password_change_is_logged_without_either_password(
    store_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=AUTH)
    w = store_world
    actor = sessions.resolve_session(w.engine, sessions.authenticate(w.engine, "bvl", w.password, IP))
    caplog.clear()
    with pytest.raises(InvalidInput):
        accounts.change_password(w.engine, actor, "khong-dung-dau", "mat-khau-moi-2026", IP)
    with pytest.raises(InvalidInput):
        accounts.change_password(w.engine, actor, w.password, w.password, IP)
    assert _said(caplog, AUTH) == [
        (logging.WARNING, f"password change refused: 'bvl' from '{IP}' (wrong_password)"),
        (logging.INFO, "password change refused: 'bvl' (password_unchanged)"),
    ]
    for _ in range(5):  # knowing the password (above) began a new streak
        with pytest.raises(InvalidInput):
            accounts.change_password(w.engine, actor, "khong-dung-dau", "mat-khau-moi-2026", IP)
    with pytest.raises(LoginRefused):
        accounts.change_password(w.engine, actor, "khong-dung-dau", "mat-khau-moi-2026", IP)
    assert _said(caplog, AUTH)[-1][1].startswith("password change throttled: 'bvl', ")
    _no_password(caplog, "khong-dung-dau", "mat-khau-moi-2026", w.password)
