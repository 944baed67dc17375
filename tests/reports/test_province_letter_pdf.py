"""The province PDF made from the Word report's content: the same parts, sections, words and figures."""

from __future__ import annotations

import io

import pytest
from docx import Document

from reports import assessment_draft as ad
from reports.annual import indicator_rows
from reports.data import ProvinceReport
from reports.docx_report import province_docx
from reports.province import province_pdf
from scoring.catalog import Catalog
from tests.reports.conftest import pdf_pages, squash

EDITED = "Nguyên nhân do Sở viết lại: thiếu kinh phí đào tạo."


@pytest.fixture(scope="module")
def texts(province_report: ProvinceReport) -> dict[str, str]:
    return ad.final(ad.draft(province_report), {"causes": EDITED})


@pytest.fixture(scope="module")
def letter_text(province_report: ProvinceReport, catalog: Catalog, texts) -> str:
    return squash(" ".join(pdf_pages(province_pdf(province_report, "vi", texts, catalog.site.letterhead))))


def test_the_pdf_has_the_word_reports_parts_and_sections(letter_text: str, province_report, catalog, texts) -> None:
    doc = Document(io.BytesIO(province_docx(province_report, texts, catalog.site.letterhead)))
    headings = [p.text for p in doc.paragraphs if p.text[:3] in {"I. ", "II.", "III", "1. ", "2. ", "3. ", "4. "}]
    assert len(headings) == 7, headings
    for heading in headings:
        assert squash(heading) in letter_text, heading
    for part in ("Số: ……/BC-SVHTTDL", "Kính gửi: Ủy ban nhân dân tỉnh Vĩnh Long.", "Nơi nhận:", "GIÁM ĐỐC",
                 "Vĩnh Long, ngày 26 tháng 11 năm 2025", EDITED, "kính báo cáo./."):
        assert part in letter_text, part
    assert "Tỉnh Vĩnh Long, ngày" not in letter_text
    for line in texts["achieved"].splitlines():
        assert squash(line) in letter_text, line


def test_the_pdf_has_the_word_reports_figures(letter_text: str, province_report: ProvinceReport) -> None:
    for row in indicator_rows(province_report):  # a long fraction wraps after its slash in the PDF's cell
        assert " ".join(row[3:]) in letter_text, row
        assert all(squash(part) in letter_text for part in row[2].split("/")), row
