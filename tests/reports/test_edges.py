"""Documents for the thin cases: nothing answered, no agencies, a year past the plan, a domain with no index."""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook

from reports import charts
from reports.agency import agency_pdf, agency_xlsx
from reports.data import AgencyReport, agency_report_from_answers, agency_row_from_answers, province_report_from_rows
from reports.province import province_pdf, province_xlsx, scores_csv
from scoring.catalog import Catalog
from tests.reports.conftest import pdf_pages, squash


def test_nothing_answered(catalog: Catalog) -> None:
    rep = agency_report_from_answers(catalog, "trong", "Cơ quan chưa trả lời", 2025, {}, status="draft")
    for lang in ("vi", "en"):
        assert agency_pdf(rep, lang).startswith(b"%PDF")
    wb = load_workbook(io.BytesIO(agency_xlsx(rep)))
    overall = [r[1] for r in wb["1 Tổng hợp"].iter_rows(values_only=True) if r[0] == "Chỉ số tổng thể"]
    assert overall == [rep.result.index] == [0.0]  # unanswered questions count as zero


def test_no_agencies(catalog: Catalog) -> None:
    rep = province_report_from_rows(catalog, 2025, [])
    text = squash(" ".join(pdf_pages(province_pdf(rep))))
    assert "Chưa có cơ quan nào." in text and "Chưa có số liệu" in text
    assert load_workbook(io.BytesIO(province_xlsx(rep))).sheetnames[-1].endswith(" Câu trả lời")
    assert scores_csv(rep).count(b"\r\n") == 1


def test_year_without_targets(catalog: Catalog) -> None:
    rows = [agency_row_from_answers(catalog, "a", "Báo A", 2031, None, status="not_started")]
    rep = province_report_from_rows(catalog, 2031, rows)
    text = squash(pdf_pages(province_pdf(rep))[0])
    assert "2031" in text


def test_domain_without_index_is_shown_as_none(agency_report: AgencyReport) -> None:
    qn = agency_report.questionnaire
    first = qn.domains[0].id
    domains = dict(agency_report.result.domains)
    domains[first] = domains[first]._replace(index=None, level=None, raw_index=None)
    result = dataclasses.replace(agency_report.result, domains=domains)
    frame = charts.domain_frame(qn, result, "vi")
    assert frame.loc[0, "text"] == "chưa có"
    assert charts.to_png(charts.domain_chart(qn, result, "vi"), scale=1).startswith(b"\x89PNG")
    rep = dataclasses.replace(agency_report, result=result)
    assert agency_pdf(rep).startswith(b"%PDF")
