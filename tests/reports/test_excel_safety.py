"""Formula injection: no text a user typed may reach a spreadsheet as something Excel would run."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports import xlsx
from reports.excel_safety import (
    FORMULA_PREFIXES,
    PLAIN_CSV,
    VIETNAMESE_EXCEL_CSV,
    CsvStyle,
    csv_bytes,
    csv_text,
    safe_cell,
    safe_text,
)

formula_like = st.sampled_from(FORMULA_PREFIXES).flatmap(lambda p: st.text().map(lambda t: p + t))
any_text = st.one_of(st.text(), formula_like, st.text(alphabet="\x00\x01\x0b\x1f=+-@\t\r a"))
numbers = st.one_of(st.integers(min_value=-10**15, max_value=10**15), st.floats(allow_nan=False, allow_infinity=False))
# What a workbook can hold: Excel keeps 15 significant digits, so a float near 1.8e308 rounds to infinity.
# Answers are bounded far below that (scoring.answers.MAX_NUMBER).
sheet_numbers = st.one_of(st.integers(min_value=-10**15, max_value=10**15),
                          st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))


@given(any_text)
def test_no_text_starts_with_a_formula_prefix(text: str) -> None:
    out = safe_cell(text)
    assert isinstance(out, str)
    assert not out.startswith(FORMULA_PREFIXES)


@given(st.text().filter(lambda t: not t.startswith(FORMULA_PREFIXES) and t.isprintable()))
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


@given(numbers)
def test_numbers_stay_numbers(value: float) -> None:
    out = safe_cell(value)
    assert out == value and type(out) is type(value)


def test_other_values_pass_through() -> None:
    for value in (None, True, False, date(2025, 11, 25), datetime(2025, 11, 25, 8, 0)):
        assert safe_cell(value) is value


def test_known_payloads_are_quoted() -> None:
    assert safe_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert safe_cell("@SUM(1)") == "'@SUM(1)"
    assert safe_cell("+1") == "'+1"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("\r=1") == "'\r=1"


def test_a_control_character_cannot_hide_a_prefix() -> None:
    assert safe_text("\x01=1+1") == "'=1+1"


@settings(max_examples=60)
@given(st.lists(st.lists(st.one_of(any_text, numbers, st.none()), min_size=1, max_size=4), max_size=5))
def test_csv_cells_are_never_formulas(rows: list[list[object]]) -> None:
    data = csv_bytes(["a", "b", "c", "d"], rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for line, given_row in zip(parsed[1:], rows, strict=True):
        for cell, value in zip(line, given_row, strict=True):
            if isinstance(value, str):
                assert not cell.startswith(FORMULA_PREFIXES)
            elif value is None:
                assert cell == ""
            else:  # a negative number is written as one: Excel reads "-1" as a number, not a formula
                assert float(cell) == value


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(any_text, sheet_numbers), min_size=1, max_size=8))
def test_xlsx_cells_are_never_formulas(values: list[object]) -> None:
    wb = xlsx.new_workbook()
    ws = xlsx.add_sheet(wb, "=evil[1]")
    for c, v in enumerate(values, start=1):
        xlsx.put(ws, 1, c, v)
    back = load_workbook(io.BytesIO(xlsx.to_bytes(wb)))
    sheet = back.worksheets[0]
    for c, v in enumerate(values, start=1):
        cell = sheet.cell(row=1, column=c)
        assert cell.data_type != "f"
        if isinstance(v, str):
            assert not str(cell.value or "").startswith(FORMULA_PREFIXES)
        else:
            assert cell.value == pytest.approx(v, rel=1e-14, abs=0)


def test_sheet_names_are_cleaned_and_unique() -> None:
    wb = xlsx.new_workbook()
    a = xlsx.add_sheet(wb, "Báo [Vĩnh Long]: số 1/2 * ? rất dài dài dài dài dài")
    b = xlsx.add_sheet(wb, "Báo [Vĩnh Long]: số 1/2 * ? rất dài dài dài dài dài")
    assert len(a.title) <= 31 and len(b.title) <= 31
    assert a.title != b.title
    assert not set("[]:*?/\\") & set(a.title)


# --- CSV read with any separator -------------------------------------------------------------------

SEMICOLON_PAYLOAD = "Báo X;=cmd|' /C calc'!A0"
separated_text = st.text(alphabet=",;\t\r\n \"'=+-@a1")
STYLES = [PLAIN_CSV, VIETNAMESE_EXCEL_CSV]


def _a_formula(piece: str) -> bool:
    """A cell a spreadsheet would run: starting (after spaces and quotes some importers trim) with a
    formula prefix, and not a number such as -1 or -1,5."""
    start = piece.lstrip(' "')
    if not start.startswith(("=", "+", "-", "@")):
        return False
    try:
        float(start.rstrip('"').replace(",", "."))
    except ValueError:
        return True
    return False


def formula_cells(data: bytes) -> list[str]:
    """Every cell a reader could make of the file that would be a formula: read as CSV with `,`, `;`
    or tab as the separator, and split at every separator and line break by an importer that ignores
    quotes (a piece of any single split starts where one of these pieces starts)."""
    text = data.decode("utf-8-sig")
    cells = re.split(r"[,;\t\r\n]", text)
    for separator in ",;\t":
        cells += [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator) for c in row]
    return [c for c in cells if _a_formula(c)]


@pytest.mark.parametrize("style", STYLES, ids=["plain", "vietnamese-excel"])
def test_a_name_with_a_formula_after_a_semicolon_is_text_with_any_separator(style: CsvStyle) -> None:
    """Written unquoted, `Báo X;=cmd…` became a formula cell in Excel set to `;` (Vietnamese settings)."""
    data = csv_bytes(["Tên", "Chỉ số"], [[SEMICOLON_PAYLOAD, 62.5]], style)
    assert formula_cells(data) == []
    line = data.decode("utf-8-sig").split("\r\n")[1]
    assert line.startswith('"Báo X;\'=cmd|') and line.endswith(style.separator + "62" + style.decimal_mark + "5")
    [row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=style.separator))[1:]
    assert row == ["Báo X;'=cmd|' /C calc'!A0", "62" + style.decimal_mark + "5"]


# A negative number is written as a number; read with the other separator it runs on with the next
# cells ("-1,"x""), and the text after it stays inside its quotes. The exports hold no negative number.
non_negative = st.one_of(st.integers(min_value=0, max_value=10**15),
                         st.floats(min_value=0, allow_nan=False, allow_infinity=False))


@pytest.mark.parametrize("style", STYLES, ids=["plain", "vietnamese-excel"])
@settings(max_examples=60)
@given(rows=st.lists(st.lists(st.one_of(any_text, separated_text, non_negative, st.none()), min_size=1,
                              max_size=4), max_size=5))
def test_no_reader_makes_a_formula_of_any_cell(style: CsvStyle, rows: list[list[object]]) -> None:
    data = csv_bytes(["a", "b=1", "c;+2", "d"], rows, style)
    assert data.startswith(b"\xef\xbb\xbf")
    assert formula_cells(data) == []


@settings(max_examples=60)
@given(st.lists(st.one_of(any_text, separated_text, numbers, st.none()), min_size=1, max_size=6))
def test_every_text_cell_is_quoted_and_numbers_keep_their_value(row: list[object]) -> None:
    for style in STYLES:
        line = csv_bytes(["x"], [row], style).decode("utf-8-sig").split("\r\n", 1)[1]
        [cells] = list(csv.reader(io.StringIO(line, newline=""), delimiter=style.separator))
        for raw, cell, value in zip(split_fields(line, style.separator), cells, row, strict=True):
            if isinstance(value, str):
                assert raw.startswith('"') and raw.endswith('"') and cell == csv_text(value)
            elif value is None:
                assert raw == cell == "" or (raw == '""' and len(row) == 1)
            else:
                assert float(cell.replace(style.decimal_mark, ".")) == value and raw == cell


def split_fields(line: str, separator: str) -> list[str]:
    """The raw fields of one written line (quotes kept), split at separators outside quotes."""
    fields, current, quoted = [], "", False
    for ch in line.removesuffix("\r\n"):
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted:
            fields.append(current)
            current = ""
        else:
            current += ch
    return [*fields, current]
