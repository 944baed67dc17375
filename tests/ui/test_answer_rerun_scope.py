"""What an answer redraws. Each question is its own fragment: a plain answer reruns that question, and
the progress bar when the count moved (fast on the server and in the browser); an answer that shows
or hides a follow-up reruns the whole form, so the follow-up appears at once. AppTest's element tree
holds only what the last run drew, which is what these tests read."""

from __future__ import annotations

from store import assessments
from store.access import SYSTEM_ACTOR
from tests.conftest import present
from tests.ui.test_answer_page_evidence import _open_domain_page


def _radio_keys(at) -> set[str]:
    return {r.key for r in at.radio}


def test_a_plain_answer_redraws_its_question_and_the_progress_bar_only_when_the_count_moves(app, world):
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    everything = _radio_keys(at)
    assert len(everything) > 10 and at.sidebar.selectbox
    at.radio(key="q_sec_backup").set_value("yes").run()
    assert not at.exception
    assert _radio_keys(at) == {"q_sec_backup"}  # not the nineteen other questions
    assert [p.value for p in at.get("progress")]  # the bar is redrawn with the new count
    assert any("Đã lưu lúc" in c.value for c in at.caption)
    info = present(assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025))
    assert info is not None
    assert assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_backup"].value == "yes"
    at.run()  # a full run draws the page again, the answer in place
    assert _radio_keys(at) == everything and at.radio(key="q_sec_backup").value == "yes"
    at.radio(key="q_sec_backup").set_value("no").run()  # a changed answer: the count stays
    assert _radio_keys(at) == {"q_sec_backup"} and not at.get("progress")
    assert assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_backup"].value == "no"


def test_an_answer_that_shows_a_follow_up_redraws_the_form(app, world):
    at = app("lanh-dao-a")
    _open_domain_page(at, "data_ai")
    assert "q_dai_platform_users" not in _radio_keys(at)  # shown only once a central platform exists
    at.radio(key="q_dai_central_platform").set_value("l3").run()
    assert not at.exception
    keys = _radio_keys(at)
    assert "q_dai_platform_users" in keys and len(keys) > 2  # the whole form, the follow-up in it
    at.radio(key="q_dai_central_platform").set_value("l0").run()
    assert "q_dai_platform_users" not in _radio_keys(at) and len(_radio_keys(at)) > 2


def test_a_progress_count_follows_each_answer(app, world):
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    before = at.get("progress")[0].proto.text
    at.radio(key="q_sec_backup").set_value("yes").run()
    after = at.get("progress")[0].proto.text
    assert before != after, (before, after)


def test_a_full_run_looks_the_session_up_once_and_every_run_looks_again(app, world):
    """The sidebar, the navigation and the page all ask who is signed in: one lookup per run, never
    a copy kept from an earlier run (a sign-out between two clicks takes effect at the second)."""
    from unittest.mock import patch

    from store import sessions
    from ui import runtime

    at = app("lanh-dao-a")
    calls = []

    def counted(engine, token):
        calls.append(token)
        return sessions.resolve_session(engine, token)

    with patch.object(runtime, "resolve_session", counted):
        _open_domain_page(at, "security")
        assert len(calls) == 1
        at.run()
        assert len(calls) == 2
        sessions.end_session(world, calls[-1])
        at.run()
    assert not at.exception and not at.radio  # signed out: the sign-in page, no question
    assert [x.value for x in at.title] == ["Tự đánh giá mức độ chuyển đổi số báo chí"]  # the sign-in page


def test_not_applicable_asks_for_a_reason_then_saves_it(app, world):
    """Ticking N/A redraws the question with a reason box and saves nothing yet; the reason saves it as
    N/A (the progress bar counts it), and unticking brings the answer widget back."""
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    before = at.get("progress")[0].proto.text
    at.checkbox(key="na_sec_level_dossier").check().run()
    assert not at.exception
    assert any("Nhập lý do" in w.value for w in at.warning)  # pending, not saved
    info = present(assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025))
    assert info is not None
    assert "sec_level_dossier" not in assessments.load_answers(world, SYSTEM_ACTOR, info.id)
    at.text_input(key="nar_sec_level_dossier").input("Cơ quan chưa vận hành hệ thống cấp độ 3").run()
    assert not at.exception and not at.warning
    saved = assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_level_dossier"]
    assert saved.na_reason == "Cơ quan chưa vận hành hệ thống cấp độ 3" and saved.value is None
    assert at.get("progress")[0].proto.text != before
    at.run()
    assert at.radio(key="q_sec_level_dossier").disabled  # N/A: the answer itself is set aside
    at.checkbox(key="na_sec_level_dossier").uncheck().run()
    at.run()
    assert not at.radio(key="q_sec_level_dossier").disabled


def test_an_answer_set_aside_by_not_applicable_is_said_to_be_kept(app, world):
    """The earlier choice stays on the page, greyed, so that unticking N/A brings it back: a leader
    read it as both N/A and an answer. A line under it says which counts."""
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.radio(key="q_sec_level_dossier").set_value("drafting").run()
    at.checkbox(key="na_sec_level_dossier").check().run()
    at.text_input(key="nar_sec_level_dossier").input("Cơ quan chưa vận hành hệ thống cấp độ 3").run()
    at.run()
    assert at.radio(key="q_sec_level_dossier").disabled
    assert any("lựa chọn trước được giữ ở đây (không tính)" in c.value for c in at.caption)
    at.checkbox(key="na_sec_level_dossier").uncheck().run()
    at.run()
    assert at.radio(key="q_sec_level_dossier").value == "drafting"  # back, as the line said
    assert not any("lựa chọn trước được giữ" in c.value for c in at.caption)


def test_picking_none_beside_other_channels_keeps_the_one_just_picked(app, world):
    """“No digital channel of its own” cannot go with a channel: the click just made wins (it is not
    refused, with the pills showing both beside a "not saved" message)."""
    at = app("lanh-dao-a")
    _open_domain_page(at, "content_platforms")
    info = present(assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025))

    def pills():
        return next(w for w in at.get("button_group") if w.key == "q_cp_own_channels")

    def saved():
        return assessments.load_answers(world, SYSTEM_ACTOR, info.id)["cp_own_channels"].value

    pills().set_value(["website"]).run()
    at.run()
    pills().set_value(["website", "none"]).run()
    assert not at.error and saved() == ["none"] and pills().value == ["none"]
    pills().set_value(["none", "mobile_app"]).run()
    assert not at.error and saved() == ["mobile_app"] and pills().value == ["mobile_app"]
