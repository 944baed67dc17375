"""A closed year does not move: after the administrator renames an agency and adds one, the closed
year's pages show the agencies and names it closed with, and its reports download byte for byte as
before. Closing asks for confirmation first, and the audit trail reads a rename as old → new."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from store import agencies, audit, years
from store.access import SYSTEM_ACTOR
from store.seed import example_files, seed_files
from tests.conftest import present

CLOSED = 2024  # the sample province's closed year; 2025 is open
FILES = (f"pressdx-bao-cao-{CLOSED}.pdf", f"pressdx-bao-cao-{CLOSED}.xlsx", f"pressdx-diem-{CLOSED}.csv")


@pytest.fixture
def province(world, catalog):
    """The sample province of examples/: 2024 submitted and closed, 2025 open."""
    files = example_files()
    seed_files(world, catalog, {2024: files[2024], 2025: files[2025]}, open_years=[2025])
    return world


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Callable[[], object]]:
    """File name → the callable that builds it (Streamlit builds a download's file on click)."""
    caught: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return caught


def _province_page(app, year: int, downloads: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The province page's metrics, and the sha256 of each of its three downloads."""
    downloads.clear()
    at = app("so")
    at.session_state["year"] = year
    at.run()
    assert not at.exception
    hashes = {name: hashlib.sha256(downloads[name]()).hexdigest() for name in FILES if year == CLOSED}
    return {m.label: m.value for m in at.metric}, hashes


def _campaign_names(app, year: int) -> list[str]:
    at = app("so")
    at.session_state["year"] = year
    at.switch_page("ui/screens/campaign.py").run()
    return list(at.dataframe[0].value["Cơ quan"])


def _admin_edits(app) -> None:
    """Through the admin's own page: rename Báo Vĩnh Long, add a magazine."""
    at = app("quantri")
    at.switch_page("ui/screens/admin_agencies.py").run()
    at.selectbox(key="ag_edit_id").set_value("bao-vinh-long").run()
    at.text_input(key="ag_name_bao-vinh-long").input("Báo và Phát thanh Vĩnh Long")
    at.button(key="FormSubmitter:agency_edit-Lưu").click().run()
    assert not at.exception and not at.error
    at.text_input(key="ag_new_id").input("tap-chi-moi")
    at.text_input(key="ag_new_name").input("Tạp chí Mới")
    at.selectbox(key="ag_new_kind").select("magazine")  # the form starts with no kind chosen
    at.button(key="FormSubmitter:agency_new-Tạo").click().run()
    assert not at.exception and not at.error


def test_a_closed_years_pages_and_reports_do_not_move_when_agencies_change(app, province, downloads):
    metrics, hashes = _province_page(app, CLOSED, downloads)
    names = _campaign_names(app, CLOSED)
    assert "Báo Vĩnh Long" in names and len(hashes) == 3
    _admin_edits(app)
    assert _province_page(app, CLOSED, downloads) == (metrics, hashes)
    assert _campaign_names(app, CLOSED) == names
    now = _campaign_names(app, 2025)  # the open year shows the agencies as they are
    assert {"Báo và Phát thanh Vĩnh Long", "Tạp chí Mới"} <= set(now) and "Báo Vĩnh Long" not in now
    rename = audit.list_events(province, SYSTEM_ACTOR, action="agency.update")[0]
    assert rename.detail == {"name": {"old": "Báo Vĩnh Long", "new": "Báo và Phát thanh Vĩnh Long"}}
    at = app("quantri")
    at.switch_page("ui/screens/admin_audit.py").run()
    shown = at.dataframe[0].value.set_index("Mã thao tác").loc["agency.update", "Chi tiết"]
    assert shown == "Tên: Báo Vĩnh Long → Báo và Phát thanh Vĩnh Long."


def test_a_leader_reads_a_closed_year_under_the_name_it_closed_with(app, world):
    agencies.update_agency(world, SYSTEM_ACTOR, "bao-a", name="Báo A Mới")
    at = app("lanh-dao-a")
    assert "Báo A Mới" in [c.value for c in at.caption]
    at.sidebar.selectbox(key="year").select(CLOSED).run()
    assert "Báo A" in [c.value for c in at.caption] and "Báo A Mới" not in [c.value for c in at.caption]
    at.switch_page("ui/screens/results.py").run()
    assert "Báo A" in [c.value for c in at.caption]


def test_closing_a_year_asks_first(app, world):
    at = app("quantri")
    at.switch_page("ui/screens/admin_years.py").run()
    at.selectbox(key="y_edit").set_value(2025).run()
    at.button(key="y_toggle_2025").click().run()
    assert not at.exception
    assert any("Đóng năm đánh giá 2025?" in m.value for m in at.markdown)
    assert present(years.get_year(world, SYSTEM_ACTOR, 2025)).is_open  # asked, not done
    at.button(key="cancel_year").click().run()
    assert present(years.get_year(world, SYSTEM_ACTOR, 2025)).is_open
    at.button(key="y_toggle_2025").click().run()
    at.button(key="confirm_year").click().run()
    assert not at.exception
    closed = years.get_year(world, SYSTEM_ACTOR, 2025)
    assert closed is not None
    assert not closed.is_open and closed.closed_at is not None
    assert any(s.value == "Đã đóng năm 2025." for s in at.success)
    assert [e.detail for e in audit.list_events(world, SYSTEM_ACTOR, action="year.close")] == [{"agencies_recorded": 2}]


@pytest.mark.parametrize(("lang", "closed_line", "provisional"), [
    ("vi", "Năm 2024 đã đóng với 0/2 cơ quan nộp phiếu: số liệu đã chốt", "Kết quả tạm tính"),
    ("en", "2024 closed with 0 of 2 agencies submitted: the figures are final", "Provisional"),
])
def test_a_closed_years_province_page_says_its_figures_are_final_not_provisional(
        app, world, lang, closed_line, provisional):
    """A closed year takes no more submissions: the page called its figures provisional all the same."""
    at = app("so", lang)
    at.sidebar.selectbox(key="year").select(2024).run()
    assert not at.exception
    said = [w.value for w in at.warning] + [i.value for i in at.info]
    assert not any(s.startswith(provisional) for s in said)
    assert any(s.startswith(closed_line) for s in said), said
    verdicts = " ".join(str(v) for v in at.table[0].value.reset_index().iloc[:, 4])
    assert "Tạm tính" not in verdicts and "Provisional" not in verdicts
