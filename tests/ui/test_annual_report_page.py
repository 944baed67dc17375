"""The province page's annual report: the drafted assessment edited in place, kept with the year and
audited, frozen once the year closes, and printed in the Word report offered beside the other downloads."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx import Document

from reports.assessment_draft import SECTIONS
from reports.data import closed_year_date
from store import audit, report_texts, years
from store.access import SYSTEM_ACTOR
from store.seed import example_files, seed_files
from tests.conftest import present
from tests.ui.test_exports_audited import (  # noqa: F401 (fixtures: the page's download callables, a submission)
    downloads,
    submitted_with_file,
)

EDITED = "Nguyên nhân chính: hai tạp chí chưa có kinh phí cho tòa soạn hội tụ."


def _province(world, catalog) -> None:
    files = example_files()
    seed_files(world, catalog, {2024: files[2024], 2025: files[2025]}, open_years=[2025])


def _page(app, year: int = 2025):
    at = app("so")
    at.session_state["year"] = year
    at.session_state["report_document"] = True  # the assessment's editor, opened
    at.run()
    assert not at.exception, at.exception
    return at


def _boxes(at) -> dict[str, Any]:
    return {s: next(a for a in at.text_area if a.key.startswith(f"report_text_2025_vi_{s}_")) for s in SECTIONS}


def test_a_met_indicator_lacks_a_dash_on_the_page(app, world, catalog) -> None:
    _province(world, catalog)
    table = _page(app).table[0].value.reset_index()
    met, gap = list(table["Đánh giá"]), list(table["Còn thiếu"])
    reached = ("Đạt", "Tạm tính: đủ mức trên các phiếu đã nộp")  # met, or met on what was sent so far
    assert any(m in reached for m in met)
    assert all(g == "—" for m, g in zip(met, gap, strict=True) if m in reached), list(zip(met, gap, strict=True))


def test_an_edited_section_is_kept_audited_and_printed(app, world, catalog, downloads) -> None:  # noqa: F811
    _province(world, catalog)
    at = _page(app)
    boxes = _boxes(at)
    assert boxes["achieved"].value.startswith("Năm 2025, ")
    assert not any(b.disabled for b in boxes.values())
    boxes["causes"].input(EDITED)
    next(b for b in at.button if "Lưu nội dung" in b.label).click()
    at.run()
    assert not at.exception, at.exception
    assert report_texts.get_report_texts(world, SYSTEM_ACTOR, 2025, "vi") == {"causes": EDITED}
    events = [e for e in audit.list_events(world, SYSTEM_ACTOR) if e.action == "report.text"]
    assert [(e.actor_name, present(e.detail)["section"]) for e in events] == [("so", "causes")]
    assert _boxes(at)["causes"].value == EDITED
    data = downloads["pressdx-bao-cao-2025.docx"]()
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert EDITED in paragraphs
    from tests.reports.conftest import pdf_pages, squash

    assert EDITED in squash(" ".join(pdf_pages(downloads["pressdx-bao-cao-2025.pdf"]())))  # the same content
    assert sorted(e.action for e in audit.list_events(world, SYSTEM_ACTOR) if e.action.startswith("export.")) == [
        "export.province_docx", "export.province_pdf"]


def test_a_closed_year_shows_its_text_and_refuses_edits(app, world, catalog) -> None:
    _province(world, catalog)
    report_texts.save_report_text(world, _reviewer(world), 2025, "vi", "causes", EDITED)
    years.set_year_open(world, SYSTEM_ACTOR, 2025, False)
    at = _page(app)
    boxes = _boxes(at)
    assert all(b.disabled for b in boxes.values())
    assert boxes["causes"].value == EDITED
    assert any("đã khóa sổ" in i.value for i in at.info)
    assert not any(b.label.startswith("Lưu nội dung") and not b.disabled for b in at.button)


def test_a_closed_years_word_report_is_the_same_file_twice(app, world, catalog, downloads) -> None:  # noqa: F811
    _province(world, catalog)
    report_texts.save_report_text(world, _reviewer(world), 2025, "vi", "causes", EDITED)
    years.set_year_open(world, SYSTEM_ACTOR, 2025, False)
    _page(app)
    first = downloads["pressdx-bao-cao-2025.docx"]()
    assert EDITED in [p.text for p in Document(io.BytesIO(first)).paragraphs]
    assert downloads["pressdx-bao-cao-2025.docx"]() == first
    closed = closed_year_date(present(years.get_year(world, SYSTEM_ACTOR, 2025)).closed_at)
    assert closed is not None
    # dated when the year closed, not when saved: the same file at every download, whenever it is made
    assert {i.date_time[:5] for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {closed.timetuple()[:5]}


def test_the_draft_is_made_only_while_the_editor_is_open(app, world, catalog, monkeypatch) -> None:
    """Drafting runs the what-if planner over every agency: a page view that does not edit pays nothing."""
    from reports import assessment_draft

    _province(world, catalog)
    calls = []
    original = assessment_draft.draft

    def counted(*a: Any, **k: Any) -> Any:
        calls.append(1)
        return original(*a, **k)

    monkeypatch.setattr(assessment_draft, "draft", counted)
    at = app("so")
    at.session_state["year"] = 2025
    at.run()
    assert not at.exception and not calls
    assert not [a for a in at.text_area if a.key.startswith("report_text_")]


def _reviewer(engine):
    from store.access import Actor, Role

    return Actor(user_id=None, username="so", display_name="so", role=Role.REVIEWER)


def test_the_pdfs_place_line_is_the_short_place_name(app, world, catalog, downloads, submitted_with_file) -> None:  # noqa: F811
    """Nghị định 30/2020 (docs/administrative-report-form.md) writes the place as "Vĩnh Long, ngày …",
    the short place name, not "Tỉnh Vĩnh Long, ngày …"."""
    from tests.reports.conftest import pdf_pages, squash

    _page(app)
    leader = app("lanh-dao-a")
    leader.switch_page("ui/screens/results.py").run()
    assert not leader.exception, leader.exception
    for name in ("pressdx-bao-cao-2025.pdf", "pressdx-bao-a-2025.pdf"):
        first = squash(pdf_pages(downloads[name]())[0])
        assert re.search(r"(?<!Tỉnh )Vĩnh Long, ngày \d\d tháng \d\d năm \d{4}", first), (name, first[:400])
        assert "Tỉnh Vĩnh Long, ngày" not in first, name
