"""The department's edits of its annual report: kept with the year, audited, frozen once it closes."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from store import audit, db, report_texts, years
from store.access import SYSTEM_ACTOR
from store.errors import InvalidInput, NotEditable
from tests.conftest import World, present
from tests.store.helpers import as_numbered


def test_an_edit_round_trips_per_year_and_language_and_is_audited(store_world: World) -> None:
    w = store_world
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "vi") == {}
    wording = "Kết quả đạt được: 7/8 chỉ tiêu.\nDòng thứ hai, có dấu tiếng Việt."
    assert report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "achieved", wording)
    assert not report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "achieved", wording + "  ")
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "vi") == {"achieved": wording}
    assert report_texts.get_report_texts(w.engine, w.admin, w.year, "vi") == {"achieved": wording}
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "en") == {}
    report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "achieved", "Sửa lần hai.")
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "vi") == {"achieved": "Sửa lần hai."}
    report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "achieved", "  ")  # back to the draft
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "vi") == {}
    events = [e for e in audit.list_events(w.engine, w.admin) if e.action.startswith("report.")]
    assert sorted(e.action for e in events) == ["report.text", "report.text", "report.text_reset"]
    assert all(e.actor_name == "sotttt" and e.target == f"year:{w.year}" for e in events)
    assert {present(e.detail)["section"] for e in events} == {"achieved"}


def test_a_closed_year_refuses_edits_and_keeps_its_text(store_world: World) -> None:
    w = store_world
    report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "causes", "Nguyên nhân đã viết.")
    years.set_year_open(w.engine, w.admin, w.year, False)
    with pytest.raises(NotEditable):
        report_texts.save_report_text(w.engine, w.reviewer, w.year, "vi", "causes", "Sửa sau khi khóa.")
    with pytest.raises(NotEditable):
        report_texts.save_report_text(w.engine, w.reviewer, w.closed_year, "vi", "causes", "Năm cũ.")
    with pytest.raises(NotEditable):
        report_texts.save_report_text(w.engine, w.reviewer, 2031, "vi", "causes", "Năm chưa có.")
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "vi") == {"causes": "Nguyên nhân đã viết."}


@pytest.mark.parametrize(("lang", "section", "body"), [
    ("fr", "causes", "x"), ("vi", "Causes; DROP", "x"), ("vi", "causes", "x" * 20001), ("vi", "causes", "a\ud800b"),
])
def test_bad_sections_and_texts_are_refused(store_world: World, lang: str, section: str, body: str) -> None:
    with pytest.raises(InvalidInput):
        report_texts.save_report_text(store_world.engine, store_world.reviewer, store_world.year, lang, section, body)


def test_a_database_made_before_the_table_upgrades_and_keeps_its_data(store_world: World) -> None:
    w = store_world
    as_numbered(w.engine, 3)  # the hand-written upgrades' number before report_texts (revision 0004)
    assert "report_texts" not in inspect(w.engine).get_table_names()
    assert db.init_db(w.engine) == db.head_revision()
    assert [y.year for y in years.list_years(w.engine, SYSTEM_ACTOR)] == [w.year, w.closed_year]
    report_texts.save_report_text(w.engine, w.reviewer, w.year, "en", "proposals", "Proposals, edited.")
    assert report_texts.get_report_texts(w.engine, w.reviewer, w.year, "en") == {"proposals": "Proposals, edited."}
