"""The benchmark's figures as results.json writes them: a figure without a goal says nothing about
meeting one (null), so a reader never takes it for a miss."""

from __future__ import annotations

from bench.figures import Figure, failed


def test_a_figure_without_a_goal_has_no_verdict():
    assert Figure("rss", 104.0, "MiB", None, None, False).as_json()["meets"] is None
    assert Figure("rss", 104.0, "MiB", None, None, True).as_json()["meets"] is None


def test_a_figure_with_a_goal_keeps_its_verdict():
    assert Figure("p95", 2000.0, "ms", "< 1500", None, False).as_json()["meets"] is False
    assert Figure("p95", 900.0, "ms", "< 1500", None, True).as_json()["meets"] is True


def test_a_figure_not_measured_misses_only_a_goal_it_had():
    assert failed("p95", "ms", "no browser", "< 1500").as_json()["meets"] is False
    assert failed("rss", "MiB", "no server").as_json()["meets"] is None
