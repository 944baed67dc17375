"""The agency's PDF and workbook: the engine's numbers, readable Vietnamese, and no formula leaks."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from reports import xlsx
from reports.agency import agency_pdf, agency_xlsx
from reports.data import AgencyReport
from reports.excel_safety import FORMULA_PREFIXES
from reports.text import num
from scoring.engine import level_info, recommendations
from tests.reports.conftest import INJECTED_NA, INJECTED_NOTE, INJECTED_TEXT, YEAR, pdf_pages, squash


@pytest.fixture(scope="module")
def pdf_vi(agency_report: AgencyReport) -> list[str]:
    return pdf_pages(agency_pdf(agency_report))


@pytest.fixture(scope="module")
def workbook(agency_report: AgencyReport):
    return load_workbook(io.BytesIO(agency_xlsx(agency_report)))


def test_pdf_header_title_and_agency(pdf_vi: list[str], agency_report: AgencyReport) -> None:
    first = squash(pdf_vi[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in first
    assert f"TỰ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ BÁO CHÍ NĂM {YEAR}" in first
    assert agency_report.agency_name in first
    assert "Vĩnh Long, ngày 20 tháng 11 năm 2025" in first


def test_pdf_shows_the_index_and_level(pdf_vi: list[str], agency_report: AgencyReport) -> None:
    qn, res = agency_report.questionnaire, agency_report.result
    first = squash(pdf_vi[0])
    level = level_info(qn.model, res.level)
    assert level is not None
    assert f"Chỉ số tổng thể: {num(res.index)}/100 điểm — Mức: {level.label.vi}" in first
    for d in qn.domains:
        assert d.file.title.vi in first
        assert num(res.domains[d.id].index) in first


def test_pdf_sections_and_diacritics(pdf_vi: list[str], agency_report: AgencyReport) -> None:
    text = squash(" ".join(pdf_vi))
    for phrase in ("Tòa soạn hội tụ", "Đạt", "KIẾN NGHỊ", "ĐÓNG GÓP VÀO CÁC CHỈ TIÊU CỦA KẾ HOẠCH",
                   "PHỤ LỤC: CÁC CÂU TRẢ LỜI", "Điểm mạnh", "Cần cải thiện", "Lý do không áp dụng"):
        assert phrase in text, phrase
    assert INJECTED_TEXT.split("(")[0] in text and INJECTED_NOTE in text  # the annex shows what was typed
    for spec in agency_report.plan.indicators:
        assert squash(spec.label.vi)[:40] in text


def test_pdf_recommendations_follow_the_engine_order(pdf_vi: list[str], agency_report: AgencyReport) -> None:
    text = squash(" ".join(pdf_vi))
    qn = agency_report.questionnaire
    recos = recommendations(qn, agency_report.result)[:3]
    positions = [text.find(squash(qn.questions[r.question].label.vi)[:50]) for r in recos]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)


def test_pdf_page_numbers(pdf_vi: list[str]) -> None:
    n = len(pdf_vi)
    assert n >= 3
    for i, page in enumerate(pdf_vi, start=1):
        assert f"Trang {i}/{n}" in page


def test_pdf_strong_agency_is_xuat_sac(strong_report: AgencyReport) -> None:
    text = squash(" ".join(pdf_pages(agency_pdf(strong_report))))
    assert "Mức: Xuất sắc" in text


def test_pdf_in_english(agency_report: AgencyReport) -> None:
    text = squash(" ".join(pdf_pages(agency_pdf(agency_report, "en"))))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Overall index" in text
    assert re.search(r"Page 1/\d+", text)
    assert "Converged newsroom" in text


def test_draft_is_marked_provisional(catalog, samples) -> None:
    from reports.data import agency_report_from_answers

    s = samples[0]
    rep = agency_report_from_answers(catalog, s.agency_id, s.name, YEAR, s.answers, status="draft")
    assert "Kết quả chưa chính thức" in squash(pdf_pages(agency_pdf(rep))[0])


def test_xlsx_sheets(workbook) -> None:
    assert workbook.sheetnames[:4] == ["1 Tổng hợp", "2 Lĩnh vực", "3 Chỉ tiêu", "4 Câu trả lời"]


BODY = xlsx.BODY_ROW + 1  # a list sheet's rows, past its name, the headers' words and their ids


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_xlsx_summary_numbers_equal_the_engine(workbook, agency_report: AgencyReport) -> None:
    res = agency_report.result
    rows = _rows(workbook["1 Tổng hợp"])
    kv = {r[0]: r[1] for r in rows if r[0] is not None}
    assert kv["Chỉ số tổng thể"] == res.index
    assert kv["Năm"] == YEAR
    if agency_report.previous is not None:
        assert kv["Năm trước"] == agency_report.previous.index
    by_domain = {r[0]: r for r in rows if r[0] in res.domains}
    for did, dres in res.domains.items():
        assert by_domain[did][3] == dres.index


def test_xlsx_question_contributions_add_up(workbook, agency_report: AgencyReport) -> None:
    rows = _rows(workbook["2 Lĩnh vực"])[BODY:]
    for did, dres in agency_report.result.domains.items():
        mine = [r for r in rows if r[0] == did]
        assert len(mine) == len(dres.questions)
        if dres.raw_index is not None:
            assert sum(r[7] for r in mine) == pytest.approx(dres.raw_index, abs=0.051)


def test_xlsx_indicators_equal_the_contributions(workbook, agency_report: AgencyReport) -> None:
    rows = {r[0]: r for r in _rows(workbook["3 Chỉ tiêu"])[BODY:]}
    for iid, c in agency_report.contributions.items():
        assert rows[iid][5] == c.numerator and rows[iid][6] == c.denominator


def test_xlsx_every_question_is_listed(workbook, agency_report: AgencyReport) -> None:
    ids = [r[2] for r in _rows(workbook["4 Câu trả lời"])[BODY:]]
    assert sorted(ids) == sorted(agency_report.questionnaire.questions)


def test_xlsx_escapes_formula_text(workbook) -> None:
    values = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES), (ws.title, cell.coordinate, cell.value)
                    values.append(cell.value)
    assert "'" + INJECTED_TEXT in values
    assert "'" + INJECTED_NOTE in values
    assert "'" + INJECTED_NA in values


def test_xlsx_in_english(agency_report: AgencyReport) -> None:
    wb = load_workbook(io.BytesIO(agency_xlsx(agency_report, "en")))
    assert wb.sheetnames[:4] == ["1 Summary", "2 Domains", "3 Indicators", "4 Answers"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_recommendations_name_their_domain(agency_report: AgencyReport, catalog, lang: str) -> None:
    """The domain column gave the file's id ("data_ai"), beside the question's id and text."""
    wb = load_workbook(io.BytesIO(agency_xlsx(agency_report, lang)))
    rows = _rows(wb[{"vi": "5 Kiến nghị", "en": "5 Recommendations"}[lang]])[BODY:]
    titles = {d.file.title.get(lang) for d in catalog.questionnaire.domains}
    assert rows and all(r[1] in titles for r in rows), {r[1] for r in rows} - titles
