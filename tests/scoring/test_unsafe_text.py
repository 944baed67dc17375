"""A NUL or a lone surrogate in an answers file is refused, naming the question, and the refusal itself
can be shown and printed (it quotes the character by its code)."""

from __future__ import annotations

import pytest

from scoring.answers import AnswerError, loads_answer_file, parse_answer
from scoring.catalog import load_catalog
from scoring.invalid import Invalid
from scoring.textsafe import check_text, first_unsafe, visible

HEAD = "agency: {id: bao-a, name: Báo A}\nyear: 2025\nanswers:\n"


@pytest.fixture(scope="module")
def qn():
    return load_catalog().questionnaire


@pytest.mark.parametrize(("answers", "qid"), [
    ('  outlets: "a\\ud800b"\n', "outlets"),  # the text answer itself
    ('  outlets: "a\\0b"\n', "outlets"),
    ('  staff_total: {value: 3, evidence: "bi\\udc00en ban"}\n', "staff_total"),  # an evidence note
    ('  staff_total: {value: 3, evidence: {note: "x\\x00"}}\n', "staff_total"),
    ('  staff_total: {value: 3, evidence: {file: "a\\ud83d.pdf"}}\n', "staff_total"),
    ('  cp_ethnic_language: {na_reason: "kh\\u0000ong"}\n', "cp_ethnic_language"),  # an N/A reason
])
def test_the_file_is_refused_naming_the_question(qn, answers, qid):
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn, HEAD + answers)
    (where, why), = caught.value.problems
    assert where == qid
    assert why.code == "unsafe_char"
    en, vi = why.message("en"), why.message("vi")
    assert "U+" in en and "cannot be stored" in en and "không lưu được" in vi
    str(caught.value).encode("utf-8")  # printable: the message quotes no broken character


def test_a_broken_agency_name_is_refused(qn):
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn, 'agency: {id: bao-a, name: "B\\ud800o A"}\nyear: 2025\nanswers: {}\n')
    assert caught.value.problems[0][0] == "agency"


@pytest.mark.parametrize("doc", [
    'agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  "x\\ud800": 1\n',  # an unknown question id
    'agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  agency_type: "n\\ud800"\n',  # an unknown option
    'agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  staff_total: "1\\ud800"\n',  # not a number
    'agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  staff_total: {valu\\ud800e: 1}\n',
    'agency: {id: bao-a, name: A}\nyear: 2025\n"x\\ud800": 1\nanswers: {}\n',  # an unknown key
])
def test_a_refusal_that_quotes_what_it_refused_can_be_written_out(qn, doc):
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn, doc)
    str(caught.value).encode("utf-8")
    assert all(why.message("en").encode("utf-8") and why.message("vi").encode("utf-8")
               for _, why in caught.value.problems)


def test_a_widget_value_goes_through_the_same_check(qn):
    with pytest.raises(Invalid):
        parse_answer(qn.questions["outlets"], "Báo in\x00")
    assert parse_answer(qn.questions["outlets"], "Báo in\nBáo điện tử").value == "Báo in\nBáo điện tử"


def test_the_check_itself():
    assert first_unsafe("Báo Vĩnh Long 😀") is None
    assert first_unsafe("ab\x00") == (2, "\x00")
    assert visible("a\ud800b\x00") == "a\\ud800b\\u0000"
    assert check_text("ok", "x", "x") == "ok"
    with pytest.raises(Invalid, match="character 2"):
        check_text("a\udfffb", "The text", "Nội dung")
