"""The page furniture shared by the agency and province PDFs: fonts, the administrative header, tables.

The layout follows the Vietnamese administrative-document convention (Nghị định 30/2020/NĐ-CP,
docs/administrative-report-form.md): the issuing body top left, the national motto top right, place
and date under it, then a centred title.
Only the committed DejaVu fonts are used, so a document looks the same on every server and every
Vietnamese letter has a glyph; there is no italic DejaVu committed, so nothing is italic.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, VAlign, XPos, YPos
from fpdf.fonts import FontFace

from reports.text import VIETNAM_TIME, date_long, nfc, tr

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
GREY = (110, 110, 110)
RULE = (150, 150, 150)
HEAD_FILL = (225, 232, 240)
BODY = 9.5
# The page's margins, in mm: nothing is drawn outside the box they leave but the footer, which sits in
# the bottom margin in a band FOOTER_TOP mm above the page's foot and FOOTER_HEIGHT mm tall.
MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 22.0, 15.0, 16.0, 18.0
FOOTER_TOP, FOOTER_HEIGHT = 12.0, 5.0
MARKS = {True: ((30, 120, 50), "✓"), False: ((190, 40, 30), "✗"), None: (GREY, "•")}


def lighten(hex_color: str, amount: float = 0.55) -> tuple[int, int, int]:
    """A level colour washed out enough for dark text on top to stay readable in print."""
    rgb = [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]
    r, g, b = (round(c + (255 - c) * amount) for c in rgb)
    return r, g, b


class ReportPDF(FPDF):
    def __init__(self, lang: str, footer_left: str, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.footer_left = nfc(footer_left)
        self.set_margins(left=MARGIN_LEFT, top=MARGIN_TOP, right=MARGIN_RIGHT)
        self.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(nfc(title))
        self.set_lang("vi" if lang != "en" else "en")
        self.set_creator("pressdx")
        self.set_font(FONT, size=BODY)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def footer(self) -> None:
        """The report's name left, the page right. The name is fitted to its width, smaller if need be,
        cut with "…" only then: cut at a number of characters, the year at its end would be lost."""
        self.set_y(-FOOTER_TOP)
        self.set_text_color(*GREY)
        page = tr("page", self.lang, x=self.page_no(), y="{nb}")
        self.set_font(FONT, size=7.5)
        right = self.get_string_width(page.replace("{nb}", "999")) + 4
        left_w = self.content_width - right
        text, size = self.footer_left, 7.5
        while self.get_string_width(text) > left_w and size > 6:
            size -= 0.5
            self.set_font(FONT, size=size)
        while self.get_string_width(text) > left_w and len(text) > 1:
            text = text[:-2] + "…"
        self.cell(left_w, FOOTER_HEIGHT, text, align=Align.L)
        self.set_font(FONT, size=7.5)
        self.cell(right, FOOTER_HEIGHT, page, align=Align.R)
        self.set_text_color(0, 0, 0)

    # --- blocks ----------------------------------------------------------------------------------------

    def admin_header(self, upper: str, issuer: str, place: str, when: datetime, number: str = "") -> None:
        """Issuing body left (managing body above it, the issuer in bold, a short rule, the document's
        number and symbol if it has one), motto right.
        The file is dated as the document is (`when`, Việt Nam's local time when naive), not when it was
        made: the same report is the same file."""
        self.set_creation_date(when if when.tzinfo else when.replace(tzinfo=VIETNAM_TIME))
        left_w, gap = 74.0, 4.0
        right_w = self.content_width - left_w - gap
        top = self.get_y()
        x0 = self.l_margin
        self.set_xy(x0, top)
        if upper.strip():
            self.set_font(FONT, size=10)
            self.multi_cell(left_w, 5, nfc(upper.strip().upper()), align=Align.C)
        self.set_font(FONT, "B", 10)
        self.set_x(x0)
        self.multi_cell(left_w, 5, nfc(issuer.strip().upper()), align=Align.C)
        self._short_rule(x0 + left_w / 2, self.get_y() + 0.8, 24)
        if number:
            self.set_xy(x0, self.get_y() + 3)
            self.set_font(FONT, size=9.5)
            self.multi_cell(left_w, 5, nfc(number), align=Align.C)
        left_bottom = self.get_y() + 2

        self.set_xy(x0 + left_w + gap, top)
        self.set_font(FONT, "B", 10)
        self.multi_cell(right_w, 5, tr("republic", self.lang), align=Align.C)
        self.set_x(x0 + left_w + gap)
        self.set_font(FONT, "B", 10.5)
        motto = tr("motto", self.lang)
        self.multi_cell(right_w, 5.5, motto, align=Align.C)
        self._short_rule(x0 + left_w + gap + right_w / 2, self.get_y() + 0.8, self.get_string_width(motto))
        self.set_xy(x0 + left_w + gap, self.get_y() + 3)
        self.set_font(FONT, size=9.5)
        dated = date_long(when, self.lang)
        line = f"{nfc(place.strip())}, {dated}" if place.strip() else dated[:1].upper() + dated[1:]
        self.multi_cell(right_w, 5, line, align=Align.C)
        self.set_y(max(left_bottom, self.get_y()) + 6)

    def _short_rule(self, centre: float, y: float, width: float) -> None:
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.3)
        self.line(centre - width / 2, y, centre + width / 2, y)

    def title_block(self, lines: Sequence[str], subtitle: str = "", subtitle_bold: bool = True) -> None:
        """The centred title; a long line shrinks a little to stay on one line, as a typed title would."""
        for text in lines:
            size = 13.0
            self.set_font(FONT, "B", size)
            while size > 10.5 and self.get_string_width(nfc(text)) > self.content_width - 4:
                size -= 0.5
                self.set_font(FONT, "B", size)
            self.multi_cell(0, 6.5, nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.ln(1)
            self.set_font(FONT, "B" if subtitle_bold else "", 11.5 if subtitle_bold else 10)
            self.multi_cell(0, 6 if subtitle_bold else 5, nfc(subtitle), align=Align.C, new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)
        self._short_rule(self.w / 2, self.get_y() + 1.5, 40)
        self.ln(6)

    def heading(self, text: str, size: float = 11.5) -> None:
        if self.will_page_break(45):
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, 6.5, nfc(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FONT, size=BODY)

    def centred(self, text: str, size: float = BODY, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.55, nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=BODY)

    def signature(self, recipients_title: str, recipients: Sequence[str], signer: Sequence[str], name: str) -> None:
        """"Nơi nhận" and its list bottom left, the signer's title, room to sign and the name bottom right."""
        left_w, gap = 78.0, 6.0
        right_w = self.content_width - left_w - gap
        self.keep(12 + 4.5 * max(len(recipients), len(signer) + 6))
        top, x0 = self.get_y() + 4, self.l_margin
        self.set_xy(x0, top)
        self.set_font(FONT, "B", 9)
        self.multi_cell(left_w, 4.5, nfc(recipients_title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=8.5)
        for line in recipients:
            self.set_x(x0)
            self.multi_cell(left_w, 4.2, nfc(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        left_bottom = self.get_y()
        self.set_xy(x0 + left_w + gap, top)
        self.set_font(FONT, "B", 10)
        for line in signer:
            self.set_x(x0 + left_w + gap)
            self.multi_cell(right_w, 5, nfc(line), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_xy(x0 + left_w + gap, self.get_y() + 22)
        self.multi_cell(right_w, 5, nfc(name), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(max(left_bottom, self.get_y()) + 4)
        self.set_font(FONT, size=BODY)

    def subheading(self, text: str) -> None:
        if self.will_page_break(38):
            self.add_page()
        self.ln(1)
        self.set_font(FONT, "B", 10)
        self.multi_cell(0, 5.5, nfc(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=BODY)

    def paragraph(self, text: str, size: float = BODY, bold: bool = False, grey: bool = False,
                  indent: float = 0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        if grey:
            self.set_text_color(*GREY)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.content_width - indent, size * 0.5, nfc(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                        align=Align.L)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=BODY)

    def key_values(self, pairs: Sequence[tuple[str, str]], key_width: float = 48) -> None:
        for key, value in pairs:
            self.set_font(FONT, size=BODY)
            self.set_text_color(*GREY)
            self.cell(key_width, 5.5, nfc(key))
            self.set_text_color(0, 0, 0)
            self.set_font(FONT, "B", BODY)
            self.multi_cell(self.content_width - key_width, 5.5, nfc(value), new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT, align=Align.L)
        self.set_font(FONT, size=BODY)

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              align: Sequence[str] | None = None, fills: dict[tuple[int, int], tuple[int, int, int]] | None = None,
              bold_rows: Sequence[int] = (), size: float = 8.5) -> None:
        """A bordered table whose heading repeats on every page it spills onto.

        `fills` colours single cells (row, column) — the level column, met / not met.
        """
        scale = self.content_width / sum(widths)
        col_widths = tuple(w * scale for w in widths)
        aligns = tuple(align or ["L"] * len(headers))
        fills = fills or {}
        self.set_font(FONT, size=size)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        heading_style = FontFace(family=FONT, emphasis="BOLD", size_pt=size, fill_color=HEAD_FILL)
        with self.table(
            col_widths=col_widths, text_align=aligns, line_height=size * 0.48, padding=(1.1, 1.4),
            headings_style=heading_style, repeat_headings=1, v_align=VAlign.M,
            borders_layout=TableBordersLayout.ALL, first_row_as_headings=True, width=self.content_width,
            align=Align.L,
        ) as tbl:
            head = tbl.row()
            for h in headers:
                head.cell(nfc(h), align=Align.C)
            for r, row in enumerate(rows):
                line = tbl.row()
                for c, value in enumerate(row):
                    style = None
                    fill = fills.get((r, c))
                    if fill is not None or r in bold_rows:
                        style = FontFace(emphasis="BOLD" if r in bold_rows else None, fill_color=fill)
                    line.cell(nfc(str(value)), style=style)
        self.set_font(FONT, size=BODY)
        self.ln(2)

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit: a heading never sits alone at a page foot."""
        if self.will_page_break(height):
            self.add_page()

    def marked_lines(self, lines: Sequence[tuple[int, str, bool | None]], size: float = 8.5) -> None:
        """Nested ✓/✗ lines with hanging indents: the tree of a plan rule, each test with its outcome."""
        self.set_font(FONT, size=size)
        step, mark_w, height = 5.0, 4.5, size * 0.47
        for depth, text, passed in lines:
            x = self.l_margin + 2 + depth * step
            self.keep(height + 1)
            self.set_x(x)
            colour, mark = MARKS[passed]
            self.set_text_color(*colour)
            self.set_font(FONT, "B", size)
            self.cell(mark_w, height, mark)
            self.set_text_color(0, 0, 0)
            self.set_font(FONT, "B" if depth == 0 else "", size)
            self.multi_cell(self.l_margin + self.content_width - x - mark_w, height, nfc(text),
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)
        self.set_font(FONT, size=BODY)

    def png(self, data: bytes, width: float | None = None, max_height: float | None = None) -> None:
        """Place a chart at its aspect ratio, moving to a new page rather than cutting it."""
        px_w, px_h = png_size(data)
        width = min(width or self.content_width, self.content_width)
        height = width * px_h / px_w
        limit = max_height or (self.h - self.t_margin - self.b_margin - 10)
        if height > limit:
            width, height = width * limit / height, limit
        if self.will_page_break(height + 2):
            self.add_page()
        x = self.l_margin + (self.content_width - width) / 2
        self.image(io.BytesIO(data), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 3)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height
