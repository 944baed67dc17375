"""The capacity ratio of several server processes behind nginx against one, per level both ran."""

from __future__ import annotations

import pytest

from bench.capacity import Backend, Level, ratio_figures


def _level(leaders: int, latencies: list[float], seconds: float = 10.0) -> Level:
    return Level(leaders, latencies=latencies, seconds=seconds, server_cpu=seconds / 2)


def _backend(processes: int, levels: list[Level]) -> Backend:
    return Backend("PostgreSQL", levels, [], [], 0, 0, processes)


def test_the_ratio_compares_each_level_with_one_process_at_the_same_level() -> None:
    one = _backend(1, [_level(20, [0.1] * 50), _level(100, [0.2] * 100), _level(300, [3.0] * 150)])
    two = _backend(2, [_level(100, [0.1] * 100), _level(300, [1.0] * 300)])
    figures = {f.name: f for f in ratio_figures(one, two)}
    rate = "capacity ratio, PostgreSQL, 2 processes ÷ one, {} leaders: answers saved per second"
    p95 = "capacity ratio, PostgreSQL, 2 processes ÷ one, {} leaders: p95 of one ÷ p95 of 2"
    assert set(figures) == {rate.format(100), rate.format(300), p95.format(100), p95.format(300)}
    assert figures[rate.format(100)].value == pytest.approx(1.0)
    assert figures[rate.format(300)].value == pytest.approx(2.0)  # one process fell behind the load
    assert figures[p95.format(100)].value == pytest.approx(2.0)
    assert figures[p95.format(300)].value == pytest.approx(3.0)
    assert all(f.meets is None and f.unit == "×" for f in figures.values())


def test_a_level_one_process_did_not_run_is_reported_unmeasured() -> None:
    one = _backend(1, [_level(100, [0.2] * 10)])
    four = _backend(4, [_level(100, [0.1] * 10), _level(300, [0.5] * 10)])
    by_level = {f.name.split(", ")[3]: f for f in ratio_figures(one, four)}
    assert by_level["300 leaders"].value is None and "not measured" in by_level["300 leaders"].note
    assert by_level["100 leaders: answers saved per second"].value == pytest.approx(1.0)
