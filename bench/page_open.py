"""Opening a domain page until its answers are drawn, in Chromium: from the sidebar, and in a new tab.

A signed-in leader (a draft with every question answered) is on the overview and clicks the security
page in the sidebar; the page times itself (`DRAWN_CLOCK`, an init script) from the pointer going down
on the link (the event's own time stamp) to the first frame in which every question of the page is
there with its answer shown (a radio checked per answered choice question, as many as a settled page
shows). In a new tab (no goal) the clock runs from the navigation's start. The floor: the bare script
(bench/floor_app.py: the same sidebar, title and widgets, nothing stored, answers drawn from memory)
opened the same way, until its questions are there with an option chosen in each (`floor_app.py --
answered`: the browser draws a chosen option a few frames after its widget, whatever the script).
Median of a few opens each, alternating app and floor servers; goal ≤ 1.5 × floor.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import world
from bench.browser import SESSION_COOKIE, chromium_or_reason, server_args
from bench.figures import Figure, failed, median
from harness.page import CHROMIUM_ARGS, LOCALE, VIEWPORT, goto_app
from harness.server import REPO_ROOT, StreamlitServer
from scoring.catalog import load_catalog

PAGE = "security"
RATIO = 1.5

# Each animation frame after the start, checks whether the page shows `want` questions and `want`
# checked radios; the first frame that does stops the clock (a task after the frame: it is drawn).
# The start is the pointer-down on a sidebar link, or, with no click, the navigation's start (0).
DRAWN_CLOCK = r"""
(() => {
  if (window.__pressdxDrawn) return;
  let start = null, want = null, resolveIt = null;
  const count = () => [
    document.querySelectorAll('[class*="st-key-question_"]').length,
    document.querySelectorAll('[class*="st-key-question_"] input[type="radio"]:checked').length,
  ];
  const tick = () => {
    const [questions, checked] = count();
    if (questions >= want.questions && checked >= want.checked) {
      requestAnimationFrame(() => setTimeout(() => resolveIt(performance.now() - start)));
      want = null;
      return;
    }
    requestAnimationFrame(tick);
  };
  addEventListener("pointerdown", (e) => {
    if (want && e.isTrusted && e.target.closest && e.target.closest('[data-testid="stSidebarNav"]')) {
      start = e.timeStamp;
      requestAnimationFrame(tick);
    }
  }, true);
  window.__pressdxCount = count;
  // Arm the clock: resolves with milliseconds once `w` is drawn; fromLoad starts it at navigation.
  window.__pressdxDrawn = (w, fromLoad) => new Promise((resolve) => {
    want = w; resolveIt = resolve;
    if (fromLoad) { start = 0; requestAnimationFrame(tick); }
  });
})();
"""


def _settled_counts(page) -> dict[str, int]:
    questions, checked = page.evaluate("window.__pressdxCount()")
    return {"questions": questions, "checked": checked}


def _sidebar_opens(page, base: str, link: str, repeats: int) -> list[float]:
    nav = page.get_by_test_id("stSidebarNav")
    goto_app(page, base, f"/{PAGE}", timeout=120)
    want = _settled_counts(page)
    if not want["questions"]:
        raise RuntimeError(f"{base}: no question on the {PAGE} page")
    times = []
    for _ in range(repeats):
        goto_app(page, base, "/", timeout=120)  # the overview, the default page
        page.evaluate("w => { window.__armed = window.__pressdxDrawn(w, false); }", want)
        nav.get_by_role("link", name=link, exact=True).click()
        times.append(page.evaluate("() => window.__armed") / 1000)
    return times


def _new_tab_opens(context, base: str, want: dict[str, int], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        page = context.new_page()
        try:
            page.goto(f"{base}/{PAGE}", wait_until="commit")
            times.append(page.evaluate("w => window.__pressdxDrawn(w, true)", want) / 1000)
        finally:
            page.close()
    return times


def _measure(browser, target: Path, env: dict[str, str], token: str | None, log: Path, link: str,
             repeats: int, new_tab: bool,
             script_args: tuple[str, ...] = ()) -> tuple[list[float], list[float], dict[str, int]]:
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    context.add_init_script(script=DRAWN_CLOCK)
    server = StreamlitServer(target, env, log_path=log, extra_args=[*server_args(), "--", *script_args])
    server.start()
    try:
        if token:
            context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": server.url}])
        page = context.new_page()
        sidebar = _sidebar_opens(page, server.url, link, repeats)
        want = _settled_counts(page)  # the last open, settled
        if page.get_by_test_id("stException").count():
            raise RuntimeError(f"{target.name}: the {PAGE} page shows an exception")
        page.close()
        tab = _new_tab_opens(context, server.url, want, repeats) if new_tab else []
        return sidebar, tab, want
    finally:
        server.stop()
        context.close()


def run(quick: bool = False) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    path, problem = chromium_or_reason()
    if problem:
        return [failed("open a domain page (answers drawn)", "ms", problem, f"≤ {RATIO} × floor")]
    repeats = 1 if quick else 5
    cat = load_catalog()
    link = cat.questionnaire.domain(PAGE).file.short.get("vi")
    with tempfile.TemporaryDirectory(prefix="pressdx-bench-open-") as tmp_name:
        tmp = Path(tmp_name)
        with world.database(None, tmp) as url:
            from store import db

            agency = world.build(db.get_engine(url), cat, 1, blank=[])[0]
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                try:
                    app = _measure(browser, REPO_ROOT / "asgi.py", {"DATABASE_URL": url}, agency.token,
                                   tmp / "app.log", link, repeats, not quick)
                    floor = _measure(browser, REPO_ROOT / "bench" / "floor_app.py", {}, None, tmp / "floor.log",
                                     link, repeats, not quick, ("answered",))
                finally:
                    browser.close()
    a, f = median(app[0]) * 1000, median(floor[0]) * 1000
    shown = app[2]
    figures = [
        Figure(f"open a domain page (answers drawn): the {PAGE} page from the sidebar", a, "ms",
               f"≤ {RATIO} × floor = {RATIO * f:.0f}", f, a <= RATIO * f,
               note=f"median of {len(app[0])} opens from the overview, timed in the page (pointer down on the link → "
                    f"first frame with {shown['questions']} questions and {shown['checked']} answers checked); "
                    f"app {', '.join(f'{x * 1000:.0f}' for x in app[0])} ms; floor (bench/floor_app.py, "
                    f"its answers drawn from memory) {', '.join(f'{x * 1000:.0f}' for x in floor[0])} ms; "
                    f"ratio {a / f:.2f}")]
    if app[1] and floor[1]:  # not in a quick run
        at, ft = median(app[1]) * 1000, median(floor[1]) * 1000
        figures.append(Figure(
            f"open a domain page (answers drawn): the {PAGE} page in a new tab", at, "ms", None, ft, None,
            note=f"median of {len(app[1])} new tabs, navigation start → the same frame; "
                 f"app {', '.join(f'{x * 1000:.0f}' for x in app[1])} ms; floor "
                 f"{', '.join(f'{x * 1000:.0f}' for x in floor[1])} ms; ratio {at / ft:.2f}"))
    return figures
