"""Every cell a spreadsheet writer here emits passes through `safe_cell`.

Agencies type free text (answers, N/A reasons, evidence notes, even their own names), and a reviewer
opens the export in Excel or LibreOffice. Text starting with = + - @ (or a tab / carriage return that
some importers strip first) is run as a formula: `=HYPERLINK(...)` can leak data or lure a click, and
DDE payloads can run commands (OWASP "CSV injection"). Such text is prefixed with a single quote so it
shows as text. Numbers, booleans and dates are left alone so that sums and filters keep working.

Control characters are dropped as well: openpyxl refuses them (one stray \\x0b in an evidence note would
otherwise make the whole export fail), and dropping them first means they cannot hide a prefix.

A CSV cell is split by whatever separator the reader's spreadsheet uses: `,`, or `;` where the
decimal mark is a comma (Vietnamese settings); an importer that ignores quotes also splits at tabs and
line breaks. So every text cell is quoted, and text that would start a formula after any of those
separators gets the same quote mark after the separator: `Báo X;=cmd|…` is written `"Báo X;'=cmd|…"`,
text in every setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from reports.text import local

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them. Tab, LF and CR are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The start or a separator, any spaces or double quotes after it (some importers trim them), then a
# formula prefix.
_FORMULA_AFTER_SEPARATOR = re.compile(r"((?:^|[,;\t\r\n])[ \"]*)(?=[=+\-@])")

Cell = str | int | float | bool | datetime | date | time | None


def safe_text(text: str) -> str:
    text = _CONTROL.sub("", text)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_cell(value: Any) -> Cell:
    """A value safe to put in a spreadsheet cell: numbers stay numbers, text can never be a formula."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return local(value)  # Excel has no time zones: write the time people in Việt Nam read
    if value is None or isinstance(value, bool | int | float | datetime | date | time):
        return value
    if isinstance(value, Decimal | Fraction):
        return float(value)
    return safe_text(str(value))


def safe_row(values: Iterable[Any]) -> list[Cell]:
    return [safe_cell(v) for v in values]


@dataclass(frozen=True)
class CsvStyle:
    separator: str
    decimal_mark: str


PLAIN_CSV = CsvStyle(",", ".")
VIETNAMESE_EXCEL_CSV = CsvStyle(";", ",")  # Excel under Vietnamese regional settings reads this directly


def csv_text(text: str) -> str:
    """Text for a CSV cell: no formula at its start, nor after any separator a reader may split at."""
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1'", safe_text(text))


def _csv_field(value: Cell, style: CsvStyle) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value).replace(".", style.decimal_mark)
    return '"' + csv_text(str(value)).replace('"', '""') + '"'


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], style: CsvStyle = PLAIN_CSV) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the file as ANSI and garbles Vietnamese.
    Numbers are written bare, with the style's decimal mark, so they stay numbers; every other cell
    is quoted text."""
    lines = [style.separator.join(_csv_field(v, style) for v in safe_row(row)) for row in [header, *rows]]
    # a row of one empty cell is written "" (as the csv module does): an empty line is read as no row
    return "".join((line or '""') + "\r\n" for line in lines).encode("utf-8-sig")
