"""Every hostile or malformed answers file of tests/hostile.py is refused by the parser with
AnswerError, which names where (a line, a question id or the file's frame) and why; harmless text
that looks like markup or SQL is kept exactly as written."""

from __future__ import annotations

from functools import cache

import pytest
import yaml

from scoring.answers import AnswerError, AnswerFile, dump_answer_file, loads_answer_file
from scoring.catalog import load_catalog
from tests.hostile import HARMLESS_TEXT, HEAD, HOSTILE_FILES


@cache
def qn():
    return load_catalog().questionnaire


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_file_is_refused_with_a_clear_message(name, tmp_path):
    content, fragment = HOSTILE_FILES[name]
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn(), content.decode("utf-8"), "upload.yaml")
    message = str(caught.value)
    assert fragment.lower() in message.lower(), message[:500]
    assert len(message) < 4000  # a message to read, not the file echoed back
    assert caught.value.problems and all(where and why for where, why in caught.value.problems)
    assert not (tmp_path.parent / "pwned").exists()


def test_the_same_refusals_from_a_file_on_disk(tmp_path):
    from scoring.answers import load_answer_file

    for name, (content, _fragment) in HOSTILE_FILES.items():
        path = tmp_path / "a.yaml"
        path.write_bytes(content)
        with pytest.raises(AnswerError):
            load_answer_file(qn(), path)
        assert name


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    big = HEAD + "  outlets: '" + "x" * (3 * 1024 * 1024) + "'\n"
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn(), big)
    assert "larger than" in str(caught.value)


@pytest.mark.parametrize("name", list(HARMLESS_TEXT))
def test_markup_and_sql_in_text_are_kept_as_written_and_round_trip(name):
    text = HARMLESS_TEXT[name]
    doc = HEAD + "  outlets: " + yaml.safe_dump(text, allow_unicode=True).strip().removesuffix("...").strip() + "\n"
    af = loads_answer_file(qn(), doc)
    assert af.answers["outlets"].value == text
    again = loads_answer_file(qn(), dump_answer_file(qn(), af))
    assert again == af and isinstance(again, AnswerFile)


def test_half_a_million_items_are_refused_after_reading_the_limits_worth(monkeypatch):
    """Refused while the document is composed, at the node limit: the parser is not made to read the
    whole file, and no Python list of half a million items is ever built."""
    from yaml.parser import Parser

    from scoring import yamlsafe

    events = 0

    def counted(self):
        nonlocal events
        events += 1
        return Parser.get_event(self)

    monkeypatch.setattr(yamlsafe._NoAliasLoader, "get_event", counted)
    content, _ = HOSTILE_FILES["half a million list items"]
    with pytest.raises(AnswerError) as caught:
        loads_answer_file(qn(), content.decode("utf-8"), "upload.yaml")
    assert "more than 10000 values" in str(caught.value)
    assert yamlsafe.MAX_NODES == 10_000
    assert events <= yamlsafe.MAX_NODES + 2 * yamlsafe.MAX_DEPTH + 10, events  # not 495 000


def test_a_complete_file_with_every_field_is_far_under_the_node_limit():
    import yaml as pyyaml

    from scoring import yamlsafe

    answers = {q.id: {"value": [o.code for o in q.choices] or "x" * 50, "na_reason": "lý do",
                      "evidence": {"note": "ghi chú", "link": "https://a.vn", "file": "a.pdf"}}
               for q in qn().questions.values()}
    text = pyyaml.safe_dump({"agency": {"id": "bao-a", "name": "A"}, "year": 2025, "answers": answers},
                            allow_unicode=True)
    nodes = sum(1 for e in pyyaml.parse(text) if isinstance(e, pyyaml.NodeEvent))
    assert nodes * 3 < yamlsafe.MAX_NODES, nodes
