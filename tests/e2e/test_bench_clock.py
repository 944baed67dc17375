"""The concurrency benchmark's in-page clock (bench/load.py `SAVED_CLOCK`), on the smallest page it
drives: it must stop only once the saved mark is on the page, and within the time the driver saw."""

from __future__ import annotations

import time

import pytest

from bench.load import LABELS, SAVED_CLOCK
from harness.page import goto_app
from harness.server import REPO_ROOT

pytestmark = pytest.mark.e2e


def test_clock_runs_from_the_press_to_the_drawn_mark(start_server, page):
    server = start_server(target=REPO_ROOT / "bench" / "tiny_page.py")
    page.context.add_init_script(script=SAVED_CLOCK)
    goto_app(page, server, "/security")
    for qid, code in (("sec_patch_vuln", "yes"), ("sec_risk_register", "no")):
        box = page.locator(f".st-key-question_{qid}")
        mark = box.locator(f".st-key-saved_{qid}").get_by_text("Đã lưu lúc", exact=False)
        assert mark.count() == 0
        t0 = time.perf_counter()
        box.get_by_text(LABELS[code], exact=True).click()
        ms = page.evaluate("qid => window.__pressdxSaved(qid)", qid)
        driven = (time.perf_counter() - t0) * 1000
        # No waiting: the promise settles only after the mark is drawn.
        assert mark.count() == 1
        # The press and the drawn frame both fall inside the driver's click-to-answer span.
        assert 0 < ms <= driven + 1
