"""Two open years at once: a leader whose agency still owes the older one lands on it, told that the
newer one is open and given a way to it (and back); looking at a page starts no draft in the
department's campaign, saving an answer does."""

from __future__ import annotations

from scoring.answers import parse_answers
from store import assessments, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.conversion import to_stored
from tests.ui.conftest import complete_answers

LEADER = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")


def _campaign(app, year: int) -> dict[str, str]:
    at = app("so")
    at.session_state["year"] = year
    at.switch_page("ui/screens/campaign.py").run()
    assert not at.exception
    return {m.label: m.value for m in at.metric}


def test_a_leader_who_owes_this_year_lands_on_it_when_next_year_opens(app, world, catalog):
    years.create_year(world, SYSTEM_ACTOR, 2026)
    at = app("lanh-dao-a")
    assert at.title[0].value == "Tự đánh giá năm 2025"
    assert [i.value for i in at.info if "2026" in i.value] == ["Kỳ đánh giá năm 2026 cũng đã mở."]
    at.button(key="go_to_year_2026").click().run()
    assert at.title[0].value == "Tự đánh giá năm 2026"
    assert any("Phiếu năm 2025 vẫn chưa nộp" in w.value for w in at.warning)
    at.button(key="go_to_year_2025").click().run()
    assert at.title[0].value == "Tự đánh giá năm 2025"

    qn = catalog.questionnaire  # once 2025 is sent, the leader opens on 2026, with nothing more owed
    info = assessments.open_assessment(world, LEADER, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    answers = parse_answers(qn, complete_answers(qn))
    version = assessments.save_answers(world, LEADER, info.id, {k: to_stored(v) for k, v in answers.items()},
                                       info.row_version)
    assessments.submit(world, LEADER, info.id, version, qn.version, qn.content_hash)
    later = app("lanh-dao-a")
    assert later.title[0].value == "Tự đánh giá năm 2026"
    assert not [w for w in later.warning if "2025" in w.value]


def test_looking_at_pages_starts_no_draft_in_the_campaign(app, world):
    assert _campaign(app, 2025)["Đang soạn"] == "0"
    leader = app("lanh-dao-a")
    leader.switch_page("ui/screens/questions.py").run()
    assert not leader.exception
    counts = _campaign(app, 2025)
    assert (counts["Đang soạn"], counts["Chưa bắt đầu"]) == ("0", "2")
    leader.radio(key="q_agency_type").set_value("newspaper").run()
    counts = _campaign(app, 2025)
    assert (counts["Đang soạn"], counts["Chưa bắt đầu"]) == ("1", "1")
