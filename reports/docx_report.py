"""The department's annual report as a Word document, laid out as an administrative document.

Nghị định 30/2020/NĐ-CP (docs/administrative-report-form.md) sets the form of a report (báo cáo): Times
New Roman 13–14 pt; margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right; the issuing body's
superior and name top left with its number and symbol ("Số: …/BC-SVHTTDL") under them, the national name
and motto top right with the place and date under them; the title "BÁO CÁO" and its summary; "Kính gửi";
the body; "Nơi nhận" bottom left and the signer's title and name bottom right. Officials edit and sign
such a report in Word, hence this format. What it says (sections, words, figures as tables, charts as
images) is reports/annual.py's content, the PDF's too; the written assessment in it is the department's
edit of the draft (reports/assessment_draft.py). A closed year's report is dated when the year closed,
and its file is then the same at every download (the archive's entries carry that date, not the moment
of saving).
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

from reports.annual import Annex, AnnualReport, Head, Letter, annual_report
from reports.data import ProvinceReport
from reports.text import date_long, nfc, tr
from scoring.catalog import Letterhead

FONT = "Times New Roman"
BODY_PT, HEADER_PT, TABLE_PT, SMALL_PT = 14, 13, 12, 11


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


def _header(doc, h: Head, lang: str) -> None:
    left, right = _borderless(doc, (70, 93)).rows[0].cells
    _rule(_cell_lines(left, [(h.superior.upper(), HEADER_PT, False, False),
                             (h.issuer.upper(), HEADER_PT, True, False)]), 14)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(h.number), HEADER_PT)
    _rule(_cell_lines(right, [(tr("republic", lang), HEADER_PT - 1, True, False),
                              (tr("motto", lang), BODY_PT, True, False)]), 28)
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(dated.add_run(f"{nfc(h.place)}, {date_long(h.when, lang)}"), BODY_PT, italic=True)


def _title(doc, h: Head) -> None:
    _para(doc, "", after=6)
    _para(doc, h.title[0], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    summary = _para(doc, h.title[1], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(summary, 16)
    to = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _font(to.add_run(h.to + " "), BODY_PT)
    if len(h.addressees) == 1:
        _font(to.add_run(nfc(h.addressees[0]) + "."), BODY_PT)
    else:
        for k, name in enumerate(h.addressees):
            end = "." if k == len(h.addressees) - 1 else ";"
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


def _image(doc, png: bytes, width_mm: float) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def _figures(doc, c: AnnualReport) -> None:
    _para(doc, c.indicators_heading, bold=True)
    _para(doc, c.plan_line, indent=True)
    _para(doc, c.counted_line, indent=True)
    if c.provisional_line:
        _para(doc, c.provisional_line, indent=True, bold=True)
    _grid(doc, c.indicators.header, c.indicators.rows, (10, 53, 22, 22, 18, 18, 20))
    _para(doc, c.rural_note, SMALL_PT, italic=True)


def _assessment(doc, letter: Letter) -> None:
    _para(doc, letter.assessment_heading, bold=True)
    for title, text in letter.assessment:
        _para(doc, title, bold=True)
        _body(doc, text)
    _para(doc, letter.proposals_heading, bold=True)
    _body(doc, letter.proposals)


def _body(doc, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _para(doc, line.strip(), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _signature(doc, letter: Letter) -> None:
    _para(doc, letter.closing, indent=True)
    left, right = _borderless(doc, (78, 85)).rows[0].cells
    lines = [(letter.recipients_title, TABLE_PT, True, True)]
    lines += [(line, SMALL_PT, False, False) for line in letter.recipients]
    _cell_lines(left, lines, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = [(line, BODY_PT, True, False) for line in letter.signer]
    signer += [("", BODY_PT, False, False)] * 4 + [(letter.signer_name, BODY_PT, True, False)]
    _cell_lines(right, signer)


def _annex_head(doc, annex: Annex) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, annex.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, annex.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _annexes(doc, c: AnnualReport) -> None:
    _annex_head(doc, c.trajectories)
    _image(doc, c.trajectories_png, 160)
    _annex_head(doc, c.agencies)
    if c.agency_table is None:
        _para(doc, c.no_agencies)
    else:
        _grid(doc, c.agency_table.header, c.agency_table.rows, (10, 43, 22, 22, 20, 16, 16, 14))
    if c.heatmap_png is not None:
        _para(doc, c.heatmap_title, bold=True)
        _image(doc, c.heatmap_png, 165)
        if c.heatmap_note:
            _para(doc, c.heatmap_note, SMALL_PT, italic=True)
    _para(doc, c.generated, SMALL_PT, italic=True)


def province_docx(report: ProvinceReport, texts: Mapping[str, str], head: Letterhead, lang: str = "vi") -> bytes:
    """The annual report (reports/annual.py); `texts`: each assessment section's final wording
    (assessment_draft.final)."""
    c = annual_report(report, lang, texts, head)
    assert c.letter is not None
    doc = Document()
    _setup(doc)
    _header(doc, c.head, lang)
    _title(doc, c.head)
    _para(doc, c.head.opening, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _figures(doc, c)
    _assessment(doc, c.letter)
    _signature(doc, c.letter)
    _annexes(doc, c)
    props = doc.core_properties
    props.title = c.head.title[1]
    props.author = props.last_modified_by = c.head.issuer
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


__all__ = ["province_docx"]
