"""A draft's page still being filled in shows no change since last year: its unanswered questions read
0 and the page showed "−85,8 so với năm trước" for work not done. The results page, the agency's PDF
and its workbook say the same (`reports.explain.changes`)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reports.text import tr
from scoring.answers import parse_answers
from store import assessments, years
from store.access import SYSTEM_ACTOR
from store.conversion import to_stored
from tests.ui.conftest import complete_answers
from tests.ui.test_agency_pages import _agency_actor
from tests.ui.test_exports_audited import downloads  # noqa: F401  (a fixture)
from ui import md
from ui.i18n import t


def _assess(world, qn, year: int, answers: dict, *, submit: bool) -> None:
    actor = _agency_actor(world)
    info = assessments.open_assessment(world, actor, "bao-a", year, qn.version, qn.content_hash)
    assert info is not None
    parsed = parse_answers(qn, answers)
    version = assessments.save_answers(world, actor, info.id, {k: to_stored(v) for k, v in parsed.items()},
                                       info.row_version)
    if submit:
        assessments.submit(world, actor, info.id, version, qn.version, qn.content_hash)


@pytest.fixture
def half_done(world, catalog):
    """2024 sent with every answer at its best; 2025 a draft with the same answers but none in the
    first domain."""
    qn = catalog.questionnaire
    years.set_year_open(world, SYSTEM_ACTOR, 2024, True)
    _assess(world, qn, 2024, complete_answers(qn), submit=True)
    years.set_year_open(world, SYSTEM_ACTOR, 2024, False)
    empty = {q.id for q in qn.domains[0].file.questions}
    _assess(world, qn, 2025, {k: v for k, v in complete_answers(qn).items() if k not in empty}, submit=False)
    return qn


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_domain_still_being_filled_in_shows_no_change(app, half_done, lang):
    qn = half_done
    at = app("lanh-dao-a", lang)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    table = at.table[0].value
    change = dict(zip(table[t("results.col_domain", lang)], table[t("results.col_change", lang)], strict=True))
    first, *others = (md.escape(d.file.title.get(lang)) for d in qn.domains)  # the cells are Markdown
    assert change[first] == "—"  # not −100: its questions are unanswered, not worse
    assert all(change[o] in ("0,0", "0.0") for o in others)  # the same answers as last year
    overall = next(m for m in at.metric if m.label == t("results.overall", lang))
    assert not overall.delta  # the overall index includes the unfinished page
    assert t("results.change_when_complete", lang) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_agency_pdf_says_the_change_comes_once_answered(app, half_done, downloads, lang):  # noqa: F811
    app("lanh-dao-a", lang).switch_page("ui/screens/results.py").run()
    pdf = PdfReader(io.BytesIO(downloads["pressdx-bao-a-2025.pdf"]()))
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pdf.pages))
    assert re.sub(r"\s+", " ", tr("change_when_complete", lang)) in text
    assert "-100" not in text and "−100" not in text
