"""Figure 6: cold start, from `streamlit run` to the first page ready in the browser.

Timed from spawning the server process to the end of the first script run of a signed-in leader's
largest questionnaire page, drawn in Chromium (the browser is started beforehand, so its own start is
not counted; the server's health is polled every 0.1 s). The floor: the same for the bare script
(bench/floor_app.py) on the same page. The median of a few starts each, alternating.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import world
from bench.browser import SESSION_COOKIE, chromium_or_reason, server_args
from bench.figures import Figure, failed, median
from harness.page import CHROMIUM_ARGS, LOCALE, VIEWPORT, goto_app
from harness.server import REPO_ROOT, StreamlitServer
from scoring.catalog import load_catalog

PAGE = "security"


def _start_and_open(browser, target: Path, env: dict[str, str], token: str | None, log: Path) -> float:
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    try:
        page = context.new_page()
        server = StreamlitServer(target, env, log_path=log, extra_args=server_args())
        t0 = time.perf_counter()
        server.start()
        try:
            if token:
                context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": server.url}])
            goto_app(page, server, f"/{PAGE}", timeout=120)
            elapsed = time.perf_counter() - t0
            if page.get_by_test_id("stException").count():
                raise RuntimeError(f"{target.name}: the first page shows an exception")
            if not page.locator(".st-key-question_sec_inventory").count():
                raise RuntimeError(f"{target.name}: the first page is not the {PAGE} page")
        finally:
            server.stop()
        return elapsed
    finally:
        context.close()


def run(quick: bool = False) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    path, problem = chromium_or_reason()
    if problem:
        return [failed("cold start", "s", problem)]
    repeats = 1 if quick else 2
    cat = load_catalog()
    app_times, floor_times = [], []
    with tempfile.TemporaryDirectory(prefix="pressdx-bench-cold-") as tmp_name:
        tmp = Path(tmp_name)
        with world.database(None, tmp) as url:
            from store import db

            agency = world.build(db.get_engine(url), cat, 1, blank=[])[0]
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                try:
                    for i in range(repeats):
                        app_times.append(_start_and_open(browser, REPO_ROOT / "asgi.py", {"DATABASE_URL": url},
                                                         agency.token, tmp / f"app-{i}.log"))
                        if not quick:  # a smoke run starts the app only
                            floor_times.append(_start_and_open(browser, REPO_ROOT / "bench" / "floor_app.py", {},
                                                               None, tmp / f"floor-{i}.log"))
                finally:
                    browser.close()
    a, f = median(app_times), median(floor_times) if floor_times else None
    return [Figure(f"cold start: streamlit run → first page ready ({PAGE} page, signed in)", a, "s", None, f, None,
                   note=f"median of {len(app_times)} starts ({', '.join(f'{x:.1f}' for x in app_times)} s); "
                        + ("floor: the bare script, same page" if floor_times else "no floor in a quick run"))]
