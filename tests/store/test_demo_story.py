"""`make demo`'s current year tells every role a story on its first screen (store/demo.py STORY):
submissions on time and one late, one returned with its comment, one not started, a leader's draft
half done with last year's submission there to copy, and one ready from last year's answers."""

from __future__ import annotations

from sqlalchemy import Engine

from scoring.catalog import load_catalog
from store import assessments, seed, years
from store.access import SYSTEM_ACTOR
from store.demo import RETURN_COMMENT, STORY
from store.seed import example_files
from tests.conftest import present


def test_the_demos_open_year_has_something_for_every_role(engine: Engine) -> None:
    cat = load_catalog()
    qn = cat.questionnaire
    seed.seed_demo(engine, cat)
    current = max(example_files()) + 1
    year = years.get_year(engine, SYSTEM_ACTOR, current)
    assert year is not None
    assert year.is_open
    agencies = sorted(p.stem for p in example_files()[current - 1])
    info = {a: assessments.get_assessment(engine, SYSTEM_ACTOR, a, current) for a in agencies}
    status = {a: i.status if i else "not_started" for a, i in info.items()}
    assert sorted(status.values()) == ["draft", "draft", "not_started", "returned", "submitted", "submitted",
                                       "submitted"]
    assert status == {a: {"half_done": "draft", "copied": "draft", "returned": "returned", "late": "submitted",
                          "on_time": "submitted"}.get(STORY.get(a, ""), "not_started") for a in agencies}
    deadline_end = year.deadline
    submitted = {a: present(present(info[a]).submitted_at).date() for a in agencies
                 if status[a] in ("submitted", "returned")}
    late = [a for a, day in submitted.items() if day > deadline_end]
    assert late == [a for a in agencies if STORY.get(a) == "late"]  # one late, the others on time
    returned = next(i for i in info.values() if i and i.status == "returned")
    assert returned.returned_comment == RETURN_COMMENT

    half = next(a for a in agencies if STORY.get(a) == "half_done")
    answered = assessments.load_answers(engine, SYSTEM_ACTOR, present(info[half]).id)
    files = {qn.question_file[q] for q in answered}
    assert files == {"profile", *qn.domain_ids[:2]}  # half done: the rest of the domains are empty
    last = assessments.get_assessment(engine, SYSTEM_ACTOR, half, current - 1)
    assert last is not None
    assert last.status == "submitted"  # last year's answers are there to copy
    copied = next(a for a in agencies if STORY.get(a) == "copied")
    assert len(assessments.load_answers(engine, SYSTEM_ACTOR, present(info[copied]).id)) > len(answered)
