"""An agency leader reaches no other agency's data: not on any page of theirs, not by query
parameters naming the other agency, its assessment or its file, not in any download; and the
department's pages are not theirs to open."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from store import assessments, evidence
from store.access import Actor, Role
from store.records import StoredAnswer
from tests.store.helpers import PDF

SECRET = "BÍ-MẬT-CỦA-B"
OTHER = Actor(user_id=None, username="lanh-dao-b", display_name="B", role=Role.AGENCY, agency_id="tap-chi-b")
AGENCY_PAGES = ["overview", "questions", "results", "account"]
DEPARTMENT_PAGES = ["province", "agencies_glance", "campaign", "agency_detail", "whatif", "admin_agencies",
                    "admin_users", "admin_years", "admin_audit"]


@pytest.fixture
def other_agency_data(world, catalog):
    qn = catalog.questionnaire
    info = assessments.open_assessment(world, OTHER, "tap-chi-b", 2025, qn.version, qn.content_hash)
    assert info is not None
    version = assessments.save_answers(world, OTHER, info.id, {
        "outlets": StoredAnswer(SECRET), "agency_type": StoredAnswer("magazine"),
        "cp_digital_share": StoredAnswer("p100", evidence_note=SECRET)}, info.row_version)
    file = evidence.attach_file(world, OTHER, info.id, "cp_digital_share", f"{SECRET}.pdf", None, PDF)
    assessments.submit(world, OTHER, info.id, version, qn.version, qn.content_hash)
    own = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
    mine = assessments.open_assessment(world, own, "bao-a", 2025, qn.version, qn.content_hash)
    assert mine is not None
    assessments.save_answers(world, own, mine.id, {"agency_type": StoredAnswer("newspaper")}, mine.row_version)
    return info.id, file.id


def everything_shown(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error",
                 "text", "code", "metric"):
        parts += [str(getattr(e, "value", "")) + str(getattr(e, "label", "")) for e in getattr(at, kind)]
    parts += [df.value.to_csv() for df in at.dataframe] + [str(t.value) for t in at.table]
    for kind in ("text_input", "text_area", "number_input", "radio", "selectbox", "multiselect", "button",
                 "download_button", "checkbox"):
        parts += [f"{getattr(w, 'label', '')} {getattr(w, 'value', '')}" for w in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("page", AGENCY_PAGES)
def test_no_page_of_a_leader_shows_another_agency(app, world, other_agency_data, monkeypatch, page):
    assessment_id, file_id = other_agency_data
    built: list = []
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, fn: Any, *a: Any, **k: Any) -> Any:
        built.append(fn)
        return original(self, fn, *a, **k)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    at = app("lanh-dao-a")
    for key, value in {"agency": "tap-chi-b", "agency_id": "tap-chi-b", "assessment": str(assessment_id),
                       "assessment_id": str(assessment_id), "file": str(file_id), "year": "2025",
                       "user": "lanh-dao-b"}.items():
        at.query_params[key] = value
    at.session_state["detail_agency"] = "tap-chi-b"  # a session key a department page would read
    at.switch_page(f"ui/screens/{page}.py").run()
    assert not at.exception, at.exception
    shown = everything_shown(at)
    assert "Báo A" in shown or page in ("questions", "account")
    assert "Tạp chí B" not in shown and "tap-chi-b" not in shown and SECRET not in shown
    assert built or page in ("questions", "account")
    for build in built:  # every download this page offers
        content = build()
        data = content.encode() if isinstance(content, str) else content
        assert SECRET.encode() not in data and "Tạp chí B".encode() not in data and b"tap-chi-b" not in data


@pytest.mark.parametrize("page", DEPARTMENT_PAGES)
def test_department_and_admin_pages_are_not_a_leaders(app, world, page):
    at = app("lanh-dao-a")
    with pytest.raises(ValueError):
        at.switch_page(f"ui/screens/{page}.py")
