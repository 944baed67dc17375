"""Accounts, sign-in, throttling and sessions (time moves by `fake_clock`, never by sleeping)."""

from __future__ import annotations

import hashlib

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from store import accounts, agencies, audit, db, passwords, sessions, throttle
from store.access import AccessDenied, Role
from store.errors import InvalidInput, LoginRefused
from store.models import LoginAttempt, User, UserSession
from tests.conftest import FakeClock, World, present
from ui.errors import error_text

IP = "203.0.113.7"


def _fail(w: World, username: str = "bvl", client: str = IP) -> LoginRefused:
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(w.engine, username, "sai-mat-khau-roi", client)
    return refused.value


# --- accounts -------------------------------------------------------------------------------------


def test_bootstrap_creates_only_the_first_admin(engine) -> None:
    with pytest.raises(AccessDenied, match=r"^bootstrap_admin_only$"):
        accounts.create_user(engine, None, "sotttt", "mat-khau-rat-dai", "reviewer")
    admin = accounts.create_user(engine, None, "  Admin ", "mat-khau-rat-dai", "admin")
    assert admin.username == "admin" and admin.role is Role.ADMIN
    assert accounts.count_admins(engine) == 1
    with pytest.raises(AccessDenied) as refused:
        accounts.create_user(engine, None, "admin2", "mat-khau-rat-dai", "admin")
    assert refused.value.code == "bootstrap_closed"


@pytest.mark.parametrize("name", ["a", "có dấu", "two words", "x" * 65, "-lead"])
def test_bad_usernames_are_refused(store_world: World, name: str) -> None:
    with pytest.raises(InvalidInput):
        accounts.create_user(store_world.engine, store_world.admin, name, "mat-khau-rat-dai", "reviewer")


def test_usernames_are_unique_ignoring_case(store_world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.create_user(store_world.engine, store_world.admin, "BVL", "mat-khau-rat-dai", "agency",
                             "bao-vinh-long")
    assert refused.value.code == "username_taken"


@pytest.mark.parametrize(
    ("password", "code"), [("ngan-qua", "password_too_short"), ("nguoidung1", "password_is_username")]
)
def test_password_policy(store_world: World, password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.create_user(store_world.engine, store_world.admin, "nguoidung1", password, "reviewer")
    assert refused.value.code == code


def test_agency_accounts_need_an_existing_agency_and_others_have_none(store_world: World) -> None:
    w = store_world
    with pytest.raises(InvalidInput, match=r"^agency_required$"):
        accounts.create_user(w.engine, w.admin, "lac", "mat-khau-rat-dai", "agency", "khong-co")
    reviewer = accounts.create_user(w.engine, w.admin, "so2", "mat-khau-rat-dai", "reviewer", "bao-vinh-long")
    assert reviewer.agency_id is None


def test_the_last_admin_cannot_be_disabled_or_demoted(store_world: World) -> None:
    w = store_world
    with pytest.raises(InvalidInput, match=r"^disable_self$"):
        accounts.set_user_active(w.engine, w.admin, present(w.admin.user_id), False)
    other = accounts.create_user(w.engine, w.admin, "admin2", "mat-khau-rat-dai", "admin")
    accounts.set_user_active(w.engine, w.admin, other.id, False)
    with pytest.raises(InvalidInput) as refused:
        accounts.update_user(w.engine, w.admin, present(w.admin.user_id), role="reviewer")
    assert refused.value.code == "last_admin"


def test_a_long_vietnamese_passphrase_works(store_world: World) -> None:
    w = store_world
    phrase = "Tôi yêu báo chí Việt Nam và chuyển đổi số của tỉnh Vĩnh Long năm hai nghìn"
    assert len(phrase.encode()) > 72  # bcrypt's limit; argon2 has none
    accounts.create_user(w.engine, w.admin, "dai", phrase, "reviewer")
    assert sessions.authenticate(w.engine, "dai", phrase, IP)


# --- sign-in ----------------------------------------------------------------------------------------


def test_sign_in_returns_a_token_and_stores_only_its_hash(store_world: World) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, " BVL ", w.password, IP)
    assert len(token) >= 43
    with db.transaction(w.engine) as session:
        ids = session.scalars(select(UserSession.id)).all()
    assert ids == [hashlib.sha256(token.encode()).hexdigest()]
    actor = sessions.resolve_session(w.engine, token)
    assert actor is not None and actor.username == "bvl" and actor.role is Role.AGENCY
    assert actor.agency_id == w.agency_a_id and actor.session_id == ids[0]


def test_unknown_user_and_wrong_password_look_the_same(store_world: World, monkeypatch) -> None:
    calls: list[str] = []
    real = passwords.verify

    def spy(password_hash: str | None, password: str) -> bool:
        calls.append("verify")
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify", spy)
    unknown = _fail(store_world, "khong-ton-tai")
    wrong = _fail(store_world, "bvl")
    assert calls == ["verify", "verify"], "an unknown user must cost a hash verification too"
    assert (unknown.code, unknown.params) == (wrong.code, wrong.params)
    assert error_text(unknown, "vi") == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert unknown.reason == "invalid"


def test_a_disabled_account_is_refused_with_the_same_message(store_world: World) -> None:
    w = store_world
    accounts.set_user_active(w.engine, w.admin, present(w.agency_a.user_id), False)
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(w.engine, "bvl", w.password, IP)
    assert refused.value.reason == "invalid"


def test_an_outdated_hash_is_upgraded_at_sign_in(store_world: World, monkeypatch) -> None:
    w = store_world
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(passwords, "HASHER", stronger)
    sessions.authenticate(w.engine, "bvl", w.password, IP)
    with db.transaction(w.engine) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "bvl"))
    assert not stronger.check_needs_rehash(present(stored))
    assert sessions.authenticate(w.engine, "bvl", w.password, IP)


# --- throttling -------------------------------------------------------------------------------------


def test_delays_double_from_30_seconds_up_to_15_minutes() -> None:
    delays = [throttle.delay_after(n, 5) for n in range(1, 13)]
    assert delays == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]


def test_five_failures_block_the_account_then_the_block_expires(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    for _ in range(5):
        assert _fail(w).reason == "invalid"
    blocked = _fail(w)  # even the right password is not tried now
    assert (blocked.reason, blocked.retry_after_seconds) == ("throttled", 30)
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(w.engine, "bvl", w.password, IP)
    assert refused.value.reason == "throttled"
    assert "thử lại sau 30 giây" in error_text(refused.value, "vi")
    fake_clock.advance(seconds=31)
    assert _fail(w).reason == "invalid"  # the 6th failure ...
    assert _fail(w).retry_after_seconds == 60  # ... doubles the wait
    fake_clock.advance(seconds=61)
    assert sessions.authenticate(w.engine, "bvl", w.password, IP)


def test_the_lock_is_never_permanent(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    for _ in range(40):
        _fail(w)
        fake_clock.advance(minutes=15, seconds=1)
    assert sessions.authenticate(w.engine, "bvl", w.password, IP)


def test_quiet_time_wipes_the_streak(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    for _ in range(4):
        _fail(w)
    fake_clock.advance(minutes=16)
    for _ in range(4):
        assert _fail(w).reason == "invalid"
    assert _fail(w).reason == "invalid"  # only the 5th of the new streak blocks
    assert _fail(w).reason == "throttled"


def test_success_resets_the_account_counter(store_world: World) -> None:
    w = store_world
    for _ in range(4):
        _fail(w)
    sessions.authenticate(w.engine, "bvl", w.password, IP)
    for _ in range(4):
        assert _fail(w).reason == "invalid"


def test_one_client_spraying_many_names_is_slowed(store_world: World) -> None:
    w = store_world
    for n in range(throttle.RULES["client"].free):
        assert _fail(w, f"ten{n}").reason == "invalid"
    assert _fail(w, "sotttt").reason == "throttled"
    assert sessions.authenticate(w.engine, "sotttt", w.password, "198.51.100.1")  # another client is not


def test_the_counters_live_in_the_database(store_world: World) -> None:
    w = store_world
    for _ in range(5):
        _fail(w)
    url = w.engine.url.render_as_string(hide_password=False)
    db.dispose_engines()
    fresh = db.get_engine(url)
    assert fresh is not w.engine
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(fresh, "bvl", w.password, IP)
    assert refused.value.reason == "throttled"


def test_old_counters_are_purged_at_the_next_sign_in(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    _fail(w, "may-quet-1")
    fake_clock.advance(minutes=20)
    sessions.authenticate(w.engine, "sotttt", w.password, "198.51.100.1")
    with db.transaction(w.engine) as session:
        keys = session.scalars(select(LoginAttempt.key)).all()
    assert "user:may-quet-1" not in keys


# --- sessions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "khong-phai-token", "x" * 1000])
def test_unknown_tokens_resolve_to_nobody(store_world: World, token: str | None) -> None:
    assert sessions.resolve_session(store_world.engine, token) is None


def test_idle_sessions_expire(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    fake_clock.advance(minutes=59)
    assert sessions.resolve_session(w.engine, token) is not None  # and this counts as activity
    fake_clock.advance(minutes=59)
    assert sessions.resolve_session(w.engine, token) is not None
    fake_clock.advance(minutes=60)
    assert sessions.resolve_session(w.engine, token) is None
    with db.transaction(w.engine) as session:
        assert session.scalars(select(UserSession)).all() == []


def test_idle_limit_comes_from_the_environment(store_world: World, fake_clock: FakeClock, monkeypatch) -> None:
    monkeypatch.setenv("PRESSDX_SESSION_IDLE_MINUTES", "5")
    token = sessions.authenticate(store_world.engine, "bvl", store_world.password, IP)
    fake_clock.advance(minutes=6)
    assert sessions.resolve_session(store_world.engine, token) is None


def test_sessions_end_after_12_hours_however_active(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    for _ in range(23):
        fake_clock.advance(minutes=30)
        assert sessions.resolve_session(w.engine, token) is not None
    fake_clock.advance(minutes=30)
    assert sessions.resolve_session(w.engine, token) is None


def test_last_seen_is_written_at_most_once_a_minute(store_world: World, fake_clock: FakeClock) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    start = fake_clock.current

    def last_seen():
        with db.transaction(w.engine) as session:
            return session.scalar(select(UserSession.last_seen_at))

    fake_clock.advance(seconds=30)
    sessions.resolve_session(w.engine, token)
    assert last_seen() == start
    fake_clock.advance(seconds=31)
    sessions.resolve_session(w.engine, token)
    assert last_seen() == fake_clock.current


def test_disabling_the_account_or_its_agency_ends_sessions(store_world: World) -> None:
    w = store_world
    a = sessions.authenticate(w.engine, "bvl", w.password, IP)
    b = sessions.authenticate(w.engine, "thvl", w.password, IP)
    accounts.set_user_active(w.engine, w.admin, present(w.agency_a.user_id), False)
    agencies.set_agency_active(w.engine, w.admin, w.agency_b_id, False)
    assert sessions.resolve_session(w.engine, a) is None
    assert sessions.resolve_session(w.engine, b) is None


def test_sign_out_kills_the_token(store_world: World) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    assert sessions.end_session(w.engine, token, IP) is True
    assert sessions.resolve_session(w.engine, token) is None
    assert sessions.end_session(w.engine, token, IP) is False


def test_changing_the_password_ends_the_other_sessions_only(store_world: World) -> None:
    w = store_world
    here = sessions.authenticate(w.engine, "bvl", w.password, IP)
    elsewhere = sessions.authenticate(w.engine, "bvl", w.password, "198.51.100.9")
    actor = sessions.resolve_session(w.engine, here)
    accounts.change_password(w.engine, actor, w.password, "mat-khau-moi-2026", IP)
    assert sessions.resolve_session(w.engine, here) is not None
    assert sessions.resolve_session(w.engine, elsewhere) is None
    _fail(w)  # the old password is gone
    with pytest.raises(LoginRefused):
        sessions.authenticate(w.engine, "bvl", w.password, IP)
    assert sessions.authenticate(w.engine, "bvl", "mat-khau-moi-2026", IP)


def test_a_wrong_current_password_is_refused_and_counted(store_world: World) -> None:
    w = store_world
    actor = sessions.resolve_session(w.engine, sessions.authenticate(w.engine, "bvl", w.password, IP))
    for _ in range(5):
        with pytest.raises(InvalidInput, match=r"^wrong_password$"):
            accounts.change_password(w.engine, actor, "khong-dung-dau", "mat-khau-moi-2026")
    with pytest.raises(LoginRefused) as refused:
        accounts.change_password(w.engine, actor, w.password, "mat-khau-moi-2026")
    assert refused.value.reason == "throttled"


def test_an_admin_reset_ends_every_session_and_lifts_the_block(store_world: World) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    for _ in range(5):
        _fail(w)
    accounts.reset_password(w.engine, w.admin, present(w.agency_a.user_id), "mat-khau-cap-lai")
    assert sessions.resolve_session(w.engine, token) is None
    assert sessions.authenticate(w.engine, "bvl", "mat-khau-cap-lai", IP)


# --- audit ------------------------------------------------------------------------------------------


def test_sign_in_events_and_account_changes_are_audited(store_world: World) -> None:
    w = store_world
    token = sessions.authenticate(w.engine, "bvl", w.password, IP)
    _fail(w)
    _fail(w, "ai-do")
    sessions.end_session(w.engine, token, IP)
    accounts.reset_password(w.engine, w.admin, present(w.agency_b.user_id), "mat-khau-cap-lai")
    events = audit.list_events(w.engine, w.admin, limit=50)
    actions = [e.action for e in events]
    for expected in ("auth.login", "auth.login_failed", "auth.logout", "user.create", "user.password_reset"):
        assert expected in actions
    failed = audit.list_events(w.engine, w.admin, action="auth.login_failed")
    assert {(e.target, present(e.detail)["reason"]) for e in failed} == {
        ("user:bvl", "bad_password"),
        ("user:ai-do", "unknown_user"),
    }
    assert all(e.client == IP and e.actor_name is None for e in failed)
    assert all(w.password not in repr(e) and "sai-mat-khau" not in repr(e) for e in events)
    login = audit.list_events(w.engine, w.admin, action="auth.login", actor_name="bvl")
    assert [(e.agency_id, e.client) for e in login] == [(w.agency_a_id, IP)]


def test_audit_pages_newest_first_and_has_no_way_to_change_history(store_world: World) -> None:
    page = audit.list_events(store_world.engine, store_world.admin, limit=2)
    rest = audit.list_events(store_world.engine, store_world.admin, limit=100, offset=2)
    assert len(page) == 2 and page[0].at >= page[1].at
    assert {e.id for e in page}.isdisjoint(e.id for e in rest)
    assert not [n for n in vars(audit) if n.startswith(("update", "delete", "remove", "edit"))]
