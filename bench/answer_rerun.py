"""Figure 1: the server-side time of one rerun after one answer changes, on the largest domain page,
through AppTest, against the floor measured in the same run (bench/floor_app.py: the same widgets, no
storage, no scoring).

The app runs signed in as an agency leader through the one seam the page tests use (the session
cookie, patched in `ui.runtime.session_token`), on a SQLite file holding last year's submitted
assessment and this year's draft. Each timed rerun changes one answer (so the change is validated and
saved to the database in the widget's callback, as in the browser) and is timed around `AppTest.run()`.
App and floor reruns alternate, so a slow moment of the machine hits both.

What reruns differs, and that is the point: the app draws each question as a fragment and its callback
reruns only that question, and the progress bar when the count moved (as it does in the browser;
AppTest honours keyed fragment reruns), while the floor, under AppTest, reruns its whole script. Here
the answer goes from one value to another, so the count does not move: the question alone. A second
figure therefore times a whole run of the page (app.py: session, sidebar, navigation, form; as on
opening the page) against a whole run of the floor.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import apptest, world
from bench.figures import Figure, median
from scoring.catalog import load_catalog

RATIO = 1.3
PAGE = "security"
QUESTION = "sec_backup"  # yes / partly / no, no evidence needed: each change is saved at once


def largest_domain(cat) -> str:
    return max(cat.questionnaire.domains, key=lambda d: len(d.file.questions)).id


def _timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[Figure]:
    from streamlit.testing.v1 import AppTest

    cat = load_catalog()
    page = largest_domain(cat)
    n_questions = len(cat.questionnaire.domain(page).file.questions)
    reps = 8 if quick else 25
    app_times, floor_times = [], []
    with tempfile.TemporaryDirectory(prefix="pressdx-bench-") as tmp, world.database(None, Path(tmp)) as url:
        from store import db

        engine = db.get_engine(url)
        blank = [q.id for q in cat.questionnaire.domain(page).file.questions][::2]
        agency = world.build(engine, cat, 1, blank=blank)[0]
        with apptest.on_database(url):
            app = apptest.signed_in(agency.token, 120)
            app.run()
            apptest.open_page(app, page)
            if app.exception or not app.radio(key=f"q_{QUESTION}"):
                raise RuntimeError(f"the {page} page did not render: {app.exception}")
            floor = AppTest.from_file(str(apptest.ROOT / "bench" / "floor_app.py"), default_timeout=120)
            floor.run()
            apptest.open_page(floor, page)
            if floor.exception:
                raise RuntimeError(f"the floor did not render: {floor.exception}")
            values = ["yes", "partly"]
            full_app, full_floor = [], []
            for i in range(reps + 3):  # whole runs, no change: what opening the page costs
                ta, tf = _timed_run(app), _timed_run(floor)
                if i >= 3:
                    full_app.append(ta)
                    full_floor.append(tf)
            for i in range(reps + 3):
                v = values[i % 2]
                app.radio(key=f"q_{QUESTION}").set_value(v)
                ta = _timed_run(app)
                floor.radio(key=f"q_{QUESTION}").set_value(v)
                tf = _timed_run(floor)
                if i >= 3:  # the first reruns warm caches and imports
                    app_times.append(ta)
                    floor_times.append(tf)
            if app.exception:
                raise RuntimeError(f"the page raised: {app.exception}")
            saved = [c.value for c in app.caption if "Đã lưu lúc" in str(c.value)]
            if not saved:
                raise RuntimeError("the answer was not saved (no saved mark on the page)")
            _check_saved(engine, agency.id, values[(reps + 2) % 2])
    a, f = median(app_times) * 1000, median(floor_times) * 1000
    fa, ff = median(full_app) * 1000, median(full_floor) * 1000
    bound = RATIO * f
    return [Figure(f"answer rerun: {page} page ({n_questions} questions), one answer changed", a, "ms",
                   f"≤ {RATIO} × floor = {bound:.1f}", f, a <= bound,
                   note=f"median of {len(app_times)} AppTest reruns, each saving the answer (the app reruns the "
                        "question's fragment: the answer moves between two values, the progress count stays; "
                        "the floor its whole script); floor: "
                        f"bench/floor_app.py (same widgets, no storage, no scoring); ratio {a / f:.2f}"),
            Figure(f"whole run of the {page} page (app.py), nothing changed", fa, "ms", None, ff, None,
                   note=f"median of {len(full_app)} AppTest runs: session lookup, sidebar, navigation, the form "
                        f"with its {n_questions} questions, as on opening the page (no goal in the issue; "
                        f"each question's fragment costs Streamlit a copy of the page's cursors); "
                        f"ratio {fa / ff:.2f}")]


def _check_saved(engine, agency_id: str, value: str) -> None:
    from store import assessments, clock
    from store.access import SYSTEM_ACTOR

    info = assessments.get_assessment(engine, SYSTEM_ACTOR, agency_id, clock.now().year)
    assert info is not None
    rows = assessments.load_answers(engine, SYSTEM_ACTOR, info.id)
    if QUESTION not in rows or rows[QUESTION].value != value:
        raise RuntimeError(f"the last answer is not in the database ({rows.get(QUESTION)!r}, expected {value!r})")
