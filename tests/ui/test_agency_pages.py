"""The agency leader's pages through AppTest: navigation by role, autosave, submit, results, language."""

from __future__ import annotations

import pytest

from scoring.answers import parse_answers
from store import assessments, years
from store.access import SYSTEM_ACTOR
from store.conversion import to_stored
from store.records import StoredAnswer
from tests.conftest import present
from tests.ui.conftest import complete_answers
from ui import md


def texts(at) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success",
                                  "warning", "error") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def stored(engine, agency="bao-a", year=2025):
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, agency, year)
    return info, (assessments.load_answers(engine, SYSTEM_ACTOR, info.id) if info else {})


def test_signed_out_sees_only_the_sign_in_page(app):
    at = app(None)
    assert not at.exception
    assert "Tự đánh giá mức độ chuyển đổi số báo chí" in texts(at)
    with pytest.raises(ValueError):
        at.switch_page("ui/screens/overview.py")


def test_agency_home_shows_its_own_agency_and_year(app):
    at = app("lanh-dao-a")
    assert not at.exception
    assert at.title[0].value == "Tự đánh giá năm 2025"
    assert "Báo A" in texts(at) and "Tạp chí B" not in texts(at)
    with pytest.raises(ValueError):
        at.switch_page("ui/screens/province.py")  # not registered for an agency leader


def test_the_home_pages_cards_link_each_page_by_its_navigation_name(app, catalog):
    """A card's link keeps to one line: with the full titles, "Đào tạo, bồi dưỡng về chuyển đổi số
    báo chí" was cut off in three columns; the navigation's names fit, and the page gives the full one."""
    at = app("lanh-dao-a")
    qn = catalog.questionnaire
    cards = [e.proto.label for e in at.get("page_link")][:1 + len(qn.domains)]  # three columns, read down
    assert sorted(cards) == sorted([qn.profile.short.vi, *(d.file.short.vi for d in qn.domains)])
    assert max(len(x) for x in cards) <= 30


@pytest.mark.parametrize(("now", "warned", "line"), [
    ("2025-10-01T03:00:00+00:00", False, "Hạn nộp: 25/11/2025 (còn 55 ngày)."),
    ("2025-11-20T03:00:00+00:00", True, "Hạn nộp: 25/11/2025 (còn 5 ngày)."),
    ("2025-11-25T16:59:00+00:00", True, "Hạn nộp: 25/11/2025 (còn 0 ngày)."),  # 23:59 in Việt Nam
    ("2025-11-25T17:00:00+00:00", True, "Hạn nộp 25/11/2025 đã qua 1 ngày."),  # 0:00 on the 26th there
])
def test_the_deadline_is_counted_in_vietnam_and_a_near_one_is_a_warning(app, monkeypatch, now, warned, line):
    """An unsent assessment is reminded in colour from a week before the deadline; the days are
    counted in Việt Nam's date, not the server's (a UTC server was a day behind from 0:00 to 7:00)."""
    from datetime import datetime

    from store import clock

    monkeypatch.setattr(clock, "now", lambda: datetime.fromisoformat(now))
    at = app("lanh-dao-a")
    warnings = [w.value for w in at.warning]
    captions = [c.value for c in at.caption]
    assert (line in warnings) is warned and (line in captions) is not warned, (warnings, captions)


def test_a_query_parameter_cannot_change_the_agency(app):
    at = app("lanh-dao-a")
    at.query_params["agency"] = "tap-chi-b"
    at.query_params["agency_id"] = "tap-chi-b"
    at.run()
    assert "Báo A" in texts(at) and "Tạp chí B" not in texts(at)


def test_each_answer_is_saved_at_once(app, world):
    at = app("lanh-dao-a")
    at.switch_page("ui/screens/questions.py").run()
    assert at.title[0].value == "Thông tin chung về cơ quan báo chí"
    at.radio(key="q_agency_type").set_value("newspaper").run()
    assert not at.exception
    _, rows = stored(world)
    assert rows["agency_type"].value == "newspaper"
    assert any("Đã lưu lúc" in c.value for c in at.caption)
    at.run()  # the answer redrew only its question; the browser still shows the rest, AppTest needs a run
    at.text_input(key="q_staff_total").input("40").run().run()  # (a second run: the whole page)
    at.text_input(key="q_staff_trained").input("55").run()  # more than the staff: refused, not saved
    _, rows = stored(world)
    assert rows["staff_total"].value == 40 and "staff_trained" not in rows
    refused = [e.value for e in at.error if "Chưa lưu" in e.value]
    assert len(refused) == 1 and "không thể lớn hơn" in refused[0]
    assert "(55" in refused[0] and "(40" in refused[0]  # the two numbers, not only the two questions
    at.run()  # a full run (another page and back, a language switch) shows the saved answer again...
    assert at.text_input(key="q_staff_trained").value == ""
    assert not [e.value for e in at.error if "Chưa lưu" in e.value]  # ...and no message about the refused one
    at.text_input(key="q_staff_trained").input("30").run().run()
    at.text_input(key="q_staff_total").input("20").run()  # the whole below its part: the whole is refused
    _, rows = stored(world)
    assert rows["staff_total"].value == 40 and rows["staff_trained"].value == 30
    refused = [e.value for e in at.error if "Chưa lưu" in e.value]
    assert len(refused) == 1 and refused[0].startswith('Chưa lưu: "Tổng số') and "không thể nhỏ hơn" in refused[0]
    # a fresh session (a closed tab, a restarted server) finds the answers where they were
    again = app("lanh-dao-a")
    again.switch_page("ui/screens/questions.py").run()
    assert again.radio(key="q_agency_type").value == "newspaper"
    assert again.text_input(key="q_staff_total").value == "40"


def test_submit_needs_every_required_answer_then_locks(app, world, catalog):
    at = app("lanh-dao-a")
    submit = at.button(key="submit")
    assert submit.disabled  # nothing answered yet
    info, _ = stored(world)
    answers = parse_answers(catalog.questionnaire, complete_answers(catalog.questionnaire))
    actor = _agency_actor(world)
    assessments.save_answers(world, actor, info.id, {k: to_stored(v) for k, v in answers.items()}, info.row_version)
    at.run()
    assert not at.button(key="submit").disabled
    at.button(key="submit").click().run()
    assert [w.value for w in at.warning if "Hạn nộp đã qua" in w.value and "nộp muộn" in w.value]  # 2025's
    at.button(key="confirm_submit").click().run()
    assert not at.exception
    info, _ = stored(world)
    assert info.status == "submitted"
    assert info.questionnaire_hash == catalog.questionnaire.content_hash
    assert "Đã nộp" in texts(at)
    at.run()  # sent: the deadline (past, in 2025) is only a grey line now
    assert not [w.value for w in at.warning if "Hạn nộp" in w.value]
    assert [c.value for c in at.caption if "Hạn nộp" in c.value]


def test_results_page_shows_index_level_and_indicators(app, world, catalog):
    at = app("lanh-dao-a")
    info, _ = stored(world)
    answers = parse_answers(catalog.questionnaire, complete_answers(catalog.questionnaire))
    assessments.save_answers(world, _agency_actor(world), info.id, {k: to_stored(v) for k, v in answers.items()},
                             info.row_version)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Chỉ số chuyển đổi số"] == "100,0" and metrics["Mức độ"] == "Xuất sắc"
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) >= 1
    domains = at.table[0].value  # written as the metrics write them: a decimal comma in Vietnamese
    assert list(domains["Chỉ số"]) == ["100,0"] * len(catalog.questionnaire.domains)
    assert set(domains["So với năm trước"]) == {"—"}  # no earlier year
    indicators = at.table[1].value  # whole sentences, wrapped: an interactive table cut them off
    plan = catalog.plan(None)
    assert list(indicators["Chỉ tiêu"]) == [md.escape(i.label.get("vi")) for i in plan.indicators]
    assert all(why.strip() for why in indicators["Vì sao"])


def test_language_toggle_switches_every_label(app):
    at = app("lanh-dao-a", lang="en")
    assert at.title[0].value == "Self-assessment 2025"
    at.switch_page("ui/screens/questions.py").run()
    assert at.title[0].value != "Thông tin chung về cơ quan báo chí"


def test_a_questions_sources_are_shown_in_the_pages_language(app):
    """Under each question, what grounds it: the document as issued, and in English its type and
    what in it (in English on English pages, not Vietnamese)."""
    import re

    from tests.ui.test_answer_page_evidence import _open_domain_page

    for lang, prefix, line in (("vi", "Căn cứ: ", "NĐ 85/2016/NĐ-CP (nguyên tắc, tiêu chí xác định cấp độ"),
                               ("en", "Based on: ", "Decree 85/2016/NĐ-CP (")):
        at = app("lanh-dao-a", lang=lang)
        _open_domain_page(at, "security")
        sources = [c.value.split(prefix, 1)[1] for c in at.caption if prefix in c.value]
        assert len(sources) >= 15 and any(line in s for s in sources), sources
        if lang == "en":  # only the documents' own symbols keep Vietnamese letters (QĐ, NĐ)
            vietnamese = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
            words = [re.sub(r"\S*\d\S*|\b[QN]Đ\b", "", s) for s in sources]
            assert not [w for w in words if vietnamese.search(w.lower())]


def _agency_actor(engine):
    from store.access import Actor, Role

    return Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")


def test_account_page_changes_the_password(app, world):
    from store import sessions
    from store.errors import LoginRefused

    at = app("lanh-dao-a")
    at.switch_page("ui/screens/account.py").run()
    assert not at.exception
    at.text_input(key="pw_old").input("mat-khau-thu-nghiem-2026")
    at.text_input(key="pw_new").input("mot-cum-tu-moi-de-nho")
    at.text_input(key="pw_again").input("mot-cum-tu-moi-de-nho")
    at.button(key="FormSubmitter:change_password-Đổi mật khẩu").click().run()
    assert any("Đã đổi mật khẩu" in s.value for s in at.success)
    assert sessions.authenticate(world, "lanh-dao-a", "mot-cum-tu-moi-de-nho", "apptest")
    with pytest.raises(LoginRefused):
        sessions.authenticate(world, "lanh-dao-a", "mat-khau-thu-nghiem-2026", "apptest")


def test_the_store_refuses_an_incomplete_submission(world, catalog):
    from store.errors import NotEditable

    actor = _agency_actor(world)
    qn = catalog.questionnaire
    info = assessments.open_assessment(world, actor, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    answers = parse_answers(qn, complete_answers(qn))
    answers.pop("cp_digital_share")
    version = assessments.save_answers(world, actor, info.id, {k: to_stored(v) for k, v in answers.items()},
                                       info.row_version)
    with pytest.raises(NotEditable, match=r"^incomplete$"):
        assessments.submit(world, actor, info.id, version, qn.version, qn.content_hash, questionnaire=qn)
    assert present(assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)).status == "draft"


def test_switching_the_year_shows_that_years_answers(app, world, catalog):
    """The answer widgets keep their keys across years: switching the year must draw the other year's
    answers, not leave this year's in the widgets."""
    qn = catalog.questionnaire
    actor = _agency_actor(world)
    years.set_year_open(world, SYSTEM_ACTOR, 2024, True)
    info = assessments.open_assessment(world, actor, "bao-a", 2024, qn.version, qn.content_hash)
    assert info is not None
    assessments.save_answers(world, actor, info.id, {"agency_type": StoredAnswer(value="magazine")}, info.row_version)
    years.set_year_open(world, SYSTEM_ACTOR, 2024, False)
    at = app("lanh-dao-a")
    at.switch_page("ui/screens/questions.py").run()
    at.radio(key="q_agency_type").set_value("newspaper").run()
    at.run()
    at.sidebar.selectbox(key="year").select(2024).run()
    assert at.radio(key="q_agency_type").value == "magazine"
    assert at.radio(key="q_agency_type").disabled  # a closed year: to read only
    at.sidebar.selectbox(key="year").select(2025).run()
    assert at.radio(key="q_agency_type").value == "newspaper"


def test_an_answer_missing_its_proof_is_advised_to_get_proof_not_to_build_the_thing(app, world, catalog):
    """'Yes' to a question whose proof is required but missing scores zero: the advice is to attach the
    proof, not to repeat the question's 'build it' advice beside 'now: Yes'."""
    at = app("lanh-dao-a")
    info, _ = stored(world)
    answers = parse_answers(catalog.questionnaire, complete_answers(catalog.questionnaire))
    rows: dict[str, StoredAnswer | None] = {k: to_stored(v) for k, v in answers.items()}
    rows["sec_policy"] = StoredAnswer(value="yes")  # no evidence
    assessments.save_answers(world, _agency_actor(world), info.id, rows, info.row_version)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    advice = [m.value for m in at.markdown if m.value.startswith("- **+")]
    assert len(advice) == 1 and "Bổ sung minh chứng" in advice[0], advice


def test_answers_lacking_proof_are_listed_under_their_page_with_its_link(app, world, catalog):
    """The list of answers that need evidence named no page and linked nowhere."""
    at = app("lanh-dao-a")  # opening the app starts the year's assessment
    info, _ = stored(world)
    answers = parse_answers(catalog.questionnaire, complete_answers(catalog.questionnaire))
    rows: dict[str, StoredAnswer | None] = {k: to_stored(v) for k, v in answers.items()}
    rows["sec_policy"] = StoredAnswer(value="yes")  # a required proof, missing
    assessments.save_answers(world, _agency_actor(world), info.id, rows, info.row_version)
    at.run()
    assert not at.exception
    box = next(e for e in at.expander if "cần minh chứng để được tính điểm" in e.label)
    links = [p.proto.label for p in box.get("page_link")]
    assert catalog.questionnaire.domain("security").file.title.get("vi") in links
    assert any("quy chế" in m.value for m in box.markdown)


def test_the_language_chosen_is_kept_in_the_address(app):
    """A reload opens the app in the language chosen (English here), not in Vietnamese again."""
    at = app("lanh-dao-a")
    assert "lang" not in at.query_params
    at.segmented_control(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en"
    at.switch_page("ui/screens/questions.py").run()  # another page keeps it
    assert "lang" in at.query_params
    at.segmented_control(key="lang").set_value("vi").run()
    assert "lang" not in at.query_params


def test_an_indicator_answer_without_its_required_proof_says_it_counts_once_proof_is_attached(app, world, catalog):
    """The index scored "approved level-3 dossier" 0 for lack of evidence while the indicators counted
    it and read "Đạt"."""
    at = app("lanh-dao-a")
    info, _ = stored(world)
    raw = complete_answers(catalog.questionnaire)
    raw["sec_level_dossier"] = raw["sec_level_dossier"]["value"]  # the answer, without its evidence
    answers = parse_answers(catalog.questionnaire, raw)
    assessments.save_answers(world, _agency_actor(world), info.id, {k: to_stored(v) for k, v in answers.items()},
                             info.row_version)
    at.switch_page("ui/screens/results.py").run()
    assert not at.exception
    indicators = at.table[1].value.set_index("Chỉ tiêu")
    security = indicators.loc[md.escape(catalog.plan(None).indicator("security_level3").label.get("vi"))]
    assert security["Kết quả"] == "Chưa đạt"
    assert "được tính khi có minh chứng" in security["Vì sao"]
    assert "được tính khi có minh chứng" not in indicators["Vì sao"].iloc[0]
