"""The results page: recommendations grouped by domain, the indicators' reasons as short lines, no
empty "cap" column, and English units in the singular after 1."""

from __future__ import annotations

import pytest

from scoring.answers import parse_answers
from store import assessments
from store.conversion import to_stored
from tests.ui.conftest import complete_answers
from tests.ui.test_agency_pages import _agency_actor, stored


def _results(app, world, catalog, lang, best=False):
    at = app("lanh-dao-a", lang)
    info, _ = stored(world)
    raw = complete_answers(catalog.questionnaire, best=best)
    answers = parse_answers(catalog.questionnaire, raw)
    assessments.save_answers(world, _agency_actor(world), info.id, {k: to_stored(v) for k, v in answers.items()},
                             info.row_version)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("lang", "cap", "why"), [("vi", "Giới hạn áp dụng", "Vì sao"), ("en", "Cap applied", "Why")])
def test_recommendations_are_grouped_and_the_tables_hold_no_wall_and_no_empty_column(app, world, catalog,
                                                                                     lang, cap, why):
    qn = catalog.questionnaire
    at = _results(app, world, catalog, lang)
    titles = {d.file.title.get(lang) for d in qn.domains}
    headings = [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.strip("*") in titles]
    assert len(headings) >= 2 and len(headings) == len(set(headings))  # each domain once, its steps under it
    reasons = at.table[1].value[why]
    assert any("  \n" in r for r in reasons)  # one test a line
    assert not any("; ✓" in r or "; ✗" in r for r in reasons)


def test_an_english_unit_after_1_is_singular(app, world, catalog):
    qn = catalog.questionnaire
    q = next(q for q in qn.questions.values() if q.unit is not None and q.unit.en == "platforms")
    from scoring.formatting import value_label
    assert value_label(q, 1, "en") == "1 platform" and value_label(q, 3, "en") == "3 platforms"
    assert value_label(q, 1, "vi") == "1 nền tảng"


@pytest.mark.parametrize(("lang", "cap"), [("vi", "Giới hạn áp dụng"), ("en", "Cap applied")])
def test_the_cap_column_is_left_out_when_no_cap_applies(app, world, catalog, lang, cap):
    at = _results(app, world, catalog, lang, best=True)
    assert cap not in at.table[0].value.columns
    assert len(at.table[0].value.columns) == 4
