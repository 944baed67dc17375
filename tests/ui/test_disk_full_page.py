"""Saving an answer when the database's disk is full: the question says so in the reader's language,
where Streamlit showed its generic error; the answer is not kept, and is saved once there is room."""

from __future__ import annotations

import pytest

from store import assessments
from store.access import SYSTEM_ACTOR
from tests.store.test_disk_full import LONG_TEXT, full_disk

SAID = {"vi": "Máy chủ đã hết chỗ lưu trữ: thay đổi này chưa được lưu.",
        "en": "The server's storage is full: this change was not saved."}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_answer_saved_on_a_full_disk_says_so_and_is_not_kept(app, world, lang):
    at = app("lanh-dao-a", lang=lang)
    at.switch_page("ui/screens/questions.py").run()
    at.radio(key="q_agency_type").set_value("newspaper").run()  # the draft exists, with one answer
    at.run()  # the answer reran its question only: the whole page again
    assert not at.exception
    with full_disk(world):
        at.text_area(key="q_outlets").set_value(LONG_TEXT).run()
        assert not at.exception, at.exception
        errors = [e.value for e in at.error]
        assert any(SAID[lang] in e for e in errors), errors
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    assert "outlets" not in assessments.load_answers(world, SYSTEM_ACTOR, info.id)
