"""The review figure's floor (pandas straight from the database) must compute the numbers the
department's pages show, proof rule included, or its ratio compares unlike work."""

from __future__ import annotations

from bench.review import floor_differences
from store import clock


def test_the_floor_computes_what_the_pages_show_on_a_small_province():
    last = clock.now().year
    assert floor_differences(100, [last - 2, last - 1, last]) == 0
