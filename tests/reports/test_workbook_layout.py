"""Workbooks read on screen and print on paper: sheet names of whole words, headers in words over their
ids, landscape one page wide with the header on every page, the header of a list kept in view."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports import xlsx
from reports.agency import agency_xlsx
from reports.data import AgencyReport, ProvinceReport
from reports.excel_safety import safe_cell
from reports.province import province_xlsx
from reports.text import tr


def _books(province_report: ProvinceReport, agency_report: AgencyReport) -> list[tuple[str, Workbook]]:
    return [*((f"province {lang}", load_workbook(io.BytesIO(province_xlsx(province_report, lang))))
              for lang in ("vi", "en")),
            *((f"agency {lang}", load_workbook(io.BytesIO(agency_xlsx(agency_report, lang))))
              for lang in ("vi", "en"))]


@pytest.fixture(scope="module")
def books(province_report: ProvinceReport, agency_report: AgencyReport) -> list[tuple[str, Workbook]]:
    return _books(province_report, agency_report)


def test_a_sheet_name_is_its_place_and_whole_words() -> None:
    name = "Đài Phát thanh và Truyền hình Vĩnh Long [cơ quan]: số 1/2"
    assert xlsx.sheet_name(1, name) == "1 Đài Phát thanh và Truyền hình"  # 31 characters, "Vĩnh" next
    assert xlsx.sheet_name(12, name) == "12 Đài Phát thanh"  # not "Truyền" without its "hình", nor "và"
    assert xlsx.sheet_name(16, "Trung tâm Truyền thông đa phương tiện tỉnh") == "16 Trung tâm Truyền thông"
    assert xlsx.sheet_name(3, "Radio and Television Station of the Province") == "3 Radio and Television Station"
    assert xlsx.sheet_name(123, "x" * 40) == "123"
    assert xlsx.sheet_name(5, "Câu trả lời") == "5 Câu trả lời"
    wb = xlsx.new_workbook()
    a, b = xlsx.add_sheet(wb, name), xlsx.add_sheet(wb, name)
    assert (a.title, b.title) == ("1 Đài Phát thanh và Truyền hình", "2 Đài Phát thanh và Truyền hình")
    assert a["A1"].value == name


def test_every_sheet_is_named_by_its_place_and_whole_words_of_its_title(books) -> None:
    for label, wb in books:
        for place, ws in enumerate(wb.worksheets, start=1):
            index, _, words = ws.title.partition(" ")
            assert index == str(place) and len(ws.title) <= 31, (label, ws.title)
            assert ws["A1"].value, (label, ws.title)
            for word in words.split():
                assert word in re.split(r"[\s\[\]:*?/\\']+", f"{ws['A1'].value} {_short_names()}"), (label, ws.title)


def _short_names() -> str:
    import words

    short = [words.say(k, lang) for k in words.msgids("indicator_short.") for lang in ("vi", "en")]
    sheets = [tr(k, lang) for k in ("sh_summary", "sh_domains", "sh_indicators", "sh_answers", "sh_recos")
              for lang in ("vi", "en")]
    return " ".join(short + sheets)


def test_an_agency_sheet_keeps_the_agencys_full_name_in_a1(books, province_report: ProvinceReport) -> None:
    wb = dict(books)["province vi"]
    n_ind = len(province_report.plan.indicators)
    for agency, ws in zip(province_report.agencies, wb.worksheets[1 + n_ind:], strict=False):
        assert ws["A1"].value == safe_cell(agency.name)
        words = [w for w in re.split(r"[\s\[\]:*?/\\']+", agency.name) if w]
        assert ws.title.split()[1:] == words[:len(ws.title.split()) - 1], ws.title


def _tables(books: list[tuple[str, Workbook]]) -> list[tuple[str, Worksheet]]:
    """Every sheet with a table (an agency that sent nothing has only its facts)."""
    return [(label, ws) for label, wb in books for ws in wb.worksheets if ws.print_title_rows]


def _header(ws: Worksheet) -> tuple[int, int]:
    first, last = (int(n) for n in re.findall(r"\d+", ws.print_title_rows))
    return first, last


def test_every_table_has_words_over_ids_repeated_on_each_printed_page(books) -> None:
    tables = _tables(books)
    assert len(tables) > len(books) * 4
    for label, ws in tables:
        first, last = _header(ws)
        assert last == first + 1, (label, ws.title)
        words = [c.value for c in ws[first] if c.value is not None]
        ids = [c.value for c in ws[last] if c.value is not None]
        assert len(words) == len(ids) > 1, (label, ws.title)
        assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids), (label, ws.title, ids)
        assert not any(re.fullmatch(r"[a-z0-9_]+", w) for w in words), (label, ws.title, words)


def test_the_ids_are_the_same_in_both_languages_and_name_the_domains(books, province_report) -> None:
    by = dict(books)
    for kind in ("province", "agency"):
        for vi, en in zip(by[f"{kind} vi"].worksheets, by[f"{kind} en"].worksheets, strict=True):
            if not vi.print_title_rows:
                continue
            _, last = _header(vi)
            assert [c.value for c in vi[last]] == [c.value for c in en[last]], vi.title
    summary = by["province vi"].worksheets[0]
    ids = [c.value for c in summary[_header(summary)[1]]]
    assert {d.id for d in province_report.questionnaire.domains} <= set(ids)
    assert ids[:2] == ["agency_id", "agency_name"]


def test_every_sheet_prints_landscape_one_page_wide(books) -> None:
    for label, wb in books:
        for ws in wb.worksheets:
            setup = ws.page_setup
            assert setup.orientation == "landscape", (label, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (label, ws.title)
            assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, (label, ws.title)


def test_a_list_keeps_its_header_in_view_and_a_long_sheet_its_title(books) -> None:
    for label, ws in _tables(books):
        first, last = _header(ws)
        if first == xlsx.BODY_ROW:
            assert ws.freeze_panes == f"A{last + 1}", (label, ws.title)
        else:
            assert ws.freeze_panes == "A2", (label, ws.title)
    lists = [ws for _, ws in _tables(books) if _header(ws)[0] == xlsx.BODY_ROW]
    assert len(lists) >= 8  # every answers, domains, indicators and recommendations sheet
