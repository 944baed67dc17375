"""On the pages: a NUL typed into an answer's field, or a NUL or lone surrogate in an imported answers
file, is refused with a message naming the question and nothing is saved; the multi-line field says
when it is saved."""

from __future__ import annotations

import re

import pytest

from store import assessments
from store.access import SYSTEM_ACTOR

HEAD = "agency: {id: bao-a, name: Báo A}\nyear: 2025\nanswers:\n"


def _stored(engine):
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, "bao-a", 2025)
    return assessments.load_answers(engine, SYSTEM_ACTOR, info.id) if info else {}


@pytest.mark.parametrize(("lang", "said"), [("vi", "Nội dung được lưu khi bạn rời khỏi ô"),
                                            ("en", "The text is saved when you leave the field")])
def test_the_multi_line_field_says_when_it_is_saved(app, lang, said):
    at = app("lanh-dao-a", lang)
    at.switch_page("ui/screens/questions.py").run()
    assert at.text_area(key="q_outlets")
    assert any(said in c.value and "Enter" in c.value for c in at.caption)


@pytest.mark.parametrize("typed", ["Báo in\x00", "\x00"])
def test_a_nul_typed_in_a_field_is_refused_with_a_message(app, world, typed):
    at = app("lanh-dao-a")
    at.switch_page("ui/screens/questions.py").run()
    at.text_area(key="q_outlets").input("Báo in").run()
    at.text_area(key="q_outlets").input(typed).run()
    assert not at.exception
    errors = [e.value for e in at.error if e.value.startswith("Chưa lưu")]
    assert len(errors) == 1 and "không lưu được" in errors[0] and "U+0000" in errors[0]
    assert _stored(world)["outlets"].value == "Báo in"


@pytest.mark.parametrize("answer", ['  outlets: "Báo\\ud800 in"\n', '  outlets: "Báo\\0 in"\n',
                                    '  staff_total: {value: 3, evidence: "x\\udfff"}\n'])
def test_an_imported_file_with_a_broken_character_is_refused_and_changes_nothing(app, world, answer):
    at = app("lanh-dao-a")
    before = _stored(world)
    [uploader] = [u for u in at.get("file_uploader") if u.key.startswith("import_answers")]
    uploader.set_value(("tra-loi.yaml", (HEAD + answer).encode(), "application/x-yaml")).run()
    assert not at.exception
    errors = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]  # as the reader sees it
    assert len(errors) == 1 and "Tệp có lỗi" in errors[0] and "không lưu được" in errors[0]
    assert ("outlets" if "outlets" in answer else "staff_total") in errors[0]
    assert not [b for b in at.button if b.key == "import_apply"]
    assert _stored(world) == before
