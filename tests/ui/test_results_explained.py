"""The results page and the agency's own PDF name the same strengths and the same weaknesses: a leader
read one list on screen and another in the report they sign (each picked them by its own thresholds)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reports.text import tr
from scoring.answers import parse_answers
from scoring.models import QuestionType
from store import assessments
from store.conversion import to_stored
from tests.ui.conftest import complete_answers
from tests.ui.test_agency_pages import _agency_actor, stored
from tests.ui.test_exports_audited import downloads  # noqa: F401  (a fixture)


def mixed_answers(qn) -> dict:
    """Every question answered, in turn at its best, half-way and at its worst, so each domain has
    strong, middling and weak answers."""
    out = complete_answers(qn)
    for k, q in enumerate(qn.questions.values()):
        if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.LEVEL, QuestionType.YES_PARTLY_NO,
                      QuestionType.YES_NO):
            ranked = sorted(q.choices, key=lambda o: o.score)
            value = ranked[(len(ranked) - 1) * (2 - k % 3) // 2].code
        elif q.type == QuestionType.MULTI_CHOICE:
            plain = [o.code for o in q.choices if not o.exclusive]
            value = plain[: len(plain) * (2 - k % 3) // 2] or [q.choices[0].code]
        elif q.type == QuestionType.PERCENT:
            value = 50 * (2 - k % 3)
        else:
            continue
        out[q.id] = {"value": value, "evidence": "Quyết định số 01/QĐ"} if q.evidence.value == "required" else value
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_lists(at, qn, lang: str) -> dict[str, tuple[list[str], list[str]]]:
    """Domain title → (strengths, weaknesses) as the page's expanders list them."""
    strong_head, weak_head = tr("strongest", lang), tr("weakest", lang)  # the PDF's headings
    out = {}
    for d in qn.domains:
        title = d.file.title.get(lang)
        box = next(e for e in at.expander if e.label.startswith(f"{title} — "))
        lists: dict[str, list[str]] = {}
        current = None
        for m in box.markdown:
            if m.value.startswith("**"):
                current = m.value.strip("*")
                lists[current] = []
            elif m.value.startswith("- ") and current is not None:
                lists[current].append(m.value[2:])
        out[title] = (lists[strong_head], lists[weak_head])
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_and_the_pdf_name_the_same_strengths_and_weaknesses(app, world, catalog, downloads,  # noqa: F811
                                                                     lang):
    qn = catalog.questionnaire
    at = app("lanh-dao-a", lang)
    info, _ = stored(world)
    answers = parse_answers(qn, mixed_answers(qn))
    assessments.save_answers(world, _agency_actor(world), info.id, {k: to_stored(v) for k, v in answers.items()},
                             info.row_version)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    page = _page_lists(at, qn, lang)
    assert any(strong for strong, _ in page.values()) and any(weak for _, weak in page.values())

    pdf = PdfReader(io.BytesIO(downloads["pressdx-bao-a-2025.pdf"]()))
    text = _flat("\n".join(p.extract_text() for p in pdf.pages))
    section = text[text.index(f"III. {tr('sec_strengths', lang)}"):text.index(f"IV. {tr('sec_recos', lang)}")]
    titles = [d.file.title.get(lang) for d in qn.domains]
    for k, d in enumerate(qn.domains):
        title = titles[k]
        start = section.index(_flat(title))
        end = section.index(_flat(titles[k + 1])) if k + 1 < len(titles) else len(section)
        part = section[start:end]
        assert part.index(tr("strongest", lang)) < part.index(tr("weakest", lang))
        strong, weak = page[title]
        listed = {q.label.get(lang) for q in d.file.questions if _flat(q.label.get(lang)) in part}
        assert listed == set(strong) | set(weak), title
        # A weakness is written with the points it would add, a strength with its score alone.
        for label in weak:
            after = part[part.index(_flat(label)) + len(_flat(label)):]
            assert re.match(r" — [\d,.]+ ?% \(\+", after), (title, label, after[:40])
        for label in strong:
            after = part[part.index(_flat(label)) + len(_flat(label)):]
            assert re.match(r" — [\d,.]+ ?%(?! \(\+)", after), (title, label, after[:40])
