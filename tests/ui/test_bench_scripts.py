"""The benchmarks' floor scripts draw their pages: they mirror the app's questionnaire page from the
same files, so a change to the files' model can break them (one did, unseen until `make bench`
reported its figures failed)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from bench import apptest


def test_the_floor_script_draws_the_largest_page_and_reruns_on_an_answer():
    floor = AppTest.from_file(str(apptest.ROOT / "bench" / "floor_app.py"), default_timeout=60)
    floor.run()
    apptest.open_page(floor, "security")
    assert not floor.exception and len(floor.radio) >= 15
    assert any("Căn cứ: " in c.value for c in floor.caption)
    floor.radio(key="q_sec_backup").set_value("yes").run()
    assert not floor.exception


def test_the_smallest_page_draws_its_questions():
    tiny = AppTest.from_file(str(apptest.ROOT / "bench" / "tiny_page.py"), default_timeout=60)
    tiny.run()
    apptest.open_page(tiny, "security")
    assert not tiny.exception and len(tiny.radio) == 8  # its QUESTIONS, the browser figure's eight answers
