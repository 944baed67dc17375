"""Writing sheets with openpyxl, every cell through `safe_cell`.

All spreadsheet writing funnels through `put` so no code path can place a user's text in a cell without
the formula-injection guard; sheet names are cleaned here too because agency names become sheet names.
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
from reports.text import VIETNAM_TIME

HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F0")
TITLE_FONT = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
INDEX_FORMAT = "0.0"
PCT_FORMAT = "0.0%"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "pressdx"
    return wb


def add_sheet(wb: Workbook, name: str) -> Worksheet:
    """A sheet named as close to `name` as Excel allows: 31 characters, no []:*?/\\, unique."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'") or "Sheet"
    base = base[:31]
    taken = {ws.title.lower() for ws in wb.worksheets}
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    return wb.create_sheet(title)


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


def title(ws: Worksheet, row: int, text: str) -> int:
    put(ws, row, 1, text)
    ws.cell(row=row, column=1).font = TITLE_FONT
    return row + 1


def key_values(ws: Worksheet, row: int, pairs: Iterable[tuple[str, Any]],
               formats: dict[str, str] | None = None) -> int:
    formats = formats or {}
    for key, value in pairs:
        put(ws, row, 1, key, bold=True)
        put(ws, row, 2, value, formats.get(key))
        row += 1
    return row


def table(ws: Worksheet, row: int, headers: Sequence[str], rows: Iterable[Sequence[Any]],
          formats: Sequence[str | None] | None = None, wrap_cols: Iterable[int] = ()) -> int:
    """Headers in bold on a fill, then the rows; returns the next free row."""
    wrap = set(wrap_cols)
    for c, h in enumerate(headers, start=1):
        put(ws, row, c, h, bold=True, wrap=True)
        ws.cell(row=row, column=c).fill = HEAD_FILL
    row += 1
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
