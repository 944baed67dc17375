"""The store refuses an answer whose text holds a NUL or a lone surrogate, naming the question, and
keeps nothing of the save: such text broke every page, PDF and workbook that showed it."""

from __future__ import annotations

import pytest

from store import assessments
from store.errors import InvalidInput
from store.records import StoredAnswer
from tests.conftest import World
from tests.store.helpers import QH, QV
from ui.errors import error_text


@pytest.mark.parametrize("answer", [
    StoredAnswer(value="a\ud800b"),
    StoredAnswer(value="a\x00b"),
    StoredAnswer(value=["web", "a\udc00"]),
    StoredAnswer(value=None, na_reason="kh\x00ông có"),
    StoredAnswer(value="yes", evidence_note="Quyết định\ud83d"),
    StoredAnswer(value="yes", evidence_note="\x00"),
    StoredAnswer(value="yes", evidence_link="https://a.vn/\ud800"),
])
def test_a_broken_character_is_refused_naming_the_question(store_world: World, answer: StoredAnswer) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    assessments.save_answers(w.engine, w.agency_a, info.id, {"q_ok": StoredAnswer(value="yes")}, info.row_version)
    with pytest.raises(InvalidInput) as caught:
        assessments.save_answers(w.engine, w.agency_a, info.id, {"q_ok": StoredAnswer(value="no"), "q_text": answer},
                                 info.row_version + 1)
    assert caught.value.code == "unsafe_text"
    vi, en = error_text(caught.value, "vi"), error_text(caught.value, "en")
    assert "q_text" in en and "q_text" in vi and "U+" in en
    rows = assessments.load_answers(w.engine, w.reviewer, info.id)
    assert set(rows) == {"q_ok"} and rows["q_ok"].value == "yes"  # nothing of the refused save was kept


def test_text_with_lines_emoji_and_accents_is_kept(store_world: World) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    text = "Báo in;\nBáo điện tử 😀\tPhát thanh"
    assessments.save_answers(w.engine, w.agency_a, info.id, {"q_text": StoredAnswer(value=text)}, info.row_version)
    assert assessments.load_answers(w.engine, w.reviewer, info.id)["q_text"].value == text
