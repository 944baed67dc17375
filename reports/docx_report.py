"""The department's annual report as a Word document, laid out as an administrative document.

Nghị định 30/2020/NĐ-CP sets the form of a report (báo cáo): Times New Roman 13–14 pt; margins 20–25 mm
top and bottom, 30–35 mm left, 15–20 mm right; the issuing body's superior and name top left with its
number and symbol ("Số: …/BC-SVHTTDL") under them, the national name and motto top right with the place
and date under them; the title "BÁO CÁO" and its summary; "Kính gửi"; the body; "Nơi nhận" bottom left
and the signer's title and name bottom right. Officials edit and sign such a report in Word, hence this
format. The figures are the province's (`ProvinceReport`, the data of the province page and the PDF),
shown as tables; the charts are the PDF's, as images; the written assessment is the department's edit of
the draft (reports/assessment_draft.py). A closed year's report is dated when the year closed, and its
file is then the same at every download (the archive's entries carry that date, not the moment of saving).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from reports import charts
from reports.assessment_draft import SECTIONS, section_title
from reports.data import AgencyRow, ProvinceReport
from reports.province import kind_label, series
from reports.text import (
    date_long,
    date_short,
    fraction_text,
    gap_text,
    indicator_value,
    level_label,
    nfc,
    num,
    province_verdict,
    signed,
    status_label,
    target_label,
    timestamp,
    tr,
)
from scoring.catalog import Letterhead

FONT = "Times New Roman"
BODY_PT, HEADER_PT, TABLE_PT, SMALL_PT = 14, 13, 12, 11
BLANK = "……"  # the number is given by the records office when the report is signed
ROMAN = ("I", "II", "III", "IV")


def _font(run, size: float | None = None, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = Pt(size)


def _para(container, text: str = "", size: float = BODY_PT, *, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False, after: float = 6) -> Paragraph:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    if text:
        _font(p.add_run(nfc(text)), size, bold=bold, italic=italic)
    return p


def _rule(paragraph: Paragraph, chars: int) -> None:
    """The short line under the issuer, the motto and the title: a row of thin underscores is what
    Word users type, and it stays put when the text around it is edited."""
    _font(paragraph.add_run("\n" + "_" * chars), HEADER_PT)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(17)  # 163 mm of text
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):  # Word picks a font per script
        fonts.set(qn(attr), FONT)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    _page_numbers(section)


def _page_numbers(section) -> None:
    """The page number centred at the top from the second page on (the first page has none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = p.add_run()
        _font(run, HEADER_PT)
        if kind is not None:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)


def _borderless(doc, widths_mm: Sequence[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths_mm)
    return table


def _widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Each column's width, in the table's grid (LibreOffice reads it) and in every cell (Word does)."""
    for c, width in enumerate(widths_mm):
        table.columns[c].width = Mm(width)
        for cell in table.columns[c].cells:
            cell.width = Mm(width)


def _cell_lines(cell, lines: Sequence[tuple[str, float, bool, bool]], align=WD_ALIGN_PARAGRAPH.CENTER) -> Paragraph:
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    for k, (text, size, bold, italic) in enumerate(lines):
        if k:
            p = cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(nfc(text)), size, bold=bold, italic=italic)
    return p


def _header(doc, report: ProvinceReport, head: Letterhead, lang: str) -> None:
    left, right = _borderless(doc, (70, 93)).rows[0].cells
    issuer = report.department_name or tr("department", lang)
    _rule(_cell_lines(left, [(head.superior.get(lang).upper(), HEADER_PT, False, False),
                             (issuer.upper(), HEADER_PT, True, False)]), 14)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(tr("doc_number", lang, blank=BLANK, symbol=head.symbol)), HEADER_PT)
    _rule(_cell_lines(right, [(tr("republic", lang), HEADER_PT - 1, True, False),
                              (tr("motto", lang), BODY_PT, True, False)]), 28)
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(dated.add_run(f"{nfc(head.place.get(lang))}, {date_long(report.generated_at, lang)}"), BODY_PT, italic=True)


def _title(doc, report: ProvinceReport, head: Letterhead, lang: str) -> None:
    _para(doc, "", after=6)
    _para(doc, tr("report", lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    summary = _para(doc, tr("doc_summary", lang, year=report.year), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(summary, 16)
    addressees = [a.get(lang) for a in head.addressees]
    to = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _font(to.add_run(tr("doc_to", lang) + " "), BODY_PT)
    if len(addressees) == 1:
        _font(to.add_run(nfc(addressees[0]) + "."), BODY_PT)
    else:
        for k, name in enumerate(addressees):
            end = "." if k == len(addressees) - 1 else ";"
            _font(to.add_run(("\n- " if k else "- ") + nfc(name) + end), BODY_PT)


def _grid(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
          left_cols: Sequence[int] = (1,)) -> Table:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            p = table.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c in left_cols and r else WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            _font(p.add_run(nfc(str(value).replace("/\n", "/"))), TABLE_PT, bold=r == 0)
    _widths(table, widths_mm)
    _para(doc, "", after=0)
    return table


def indicator_rows(report: ProvinceReport, lang: str = "vi") -> list[list[str]]:
    """The indicators table, row by row, as the PDF writes it: value, target, verdict, shortfall."""
    out = []
    for i, spec in enumerate(report.plan.indicators, start=1):
        agg = report.aggregate[spec.id]
        value = None if agg.value is None else float(agg.value)
        out.append([str(i), spec.label.get(lang), fraction_text(agg.numerator, agg.denominator, lang).replace("\n", ""),
                    indicator_value(spec.id, value, lang), target_label(agg.target, lang),
                    province_verdict(agg.value, agg.met, lang, provisional=report.provisional),
                    gap_text(spec.id, agg.gap, agg.met, lang)])
    return out


def _change(row: AgencyRow) -> float | None:
    if row.result is None or row.result.index is None or row.previous_index is None:
        return None
    return round(row.result.index - row.previous_index, 1)


def agency_rows(report: ProvinceReport, lang: str = "vi") -> list[list[str]]:
    """The annex's table of agencies, as the PDF writes it."""
    qn = report.questionnaire
    out = []
    for i, row in enumerate(report.agencies, start=1):
        res = row.result
        out.append([str(i), row.name, kind_label(qn, row.kind, lang), status_label(row.status, lang),
                    date_short(row.submitted_at, lang), num(res.index if res else None, lang),
                    level_label(qn.model, res.level, lang) if res else "—", signed(_change(row), lang)])
    return out


def _image(doc, png: bytes, width_mm: float) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def _figures(doc, report: ProvinceReport, lang: str) -> None:
    counted = sum(1 for r in report.agencies if r.counted)
    _para(doc, f"{ROMAN[0]}. {tr('sec_indicators', lang, year=report.year)}", bold=True)
    _para(doc, tr("agencies_counted", lang, n=counted, total=len(report.agencies)), indent=True)
    _grid(doc, [tr("rank", lang), tr("indicator", lang), tr("num_den", lang), tr("value", lang), tr("target", lang),
                tr("result", lang), tr("gap", lang)], indicator_rows(report, lang),
          (10, 53, 22, 22, 18, 18, 20))
    _para(doc, tr("rural_note", lang), SMALL_PT, italic=True)
    _image(doc, charts.to_png(charts.trajectories_chart(report.plan, series(report), lang), scale=2), 160)


def _assessment(doc, report: ProvinceReport, texts: Mapping[str, str], lang: str) -> None:
    _para(doc, f"{ROMAN[1]}. {tr('doc_sec_assessment', lang)}", bold=True)
    for k, section in enumerate(s for s in SECTIONS if s != "proposals"):
        _para(doc, f"{k + 1}. {section_title(section, report.year, lang)}", bold=True)
        _body(doc, texts.get(section, ""))
    _para(doc, f"{ROMAN[2]}. {section_title('proposals', report.year, lang)}", bold=True)
    _body(doc, texts.get("proposals", ""))


def _body(doc, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _para(doc, line.strip(), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _signature(doc, report: ProvinceReport, head: Letterhead, lang: str) -> None:
    issuer = report.department_name or tr("department", lang)
    _para(doc, tr("doc_closing", lang, issuer=issuer), indent=True)
    left, right = _borderless(doc, (78, 85)).rows[0].cells
    recipients = [r.get(lang) for r in head.recipients]
    lines = [(tr("doc_recipients", lang), TABLE_PT, True, True)]
    lines += [(f"- {name}{'.' if k == len(recipients) - 1 else ';'}", SMALL_PT, False, False)
              for k, name in enumerate(recipients)]
    _cell_lines(left, lines, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = [(line.upper(), BODY_PT, True, False) for line in head.signer_title.get(lang).splitlines() if line.strip()]
    signer += [("", BODY_PT, False, False)] * 4 + [(head.signer_name, BODY_PT, True, False)]
    _cell_lines(right, signer)


def _annex(doc, report: ProvinceReport, lang: str) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, tr("annex", lang).upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, tr("sec_agencies", lang), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not report.agencies:
        _para(doc, tr("no_agencies", lang))
        return
    _grid(doc, [tr("rank", lang), tr("agency", lang), tr("kind", lang), tr("status", lang), tr("submitted_at", lang),
                tr("overall", lang), tr("level", lang), tr("change", lang)], agency_rows(report, lang),
          (10, 43, 22, 22, 20, 16, 16, 14))
    scored = [r for r in report.agencies if r.result is not None]
    if scored:
        _para(doc, tr("sec_heatmap", lang), bold=True)
        _image(doc, charts.to_png(charts.heatmap_chart(report.questionnaire, scored, lang), scale=2), 165)
    _para(doc, tr("generated", lang, when=timestamp(report.generated_at, lang)), SMALL_PT, italic=True)


def province_docx(report: ProvinceReport, texts: Mapping[str, str], head: Letterhead, lang: str = "vi") -> bytes:
    """The annual report; `texts`: each assessment section's final wording (assessment_draft.final)."""
    doc = Document()
    _setup(doc)
    _header(doc, report, head, lang)
    _title(doc, report, head, lang)
    plan = report.plan
    issuer = report.department_name or tr("department", lang)
    _para(doc, tr("doc_opening", lang, plan=f"{plan.title.get(lang)} ({plan.issued_by.get(lang)})", issuer=issuer,
                  year=report.year), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _figures(doc, report, lang)
    _assessment(doc, report, texts, lang)
    _signature(doc, report, head, lang)
    _annex(doc, report, lang)
    props = doc.core_properties
    props.title = tr("doc_summary", lang, year=report.year)
    props.author = props.last_modified_by = issuer
    props.created = props.modified = report.generated_at
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _dated_zip(buf.getvalue(), report.generated_at)


def _dated_zip(data: bytes, when: datetime) -> bytes:
    """The same archive with every entry dated `when`: python-docx dates them at the moment of saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


__all__ = ["agency_rows", "indicator_rows", "province_docx"]
