"""The annual report in Word: the parts an administrative report needs (Nghị định 30/2020/NĐ-CP,
docs/administrative-report-form.md), and the province's figures exactly."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from docx import Document
from docx.shared import Mm, Pt

from reports import assessment_draft as ad
from reports.data import ProvinceReport
from reports.docx_report import province_docx
from reports.text import (
    count,
    date_short,
    gap_text,
    indicator_value,
    level_label,
    num,
    province_verdict,
    status_label,
    target_label,
)
from scoring.catalog import Catalog
from scoring.plans import aggregate
from tests.conftest import present
from tests.reports.conftest import YEAR

EDITED = "Nguyên nhân do Sở viết lại: thiếu kinh phí đào tạo."


@pytest.fixture(scope="module")
def texts(province_report: ProvinceReport) -> dict[str, str]:
    return ad.final(ad.draft(province_report), {"causes": EDITED})


@pytest.fixture(scope="module")
def docx_bytes(province_report: ProvinceReport, catalog: Catalog, texts) -> bytes:
    return province_docx(province_report, texts, catalog.site.letterhead)


@pytest.fixture(scope="module")
def document(docx_bytes: bytes):
    return Document(io.BytesIO(docx_bytes))


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_administrative_parts_are_there(document, catalog: Catalog) -> None:
    head = catalog.site.letterhead
    top, signature = document.tables[0], document.tables[2]
    left, right = (c.text for c in top.rows[0].cells)
    assert left.startswith(f"{head.superior.vi.upper()}\n{catalog.site.department.vi.upper()}")
    assert "Số: ……/BC-SVHTTDL" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert right.endswith("\nVĩnh Long, ngày 26 tháng 11 năm 2025")  # the short place name, not "Tỉnh Vĩnh Long"
    paragraphs = _paragraphs(document)
    assert "BÁO CÁO" in paragraphs
    assert "Kính gửi: Ủy ban nhân dân tỉnh Vĩnh Long." in paragraphs
    headings = [p for p in paragraphs if re.match(r"^(\d|[IV]+)\. ", p)]
    for title in ("Kết quả đạt được", "Tồn tại, hạn chế", "Nguyên nhân", "Kiến nghị, đề xuất"):
        assert any(title.lower() in h.lower() for h in headings), (title, headings)
    notes, signer = (c.text for c in signature.rows[0].cells)
    assert notes.startswith("Nơi nhận:\n- Như trên;\n")
    assert notes.endswith(f"- {head.recipients[-1].vi}.")
    assert signer.startswith("GIÁM ĐỐC\n")


def test_the_page_and_the_type_follow_the_decree(document) -> None:
    section = document.sections[0]
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
             if r.text.strip()]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    body = [r for p in document.paragraphs for r in p.runs if r.text.strip() and r.font.size is not None]
    assert {r.font.size.pt for r in body} <= {11, 12, 13, 14}
    assert len(document.inline_shapes) == 2  # the trajectories and the heat map, as images
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:  # the grid LibreOffice reads holds the widths set, within the text's width
        widths = [col.width for col in table.columns]
        assert sum(widths) <= text_width + Mm(1)
    indicators = document.tables[1].columns
    assert indicators[0].width < Mm(15) < Mm(45) < indicators[1].width  # "TT" narrow, the indicator's name wide
    assert section.different_first_page_header_footer  # page numbers from the second page, at the top
    assert "PAGE" in section.header.paragraphs[0]._p.xml and not section.first_page_header.paragraphs[0].text


def test_every_figure_is_the_provinces(document, province_report: ProvinceReport) -> None:
    counted = [present(r.contributions) for r in province_report.agencies if r.status == "submitted"]
    expected = aggregate(province_report.plan, YEAR, counted)
    table = document.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(province_report.plan.indicators)
    for row, spec in zip(rows, province_report.plan.indicators, strict=True):
        agg = expected[spec.id]
        value = None if agg.value is None else float(agg.value)
        assert row[1] == spec.label.vi
        assert row[2] == f"{count(agg.numerator)}/{count(agg.denominator)}"
        assert row[3] == indicator_value(spec.id, value)
        assert row[4] == target_label(agg.target)
        assert row[5] == province_verdict(agg.value, agg.met, provisional=province_report.provisional)
        assert row[6] == ("—" if agg.met else gap_text(spec.id, agg.gap, agg.met))
    agencies = [[c.text for c in r.cells] for r in document.tables[3].rows[1:]]
    qn = province_report.questionnaire
    for shown, r in zip(agencies, province_report.agencies, strict=True):
        assert shown[1] == r.name and shown[3] == status_label(r.status) and shown[4] == date_short(r.submitted_at)
        assert shown[5] == num(r.result.index if r.result else None)
        assert shown[6] == (level_label(qn.model, r.result.level) if r.result else "—")
    # the written assessment quotes no share that is not one of the figures or targets
    shares = {indicator_value(s.id, None if a.value is None else float(a.value)) for s, a in
              ((s, expected[s.id]) for s in province_report.plan.indicators)}
    shares |= {target_label(a.target) for a in expected.values()}
    pieces = {p for s in shares for p in s.replace("trên ", "").split("/")}
    text = "\n".join(_paragraphs(document))
    start, end = text.index("1. Kết quả đạt được"), text.index("3. Nguyên nhân")
    quoted = re.findall(r"\d+(?:,\d+)?%", text[start:end])
    assert quoted and set(quoted) <= pieces, set(quoted) - pieces


def test_the_departments_own_words_are_printed(document, texts) -> None:
    paragraphs = _paragraphs(document)
    assert EDITED in paragraphs
    causes = paragraphs.index("3. Nguyên nhân")
    assert paragraphs[causes + 1] == EDITED and paragraphs[causes + 2].startswith("4. ")
    for line in texts["achieved"].splitlines():
        assert line in paragraphs


def test_a_report_of_a_fixed_date_is_the_same_file_twice(docx_bytes, province_report, catalog, texts) -> None:
    assert province_docx(province_report, texts, catalog.site.letterhead) == docx_bytes


def test_the_english_report_has_the_same_structure(province_report: ProvinceReport, catalog: Catalog) -> None:
    english = replace(province_report, department_name=catalog.site.department.en,
                      province_name=catalog.site.province.en)
    doc = Document(io.BytesIO(province_docx(english, ad.draft(english, "en"), catalog.site.letterhead, "en")))
    paragraphs = _paragraphs(doc)
    assert "REPORT" in paragraphs and "To: Vĩnh Long Provincial People's Committee." in paragraphs
    assert any(p.endswith("RECOMMENDATIONS AND PROPOSALS") for p in paragraphs)
    assert "No.: ……/BC-SVHTTDL" in doc.tables[0].rows[0].cells[0].text
    assert doc.tables[2].rows[0].cells[0].text.startswith("Recipients:")
    assert len(doc.tables) == 4 and len(doc.inline_shapes) == 2
