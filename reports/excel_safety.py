"""Every cell a spreadsheet writer here emits passes through `safe_cell`.

Agencies type free text (answers, N/A reasons, evidence notes, even their own names), and a reviewer
opens the export in Excel or LibreOffice. Text starting with = + - @ (or a tab / carriage return that
some importers strip first) is run as a formula: `=HYPERLINK(...)` can leak data or lure a click, and
DDE payloads can run commands (OWASP "CSV injection"). Such text is prefixed with a single quote so it
shows as text. Numbers, booleans and dates are left alone so that sums and filters keep working.

Control characters are dropped as well: openpyxl refuses them (one stray \\x0b in an evidence note would
otherwise make the whole export fail), and dropping them first means they cannot hide a prefix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from reports.text import local

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them. Tab, LF and CR are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the file as ANSI and garbles Vietnamese."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(["" if v is None else v for v in safe_row(row)])
    return buf.getvalue().encode("utf-8-sig")
