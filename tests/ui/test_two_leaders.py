"""Two leaders of one agency answer at the same time, each in their own browser session: the later
save from a page that is out of date gets a clear conflict message naming who saved first, and the
first answer stays as it was (optimistic locking on the assessment's row version)."""

from __future__ import annotations

from store import accounts, assessments
from store.access import SYSTEM_ACTOR
from tests.ui.conftest import PASSWORD


def stored_value(engine, qid: str):
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    return assessments.load_answers(engine, SYSTEM_ACTOR, info.id)[qid].value


def test_the_second_save_gets_a_conflict_and_the_first_answer_stays(app, world):
    accounts.create_user(world, SYSTEM_ACTOR, "pho-a", PASSWORD, "agency", "bao-a", display_name="Phó giám đốc Lê C")
    first = app("lanh-dao-a")
    second = app("pho-a")
    for at in (first, second):
        at.switch_page("ui/screens/questions.py").run()
        assert not at.exception
    # both pages now hold the same version of the assessment; the first leader answers
    first.radio(key="q_agency_type").set_value("newspaper").run()
    assert stored_value(world, "agency_type") == "newspaper"
    first.run()  # (that answer redrew only its question: draw the whole page, as the browser shows it)
    # the second, on a page loaded before that save, answers the same question differently
    second.radio(key="q_agency_type").set_value("magazine").run()
    assert not second.exception
    errors = [e.value for e in second.error]
    assert len(errors) == 1, errors
    assert "lanh\\-dao\\-a" in errors[0] and "Thay đổi của bạn chưa được lưu" in errors[0], errors[0]
    assert stored_value(world, "agency_type") == "newspaper"  # never silently overwritten
    # reloading shows the colleague's answer; answering again then saves
    second.button(key="reload_conflict").click().run()
    assert second.radio(key="q_agency_type").value == "newspaper"
    second.radio(key="q_agency_type").set_value("magazine").run()
    assert not second.error
    assert stored_value(world, "agency_type") == "magazine"
    # and now the first leader's page is the stale one: a different question is refused too
    first.text_input(key="q_staff_total").input("40").run()
    assert [e.value for e in first.error] and "Phó giám đốc Lê C" in first.error[0].value
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    assert "staff_total" not in assessments.load_answers(world, SYSTEM_ACTOR, info.id)


def test_two_different_questions_from_fresh_pages_both_save(app, world):
    """No false conflicts: each save is made from a page that saw the latest version."""
    accounts.create_user(world, SYSTEM_ACTOR, "pho-a", PASSWORD, "agency", "bao-a", display_name="Phó A")
    first = app("lanh-dao-a")
    first.switch_page("ui/screens/questions.py").run()
    first.radio(key="q_agency_type").set_value("newspaper").run()
    second = app("pho-a")
    second.switch_page("ui/screens/questions.py").run()
    second.text_input(key="q_staff_total").input("35").run()
    assert not first.error and not second.error
    assert stored_value(world, "agency_type") == "newspaper" and stored_value(world, "staff_total") == 35


def test_a_page_opened_again_shows_a_colleagues_answers_without_a_conflict(app, world):
    """A full run (opening the page again, changing the year) reads the assessment's version: answers a
    colleague saved since replace the stale copy, so the next answer saves without a conflict."""
    accounts.create_user(world, SYSTEM_ACTOR, "pho-a", PASSWORD, "agency", "bao-a", display_name="Phó A")
    first, second = app("lanh-dao-a"), app("pho-a")
    for at in (first, second):
        at.switch_page("ui/screens/questions.py").run()
    first.radio(key="q_agency_type").set_value("newspaper").run()
    second.run()  # the page drawn again in full
    assert second.radio(key="q_agency_type").value == "newspaper"
    second.text_input(key="q_staff_total").input("35").run()
    assert not second.error
    assert stored_value(world, "agency_type") == "newspaper" and stored_value(world, "staff_total") == 35
