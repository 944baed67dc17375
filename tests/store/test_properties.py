"""Properties that must hold for any input, not just the examples in the other tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store import throttle
from store.uploads import safe_filename


@given(st.text(max_size=400))
def test_a_safe_file_name_is_always_one_harmless_component(name: str) -> None:
    safe = safe_filename(name)
    assert 1 <= len(safe) <= 200
    assert not any(c in safe for c in '/\\<>:"|?*') and all(ord(c) >= 32 and ord(c) != 127 for c in safe)
    assert safe not in (".", "..")


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=50))
def test_back_off_grows_never_shrinks_and_is_capped(failures: int, free: int) -> None:
    now, then = throttle.delay_after(failures, free), throttle.delay_after(failures + 1, free)
    assert 0 <= now <= then <= throttle.MAX_DELAY_SECONDS
    assert (now == 0) == (failures < free)
