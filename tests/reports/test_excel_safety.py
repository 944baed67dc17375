"""Formula injection: no text a user typed may reach a spreadsheet as something Excel would run."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports import xlsx
from reports.excel_safety import FORMULA_PREFIXES, csv_bytes, safe_cell, safe_text

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
