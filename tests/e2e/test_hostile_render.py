"""In a real browser, text people typed is shown as they typed it: an agency name, a display name and
a return comment holding Markdown links, images, HTML and script render as plain text — no link, no
image, no element of theirs in the page, and no stray escape characters either."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog

from store import accounts, agencies, assessments, db, years
from store.access import SYSTEM_ACTOR, Actor, Role
from tests.conftest import present
from ui.chrome import GUARD_KEY
from ui.md import WORD_JOINER

from .flows import sign_in

pytestmark = pytest.mark.e2e

LEADER = "bao-vinh-long"
NAME = "Báo [Vĩnh Long](https://evil.example/a) ![ảnh](https://evil.example/p.png) <b>đậm</b> :red[đỏ]"
DISPLAY = "<img src=x onerror=alert(1)> *Nguyễn* _Văn_ `A`"
COMMENT = "Bổ sung <script>alert(2)</script> tại [đây](javascript:alert(3)) # ngay"


@pytest.fixture
def hostile_server(start_server):
    server = start_server({"PRESSDX_DEMO": "1"}, start=False)
    server.manage("seed-demo")
    engine = db.get_engine(server.env["DATABASE_URL"])
    try:
        agencies.update_agency(engine, SYSTEM_ACTOR, LEADER, name=NAME)
        user = next(u for u in accounts.list_users(engine, SYSTEM_ACTOR) if u.username == LEADER)
        accounts.update_user(engine, SYSTEM_ACTOR, user.id, display_name=DISPLAY)
        year = max(y.year for y in years.list_years(engine, SYSTEM_ACTOR) if y.is_open)
        info = assessments.get_assessment(engine, SYSTEM_ACTOR, LEADER, year)
        assert info is not None
        leader = Actor(user_id=None, username=LEADER, display_name="BVL", role=Role.AGENCY, agency_id=LEADER)
        info = assessments.submit(engine, leader, info.id, info.row_version, present(info.questionnaire_version),
                                  present(info.questionnaire_hash))
        reviewer = Actor(user_id=None, username="so", display_name="Sở", role=Role.REVIEWER)
        assessments.return_for_correction(engine, reviewer, info.id, COMMENT)
    finally:
        db.dispose_engines()
    return server.start()


def test_typed_markup_is_shown_as_text(hostile_server, page):
    dialogs: list[str] = []

    def refused(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", refused)
    sign_in(page, hostile_server, LEADER)
    shown = page.get_by_test_id("stMain").inner_text().replace(WORD_JOINER, "")  # invisible, see ui/md.py
    in_sidebar = page.get_by_test_id("stSidebar").inner_text().replace(WORD_JOINER, "")
    assert NAME in shown and COMMENT in shown, shown[:800]
    assert DISPLAY in in_sidebar
    assert page.locator("a[href*='evil.example'], a[href^='javascript']").count() == 0
    assert page.locator("img[src*='evil.example'], img[src='x']").count() == 0
    assert page.locator("[data-testid='stMain'] b").count() == 0
    # the only script in the page is the app's own guard against leaving a field unsaved (ui/chrome.py)
    scripts = page.locator("[data-testid='stMain'] script")
    assert scripts.count() == page.locator(f".st-key-{GUARD_KEY} script").count() == 1
    assert "alert" not in scripts.first.inner_html()
    assert "\\" not in shown and "\\" not in in_sidebar  # no stray escape characters
    assert dialogs == []

