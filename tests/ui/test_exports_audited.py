"""Every download a page offers is recorded in the audit trail when it is made.

Streamlit builds a download's file on click, in the callable given to `st.download_button`; AppTest
cannot click through to it, so the test catches each callable as the page registers it (the one
seam: `MediaFileManager.add_deferred`, which Streamlit calls for every deferred download), calls it
as Streamlit would, and reads the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from scoring.answers import parse_answers
from store import assessments, audit, evidence
from store.access import SYSTEM_ACTOR, Actor, Role
from store.conversion import to_stored
from tests.store.helpers import PDF
from tests.ui.conftest import complete_answers

LEADER = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")


@pytest.fixture
def downloads(monkeypatch) -> Iterator[dict[str, Callable[[], object]]]:
    """File name → the callable that builds it, for the downloads of the last page run."""
    caught: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    yield caught


@pytest.fixture
def submitted_with_file(world, catalog):
    info = assessments.open_assessment(world, LEADER, "bao-a", 2025, catalog.questionnaire.version,
                                       catalog.questionnaire.content_hash)
    assert info is not None
    answers = parse_answers(catalog.questionnaire, complete_answers(catalog.questionnaire))
    version = assessments.save_answers(world, LEADER, info.id, {k: to_stored(v) for k, v in answers.items()},
                                       info.row_version)
    file = evidence.attach_file(world, LEADER, info.id, "agency_type", "quyet-dinh.pdf", None, PDF)
    info = assessments.get_assessment(world, LEADER, "bao-a", 2025)
    assert info is not None
    assessments.submit(world, LEADER, info.id, info.row_version, catalog.questionnaire.version,
                       catalog.questionnaire.content_hash)
    assert version
    return file


def exports(engine) -> list[tuple[str, str | None, str | None, dict | None]]:
    return [(e.action, e.actor_name, e.agency_id, e.detail)
            for e in audit.list_events(engine, SYSTEM_ACTOR, limit=1000) if e.action.startswith("export.")]


def test_the_agency_leaders_downloads_are_audited(app, world, submitted_with_file, downloads):
    at = app("lanh-dao-a")
    assert not at.exception
    assert exports(world) == []  # drawing a download button records nothing
    downloads["pressdx-bao-a-2025.yaml"]()
    assert exports(world) == [("export.answers_yaml", "lanh-dao-a", "bao-a", {"year": 2025})]
    downloads.clear()
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    assert set(downloads) == {"pressdx-bao-a-2025.pdf", "pressdx-bao-a-2025.xlsx", "pressdx-bao-a-2025.yaml"}
    for name in sorted(downloads):
        data = downloads[name]()
        assert isinstance(data, bytes) and data
    assert sorted(a for a, *_ in exports(world)) == [
        "export.agency_pdf", "export.agency_xlsx", "export.answers_yaml", "export.answers_yaml"]
    assert {(who, agency) for _, who, agency, _ in exports(world)} == {("lanh-dao-a", "bao-a")}


def test_the_departments_downloads_are_audited(app, world, submitted_with_file, downloads):
    at = app("so")
    at.session_state["year"] = 2025
    at.run()
    assert not at.exception
    assert set(downloads) == {"pressdx-bao-cao-2025.xlsx", "pressdx-bao-cao-2025.pdf", "pressdx-diem-2025.csv",
                              "pressdx-diem-2025-excel-vn.csv", "pressdx-bao-cao-2025.docx"}
    for name in sorted(downloads):
        assert downloads[name]()
    downloads.clear()
    at.switch_page("ui/screens/agency_detail.py").run()
    assert not at.exception
    assert downloads["quyet-dinh.pdf"]() == PDF
    events = audit.list_events(world, SYSTEM_ACTOR, limit=1000)
    assert sorted((e.action, e.actor_name, e.agency_id) for e in events if e.action.startswith("export.")) == [
        ("export.evidence_file", "so", "bao-a"),
        ("export.province_csv", "so", None),
        ("export.province_csv_vn", "so", None),
        ("export.province_docx", "so", None),
        ("export.province_pdf", "so", None),
        ("export.province_xlsx", "so", None),
    ]
    file_event = next(e for e in events if e.action == "export.evidence_file")
    assert file_event.target == f"file:{submitted_with_file.id}"


def test_a_download_clicked_after_the_right_was_lost_is_refused_and_not_recorded(app, world, downloads):
    """The file is built on click, later than the page: who is acting is looked up again then."""
    from store import accounts, sessions
    from store.errors import AccessDenied

    at = app("so")
    at.session_state["year"] = 2025
    at.run()
    reviewer = next(u for u in accounts.list_users(world, SYSTEM_ACTOR) if u.username == "so")
    accounts.update_user(world, SYSTEM_ACTOR, reviewer.id, role="agency", agency_id="tap-chi-b")
    with pytest.raises(AccessDenied):
        downloads["pressdx-bao-cao-2025.pdf"]()

    leader = app("lanh-dao-a")
    downloads["pressdx-bao-a-2025.yaml"]()
    sessions.end_session(world, leader.session_state["__test_cookie"])
    with pytest.raises(AccessDenied):
        downloads["pressdx-bao-a-2025.yaml"]()
    assert exports(world) == [("export.answers_yaml", "lanh-dao-a", "bao-a", {"year": 2025})]


def test_the_departments_downloads_follow_the_pages_language(app, world, submitted_with_file, downloads):
    """The scores CSV was Vietnamese on the English page, beside an English PDF and workbook."""
    import csv
    import io

    at = app("so", lang="en")
    at.session_state["year"] = 2025
    at.run()
    assert not at.exception
    rows = list(csv.reader(io.StringIO(downloads["pressdx-diem-2025.csv"]().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Agency id", "Agency name", "Status"], rows[0]
    data = downloads["pressdx-diem-2025-excel-vn.csv"]()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Agency id", "Agency name", "Status"], rows[0]
    labels = {b.key: b.label for b in at.get("download_button")}
    assert labels["dl_province_csv_vn"] == "Agency scores (CSV for Vietnamese Excel)"


def test_the_vietnamese_excel_csv_is_offered_in_vietnamese(app, world, submitted_with_file, downloads):
    import csv
    import io

    at = app("so")
    at.session_state["year"] = 2025
    at.run()
    labels = {b.key: b.label for b in at.get("download_button")}
    assert labels["dl_province_csv_vn"] == "Điểm các cơ quan (CSV cho Excel tiếng Việt)"
    rows = list(csv.reader(io.StringIO(downloads["pressdx-diem-2025-excel-vn.csv"]().decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:3] == ["Mã cơ quan", "Tên cơ quan", "Trạng thái"]
    [agency] = [r for r in rows[1:] if r[0] == "bao-a"]
    assert agency[3] and "." not in agency[3]  # its index, with a decimal comma if it has decimals
