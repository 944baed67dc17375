"""Writing sheets with openpyxl, every cell through `safe_cell`.

All spreadsheet writing funnels through `put` so no code path can place a user's text in a cell without
the formula-injection guard; sheet names are cleaned here too because agency names become sheet names.

Every sheet reads the same way on screen and on paper: its name is its place in the workbook and as many
whole words of a short name as Excel's 31 characters hold ("3 Báo Vĩnh Long"), its full name is in A1;
a table's header is words over a grey row of column ids (the same in every language, for a program
reading the file); it prints landscape, one page wide, the table's header repeated on every page, and a
table at the top of its sheet keeps its header in view when scrolled.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reports.excel_safety import safe_cell
from reports.text import VIETNAM_TIME, tr

HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F0")
TITLE_FONT = Font(bold=True, size=13)
ID_FONT = Font(italic=True, size=8, color="808080")
WRAP = Alignment(wrap_text=True, vertical="top")
INDEX_FORMAT = "0.0"
PCT_FORMAT = "0.0%"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_MAX = 31  # Excel's limit
_DANGLING = frozenset({"và", "của", "cho", "với", "and", "of", "for", "the", "-", "–", "&"})
BODY_ROW = 3  # a sheet's content starts here, under its full name in A1 and a blank row
FREEZE_WITHIN = 6  # a table whose header ends by this row keeps it frozen in view; one lower would pin half a screen

Column = tuple[str, str]  # (id, words)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "pressdx"
    return wb


def sheet_name(index: int, name: str) -> str:
    """`index`, then as many whole words of `name` as fit in Excel's 31 characters, with none of the
    characters Excel refuses (`[]:*?/\\`); a dangling "và" or "of" at the cut goes."""
    words = _BAD_SHEET_CHARS.sub(" ", name).replace("'", " ").split()
    fits = [k for k in range(1, len(words) + 1) if len(f"{index} {' '.join(words[:k])}") <= SHEET_NAME_MAX]
    if not fits:
        return str(index)
    k = max(fits)
    if k < len(words):
        vietnamese = not name.isascii()
        k = max((n for n in fits if not vietnamese or _word_starts(words, n)), default=k)
        while k > 1 and words[k - 1].lower() in _DANGLING:
            k -= 1
    return f"{index} {' '.join(words[:k])}"


def _word_starts(syllables: list[str], n: int) -> bool:
    """Whether a Vietnamese word starts at syllable `n`. A word may be several syllables, and a name
    capitalises each word's first ("Đài Phát thanh và Truyền hình"): a word starts at a capital, or
    after a capitalised syllable and the one after it (most words are two syllables), never between
    them ("Truyền" alone is half a word)."""
    if syllables[n][:1].isupper():
        return True
    return n >= 2 and syllables[n - 2][:1].isupper() and not syllables[n - 1][:1].isupper()


def add_sheet(wb: Workbook, name: str, short: str | None = None) -> Worksheet:
    """A sheet named by its place and `short` (or `name`) cut at a word, with `name` in full in A1, set
    up to print landscape and one page wide; its content starts at `BODY_ROW`."""
    ws = wb.create_sheet(sheet_name(len(wb.worksheets) + 1, short or name))
    put(ws, 1, 1, name)
    ws.cell(row=1, column=1).font = TITLE_FONT
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = "A2"
    return ws


def columns(lang: str, *ids: str) -> list[Column]:
    """Each id with its words from the report catalogue."""
    return [(i, tr(i, lang)) for i in ids]


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None,
        bold: bool = False, wrap: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=safe_cell(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # belt and braces: never let openpyxl infer a formula from text
    if number_format and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        cell.number_format = number_format
    if bold:
        cell.font = HEAD_FONT
    if wrap:
        cell.alignment = WRAP


def key_values(ws: Worksheet, row: int, pairs: Iterable[tuple[str, Any]],
               formats: dict[str, str] | None = None) -> int:
    formats = formats or {}
    for key, value in pairs:
        put(ws, row, 1, key, bold=True)
        put(ws, row, 2, value, formats.get(key))
        row += 1
    return row


def table(ws: Worksheet, row: int, headers: Sequence[Column], rows: Iterable[Sequence[Any]],
          formats: Sequence[str | None] | None = None, wrap_cols: Iterable[int] = ()) -> int:
    """Headers in bold words on a fill over a row of their ids, then the rows; returns the next free row.
    The header rows repeat on every printed page (the sheet's last table wins), and stay in view when
    the table is at the top of its sheet."""
    wrap = set(wrap_cols)
    for c, (column_id, words) in enumerate(headers, start=1):
        put(ws, row, c, words, bold=True, wrap=True)
        ws.cell(row=row, column=c).fill = HEAD_FILL
        put(ws, row + 1, c, column_id)
        ws.cell(row=row + 1, column=c).font = ID_FONT
    ws.print_title_rows = f"{row}:{row + 1}"
    if row + 1 <= FREEZE_WITHIN:
        ws.freeze_panes = f"A{row + 2}"
    row += 2
    for values in rows:
        for c, v in enumerate(values, start=1):
            fmt = formats[c - 1] if formats and c - 1 < len(formats) else None
            put(ws, row, c, v, fmt, wrap=(c in wrap))
        row += 1
    return row


def widths(ws: Worksheet, sizes: Sequence[float]) -> None:
    for i, w in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


class _DatedZip(zipfile.ZipFile):
    """An archive whose every member carries one given time (zipfile stamps each with the clock)."""

    def __init__(self, file: io.BytesIO, when: datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self.when = when.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.when)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:
        """openpyxl writes each sheet to a temporary file first: its contents, at the given time."""
        with open(filename, "rb") as source:
            self.writestr(arcname or Path(filename).name, source.read())


def to_bytes(wb: Workbook, dated: datetime | None = None) -> bytes:
    """The workbook's file, dated `dated` (the report's date, Việt Nam's local time when naive; else
    now) in its properties and its archive, not at the moment it was saved: the same report is the
    same file."""
    dated = dated or datetime.now(UTC).replace(microsecond=0)
    utc = (dated if dated.tzinfo else dated.replace(tzinfo=VIETNAM_TIME)).astimezone(UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = utc
    buf = io.BytesIO()
    ExcelWriter(wb, _DatedZip(buf, dated)).save()  # saving closes the archive
    return buf.getvalue()
