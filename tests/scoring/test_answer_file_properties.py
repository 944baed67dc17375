"""Properties of the answers-file parser (hypothesis), the one door every imported answer comes in by:

- whatever the text — random characters, YAML-looking noise, well-formed YAML of any shape, a real
  file with one value swapped for anything — `loads_answer_file` either returns an AnswerFile or
  raises AnswerError with at least one (where, why); never another exception;
- what it returns is always valid: every answer passes `parse_answer` again unchanged;
- a valid file written by `dump_answer_file` reads back to the same answers, and writing that again
  gives the same text."""

from __future__ import annotations

import math
from functools import cache

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.answers import (
    AnswerError,
    AnswerFile,
    answer_to_plain,
    dump_answer_file,
    loads_answer_file,
    parse_answer,
    parse_answer_document,
)
from scoring.catalog import load_catalog
from scoring.models import Question, QuestionType


@cache
def qn():
    return load_catalog().questionnaire


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_PIECES = [*"[]{}:,-?!&*|>'\"#%@`~ \n\t.0123456789abcxyz_<=+\\", "agency: ", "answers:\n", "year: ", "!!",
               "- ", "  ", "agency_type", "staff_total", "media_types", "{id: bao-a}", "&a ", "*a", "---\n"]
YAML_NOISE = st.lists(st.sampled_from(YAML_PIECES), max_size=120).map("".join)


def check_outcome(text: str) -> AnswerFile | None:
    try:
        af = loads_answer_file(qn(), text, "upload")
    except AnswerError as exc:
        assert exc.problems and all(isinstance(w, str) and w and y.message("vi") and y.message("en")
                                    and "⟨" not in y.message("vi") for w, y in exc.problems)
        return None
    for qid, answer in af.answers.items():
        assert parse_answer(qn().questions[qid], answer_to_plain(answer)) == answer
    return af


@SETTINGS
@given(st.text(max_size=500))
def test_any_text_is_a_file_or_an_answer_error(text):
    check_outcome(text)


@SETTINGS
@given(YAML_NOISE)
def test_yaml_looking_noise_is_a_file_or_an_answer_error(text):
    check_outcome(text)


# Any YAML value: scalars of every kind YAML writes, nested lists and mappings.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=30), st.sampled_from(["yes", "no", "p100", "newspaper", "print", "2025",
                                                           "1,5", "", " ", "~", "null"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=12)


@st.composite
def documents(draw):
    """A file's shape with anything in it: real and made-up question ids, any values, any frame."""
    ids = st.one_of(st.sampled_from(sorted(qn().questions)), st.text(max_size=12))
    answers = draw(st.one_of(st.dictionaries(ids, values, max_size=8), values))
    doc = {"agency": draw(st.one_of(st.fixed_dictionaries({"id": st.sampled_from(["bao-a", "", "A B", "x" * 70]),
                                                          "name": values}), values)),
           "year": draw(st.one_of(st.integers(1990, 2110), values)),
           "answers": answers}
    if draw(st.booleans()):
        doc[draw(st.text(max_size=8))] = draw(values)
    return doc


@SETTINGS
@given(documents())
def test_any_well_formed_yaml_is_a_file_or_an_answer_error(doc):
    check_outcome(yaml.safe_dump(doc, allow_unicode=True))


@SETTINGS
@given(documents())
def test_any_parsed_structure_is_a_file_or_an_answer_error(doc):
    """The same through `parse_answer_document`, with Python values YAML would not even write."""
    try:
        parse_answer_document(qn(), doc, "doc")
    except AnswerError as exc:
        assert exc.problems


# --- valid files ---------------------------------------------------------------------------------

# text an answer may hold: no NUL nor lone surrogate (`scoring.textsafe`)
texts = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), min_size=1, max_size=60).filter(
    lambda s: s.strip() == s and s)


def valid_value(q: Question) -> st.SearchStrategy:
    if q.type == QuestionType.MULTI_CHOICE:
        plain = [o.code for o in q.choices if not o.exclusive]
        excl = [[o.code] for o in q.choices if o.exclusive]
        return st.one_of(st.lists(st.sampled_from(plain), unique=True, min_size=1), *(st.just(x) for x in excl))
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else 100
        whole = st.integers(math.ceil(lo), math.floor(hi))
        if q.type == QuestionType.NUMBER:  # a count
            return whole
        return st.one_of(whole, st.floats(lo, hi, allow_nan=False, allow_infinity=False))
    if q.type == QuestionType.TEXT:
        return texts
    return st.sampled_from([o.code for o in q.choices])


def valid_raw(q: Question) -> st.SearchStrategy:
    evidence = st.one_of(st.none(), texts, st.fixed_dictionaries(
        {"note": texts}, optional={"link": st.sampled_from(["https://so.vinhlong.gov.vn/qd-01", "http://a.vn/x?y=1"]),
                                   "file": st.sampled_from(["bien-ban.pdf", "Quyết định 01.docx"])}))
    options = [valid_value(q), st.builds(lambda v, e: {"value": v, "evidence": e}, valid_value(q), evidence)]
    if q.na_allowed:
        options.append(st.builds(lambda r, e: {"na_reason": r, "evidence": e}, texts, evidence))
    return st.one_of(*options)


@st.composite
def valid_files(draw):
    raw = {}
    for q in qn().questions.values():
        if q.max_from is None and draw(st.booleans()):
            raw[q.id] = draw(valid_raw(q))
    return parse_answer_document(qn(), {"agency": {"id": draw(st.sampled_from(["bao-a", "dai_ptth-2"])),
                                                   "name": draw(texts)},
                                        "year": draw(st.integers(2000, 2100)), "answers": raw})


@SETTINGS
@given(valid_files())
def test_a_valid_file_round_trips_through_dump(af):
    text = dump_answer_file(qn(), af)
    again = loads_answer_file(qn(), text)
    assert again == af
    assert dump_answer_file(qn(), again) == text


@SETTINGS
@given(valid_files(), st.data())
def test_one_value_swapped_for_anything_still_gives_a_file_or_an_answer_error(af, data):
    doc = yaml.safe_load(dump_answer_file(qn(), af))
    qid = data.draw(st.sampled_from(sorted(qn().questions)))
    doc["answers"] = {**(doc.get("answers") or {}), qid: data.draw(values)}
    check_outcome(yaml.safe_dump(doc, allow_unicode=True))
