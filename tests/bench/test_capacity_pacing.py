"""The simulated leaders' first changes come as in a stream under way, so a short window carries the
steady load."""

from __future__ import annotations

import random
import statistics

import pytest

from bench.capacity import THINK, first_pause


def _draws(n: int = 40_000) -> list[float]:
    rng = random.Random(7)
    return [first_pause(rng, THINK) for _ in range(n)]


def test_the_first_pause_has_the_mean_time_left_of_a_pause_under_way() -> None:
    low, high = THINK
    mean_pause = (low + high) / 2
    mean_square = (high**3 - low**3) / (3 * (high - low))
    # the time left of a pause under way averages E[T²] / 2E[T] (3.56 s for 3–10 s), not half the longest
    assert statistics.fmean(_draws()) == pytest.approx(mean_square / (2 * mean_pause), rel=0.02)


def test_the_first_window_seconds_start_the_steady_rate_of_changes() -> None:
    low, high = THINK
    draws = _draws()
    # in a steady stream, the share of leaders that change within the first s seconds is s / mean pause
    # for s up to the shortest pause
    within = sum(d < low for d in draws) / len(draws)
    assert within == pytest.approx(low / ((low + high) / 2), rel=0.03)
    assert all(0.0 <= d <= high for d in draws)
