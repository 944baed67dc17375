"""How far along an assessment is: per section, and whether the totals of required questions are final."""

from __future__ import annotations

import yaml

from scoring.answers import parse_answers
from scoring.catalog import load_catalog
from scoring.completeness import overall, progress, section_progress, undecided
from scoring.conditions import AnswerContext
from scoring.loader import load_questionnaire
from tests.scoring.builders import build, dump, q, t, write
from tests.ui.conftest import complete_answers

QN = load_catalog().questionnaire
FOLLOW = q("follow", show_if={"question": "gate", "equals": "yes"})


def test_the_sections_add_up_to_their_page():
    answers = parse_answers(QN, {"agency_type": "newspaper", "media_types": ["print", "online"],
                                 "has_electronic_outlet": "yes", "staff_total": 40})
    ctx = AnswerContext(QN, answers)
    pages = progress(QN, answers, ctx)
    for qfile in (QN.profile, *(d.file for d in QN.domains)):
        rows = section_progress(qfile, answers, ctx)
        assert sum(p.total for _, p in rows) == pages[qfile.id].total
        assert sum(p.done for _, p in rows) == pages[qfile.id].done
    profile = dict((s.id, p) for s, p in section_progress(QN.profile, answers, ctx))
    assert sum(p.done for p in profile.values()) == 4


def test_a_section_whose_every_question_is_not_asked_is_left_out(tmp_path):
    root = write(tmp_path, {"d1": [q("gate"), FOLLOW]})
    doc = yaml.safe_load((root / "d1.yaml").read_text(encoding="utf-8"))
    gate, follow = doc["sections"][0]["questions"]
    doc["sections"] = [{"id": "first", "title": t("Một"), "questions": [gate]},
                       {"id": "then", "title": t("Hai"), "questions": [follow]}]
    dump(root / "d1.yaml", doc)
    qn = load_questionnaire(root)
    qfile = qn.domain("d1").file
    assert [s.id for s, _ in section_progress(qfile, {}, AnswerContext(qn, {}))] == ["first"]
    yes = parse_answers(qn, {"gate": "yes"})
    assert [(s.id, p.done, p.total) for s, p in section_progress(qfile, yes, AnswerContext(qn, yes))] == [
        ("first", 1, 1), ("then", 0, 1)]


def test_the_total_is_open_until_the_answers_that_decide_it_are_given():
    """At the start the profile decides which questions are asked (80 then, 91 once all is answered):
    the total is said to be "so far" until every such answer is given."""
    start = undecided(QN, {})
    assert "profile" in start and {"content_platforms", "converged_newsroom"} <= start["profile"]
    assert overall(progress(QN, {})).total < overall(progress(QN, parse_answers(QN, complete_answers(QN)))).total
    profile_done = parse_answers(QN, {"agency_type": "newspaper", "media_types": ["print", "online"],
                                      "has_electronic_outlet": "yes"})
    assert "profile" not in undecided(QN, profile_done)
    assert undecided(QN, parse_answers(QN, complete_answers(QN))) == {}


def test_an_na_answer_decides_as_an_answer_does(tmp_path):
    qn = build(tmp_path, {"d1": [q("gate", na_allowed=True), FOLLOW]})
    assert undecided(qn, {}) == {"d1": {"d1"}}
    assert undecided(qn, parse_answers(qn, {"gate": {"value": None, "na_reason": "Không áp dụng"}})) == {}


def test_a_question_that_is_not_required_never_keeps_the_total_open(tmp_path):
    """It may stay empty for good: the total would be "so far" forever."""
    qn = build(tmp_path, {"d1": [q("gate", required=False), FOLLOW]})
    assert undecided(qn, {}) == {}
