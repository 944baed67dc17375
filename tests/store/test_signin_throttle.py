"""Sign-in throttling under attack: bursts, lock-out attempts, address rotation, and the admin's view.

A burst is made truly simultaneous without sleeping: the password check (the slow argon2 hash) holds
every attempt that reached it until all attempts of the burst have either reached it or been refused,
so a check made before the burst's failures were counted would let them all through."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from store import audit, passwords, sessions, signin_blocks, throttle
from store.errors import LoginRefused
from tests.conftest import FakeClock, World
from ui.errors import error_text

IP = "203.0.113.7"
WRONG = "sai-mat-khau-roi"


def burst(w: World, monkeypatch: pytest.MonkeyPatch, n: int, password: str = WRONG, client: str = IP) -> list[str]:
    """`n` sign-ins as "bvl" at once; each attempt's outcome: "ok", "invalid" or "throttled"."""
    arrived = threading.Condition()
    count = [0]
    real = passwords.verify

    def arrive() -> None:
        with arrived:
            count[0] += 1
            arrived.notify_all()

    def held_verify(password_hash: str | None, given: str) -> bool:
        arrive()
        with arrived:
            assert arrived.wait_for(lambda: count[0] >= n, timeout=120), "the burst never came together"
        return real(password_hash, given)

    def attempt(_: int) -> str:
        try:
            sessions.authenticate(w.engine, "bvl", password, client)
        except LoginRefused as refused:
            if refused.reason == "throttled":
                arrive()
            return refused.reason
        return "ok"

    monkeypatch.setattr(passwords, "verify", held_verify)
    with ThreadPoolExecutor(max_workers=n) as pool:
        outcomes = list(pool.map(attempt, range(n)))
    monkeypatch.setattr(passwords, "verify", real)
    return outcomes


# --- a burst from one client ------------------------------------------------------------------------


def test_a_burst_of_30_wrong_passwords_gets_only_the_free_attempts_checked(
    store_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = burst(store_world, monkeypatch, 30)
    assert outcomes.count("invalid") == 5, outcomes
    assert outcomes.count("throttled") == 25
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(store_world.engine, "bvl", store_world.password, IP)
    assert refused.value.reason == "throttled"


def test_a_success_is_not_counted_as_a_failure(store_world: World) -> None:
    """An office shares one address: its 20th attempt in a streak reserves the address's last free
    try and blocks it for a moment; when that attempt succeeds, the block goes with it."""
    w = store_world
    office = "198.51.100.20"
    for n in range(throttle.RULES["client"].free - 1):
        assert _attempt(w, f"ten-go-nham-{n}", WRONG, office) == "invalid"
    assert _attempt(w, "bvl", w.password, office) == "ok"
    assert _attempt(w, "thvl", w.password, office) == "ok"
    assert _attempt(w, "sotttt", w.password, office) == "ok"
    assert _attempt(w, "ten-go-nham-x", WRONG, office) == "invalid"  # the 20th failure ...
    assert _attempt(w, "bvl", w.password, office) == "throttled"  # ... blocks the address


def test_a_right_password_within_the_limit_signs_in(store_world: World) -> None:
    w = store_world
    for _ in range(throttle.RULES["pair"].free - 1):
        assert _attempt(w, "bvl", WRONG) == "invalid"
    assert _attempt(w, "bvl", w.password) == "ok"
    for _ in range(throttle.RULES["pair"].free):  # the streak starts again
        assert _attempt(w, "bvl", WRONG) == "invalid"
    assert _attempt(w, "bvl", w.password) == "throttled"


# --- locking out a known account --------------------------------------------------------------------


def test_bursts_from_one_client_never_lock_the_owner_out(store_world: World, fake_clock: FakeClock) -> None:
    """Usernames are the agencies' ids: a burst of wrong passwords every 15 minutes blocks the
    attacker's own address for that account, and nobody else."""
    w = store_world
    attacker, owner = "192.0.2.66", "198.51.100.9"
    for _ in range(4):
        outcomes = [_attempt(w, "bvl", WRONG, attacker) for _ in range(10)]
        assert outcomes.count("invalid") <= throttle.RULES["pair"].free
        assert _attempt(w, "bvl", w.password, attacker) == "throttled"  # the pair's block is hard
        assert _attempt(w, "bvl", w.password, owner) == "ok"
        fake_clock.advance(minutes=15)


def test_many_addresses_against_one_account_are_slowed_only_where_they_failed(
    store_world: World, fake_clock: FakeClock
) -> None:
    w = store_world
    free = throttle.RULES["user"].free
    for n in range(free):
        assert _attempt(w, "bvl", WRONG, f"192.0.2.{n}") == "invalid"
    # an address that has failed for the account waits, briefly ...
    refused = _refusal(w, "bvl", w.password, "192.0.2.0")
    assert refused.reason == "throttled" and refused.retry_after_seconds <= throttle.RULES["user"].cap
    # ... one that never failed for it is not stopped: it is checked, and the owner signs in
    assert _attempt(w, "bvl", WRONG, "192.0.2.200") == "invalid"
    assert _attempt(w, "bvl", w.password, "198.51.100.9") == "ok"
    for n in range(30):  # however long the attack goes on, the wait stays short
        _attempt(w, "bvl", WRONG, f"203.0.113.{n}")
    assert _refusal(w, "bvl", WRONG, "203.0.113.0").retry_after_seconds <= throttle.RULES["user"].cap
    fake_clock.advance(seconds=throttle.RULES["user"].cap)
    assert _attempt(w, "bvl", w.password, "192.0.2.0") == "ok"


# --- who a client is ----------------------------------------------------------------------------------


def test_an_ipv6_client_is_its_64_and_an_ipv4_client_its_address() -> None:
    assert throttle.client_id("2001:db8:1:2::a") == throttle.client_id("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert throttle.client_id("2001:db8:1:3::a") == "2001:db8:1:3::/64"
    assert throttle.client_id("203.0.113.7") == "203.0.113.7" != throttle.client_id("203.0.113.8")
    assert throttle.client_id("::ffff:203.0.113.7") == "203.0.113.7"
    assert throttle.client_id("fe80::1%eth0") == "fe80::/64"
    assert throttle.client_id("apptest") == "apptest"
    assert throttle.client_id("a b\tc") == "abc"  # a space would split a pair key


def test_rotating_addresses_within_one_ipv6_64_does_not_escape_the_limits(store_world: World) -> None:
    w = store_world
    for n in range(throttle.RULES["client"].free):  # spraying names, a new address each time
        assert _attempt(w, f"ten-{n}", WRONG, f"2001:db8:1:2::{n + 1:x}") == "invalid"
    assert _attempt(w, "sotttt", w.password, "2001:db8:1:2:abcd::99") == "throttled"
    assert _attempt(w, "sotttt", w.password, "2001:db8:1:3::1") == "ok"  # the next /64 is someone else


def test_guessing_one_account_from_one_ipv6_64_is_one_client(store_world: World) -> None:
    w = store_world
    for n in range(throttle.RULES["pair"].free):
        assert _attempt(w, "bvl", WRONG, f"2001:db8:1:2::{n + 1:x}") == "invalid"
    assert _attempt(w, "bvl", w.password, "2001:db8:1:2:abcd::99") == "throttled"
    assert _attempt(w, "bvl", w.password, "2001:db8:1:3::1") == "ok"


# --- the administrator -------------------------------------------------------------------------------


def test_the_admin_sees_the_blocks_and_lifts_one(store_world: World) -> None:
    w = store_world
    for _ in range(throttle.RULES["pair"].free):
        _attempt(w, "bvl", WRONG)
    assert _attempt(w, "bvl", w.password) == "throttled"
    [block] = signin_blocks.list_blocks(w.engine, w.admin)
    assert (block.kind, block.username, block.client, block.failures) == ("pair", "bvl", IP, 5)
    assert signin_blocks.lift_block(w.engine, w.admin, block.key) is True
    assert signin_blocks.list_blocks(w.engine, w.admin) == []
    assert _attempt(w, "bvl", w.password) == "ok"
    assert signin_blocks.lift_block(w.engine, w.admin, block.key) is False  # nothing left to lift
    [event] = audit.list_events(w.engine, w.admin, action="auth.block_lift")
    assert (event.actor_name, event.agency_id, event.target) == ("admin", w.agency_a_id, block.key)
    assert event.detail == {"kind": "pair", "username": "bvl", "client": IP}


def test_blocks_are_shown_by_what_they_stop(store_world: World) -> None:
    w = store_world
    for n in range(throttle.RULES["client"].free):
        _attempt(w, f"ten-{n}", WRONG, "198.51.100.1")
    for n in range(throttle.RULES["user"].free):
        _attempt(w, "thvl", WRONG, f"192.0.2.{n}")
    kinds = {(b.kind, b.username, b.client) for b in signin_blocks.list_blocks(w.engine, w.admin)}
    assert kinds == {("client", None, "198.51.100.1"), ("user", "thvl", None)}


# --- helpers ------------------------------------------------------------------------------------------


def _refusal(w: World, username: str, password: str, client: str = IP) -> LoginRefused:
    with pytest.raises(LoginRefused) as refused:
        sessions.authenticate(w.engine, username, password, client)
    return refused.value


def _attempt(w: World, username: str, password: str, client: str = IP) -> str:
    try:
        sessions.authenticate(w.engine, username, password, client)
    except LoginRefused as refused:
        return refused.reason
    return "ok"


# --- a warning before the last tries ------------------------------------------------------------------


def test_a_failed_sign_in_warns_before_the_last_tries_and_says_the_wait_at_the_last(store_world: World) -> None:
    said: list[tuple[str, str, int | None]] = []
    for _ in range(5):
        with pytest.raises(LoginRefused) as refused:
            sessions.authenticate(store_world.engine, "bvl", WRONG, IP)
        said.append((error_text(refused.value, "vi"), error_text(refused.value, "en"), refused.value.tries_left))
    plain = ("Tên đăng nhập hoặc mật khẩu không đúng.", "Incorrect username or password.")
    assert [s[:2] for s in said[:2]] == [plain, plain]  # four and three tries left: nothing to warn of
    assert said[2][0] == plain[0] + " Còn 2 lần thử, sau đó phải chờ một lúc mới thử lại được."
    assert said[2][1] == plain[1] + " 2 more tries, then you will have to wait before trying again."
    assert said[3][1] == plain[1] + " 1 more try, then you will have to wait before trying again."
    assert said[4][0] == plain[0] + " Đã sai quá nhiều lần: vui lòng thử lại sau 30 giây."
    assert said[4][1] == plain[1] + " Too many failed sign-ins: please try again in 30 s."
    with pytest.raises(LoginRefused) as blocked:
        sessions.authenticate(store_world.engine, "bvl", store_world.password, IP)
    assert blocked.value.reason == "throttled"  # as said: even the right password waits
