"""The audit trail as the administrator reads it: sign-in, failed sign-in, submit, return, reopen,
account changes and exports each appear with who, when and what; the page can filter but offers no
way to change or delete an entry, and nobody but the administrator can open it."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import accounts, assessments, audit, sessions
from store.access import SYSTEM_ACTOR, Actor, Role
from store.errors import LoginRefused
from store.records import StoredAnswer
from tests.ui.conftest import PASSWORD, ROOT

LEADER = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
REVIEWER = Actor(user_id=None, username="so", display_name="Sở", role=Role.REVIEWER)
EXPECTED = ["auth.login", "auth.login_failed", "assessment.submit", "assessment.return", "assessment.reopen",
            "assessment.resubmit", "user.create", "user.password_reset", "user.update", "export.agency_pdf",
            "export.province_xlsx"]


@pytest.fixture
def history(world, catalog):
    qn = catalog.questionnaire
    sessions.authenticate(world, "lanh-dao-a", PASSWORD, "10.0.0.7")
    with pytest.raises(LoginRefused):
        sessions.authenticate(world, "lanh-dao-a", "sai-mat-khau-roi", "10.0.0.66")
    info = assessments.open_assessment(world, LEADER, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    v = assessments.save_answers(world, LEADER, info.id, {"agency_type": StoredAnswer("newspaper")}, info.row_version)
    info = assessments.submit(world, LEADER, info.id, v, qn.version, qn.content_hash)
    info = assessments.return_for_correction(world, REVIEWER, info.id, "Bổ sung minh chứng")
    info = assessments.submit(world, LEADER, info.id, info.row_version, qn.version, qn.content_hash)
    assessments.reopen(world, SYSTEM_ACTOR, info.id, "nộp nhầm")
    user = next(u for u in accounts.list_users(world, SYSTEM_ACTOR) if u.username == "lanh-dao-b")
    accounts.reset_password(world, SYSTEM_ACTOR, user.id, "mat-khau-moi-dai-hon")
    accounts.update_user(world, SYSTEM_ACTOR, user.id, display_name="Lãnh đạo B")
    audit.record_export(world, LEADER, "agency_pdf", "bao-a", 2025)
    audit.record_export(world, REVIEWER, "province_xlsx", year=2025)
    return world


def test_every_kind_of_event_is_shown_with_who_when_and_what(app, history):
    at = app("quantri")
    at.switch_page("ui/screens/admin_audit.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns)[:5] == ["Thời điểm", "Người thực hiện", "Thao tác", "Mã thao tác", "Cơ quan"]
    actions = set(table["Mã thao tác"])
    assert set(EXPECTED) <= actions, set(EXPECTED) - actions
    rows = {r["Mã thao tác"]: r for r in table.to_dict("records")}
    assert rows["assessment.return"]["Thao tác"] == "Trả lại phiếu để chỉnh sửa"  # in words, the code beside it
    assert rows["assessment.return"]["Người thực hiện"] == "so"
    assert rows["assessment.return"]["Chi tiết"] == "Năm 2025, nhận xét: “Bổ sung minh chứng”."  # not a dict
    assert rows["auth.login_failed"]["Chi tiết"] == "Lý do: sai mật khẩu."
    assert rows["auth.login_failed"]["Địa chỉ"] == "10.0.0.66" and rows["auth.login_failed"]["Người thực hiện"] == "—"
    assert rows["export.agency_pdf"]["Cơ quan"] == "bao-a"
    assert all(r["Thời điểm"] for r in rows.values())
    assert "sai-mat-khau-roi" not in table.to_csv() and PASSWORD not in table.to_csv()  # never a password
    at.selectbox(key="au_action").set_value("assessment.reopen").run()
    assert set(at.dataframe[0].value["Mã thao tác"]) == {"assessment.reopen"}


def test_every_action_the_store_records_has_words(app):
    """An action without its words would show as its code on the audit page."""
    import re

    from ui.i18n import known

    recorded = set()
    for path in [*(ROOT / "store").glob("*.py"), ROOT / "asgi.py"]:
        recorded |= set(re.findall(r'"((?:agency|assessment|auth|database|file|user|year)\.[a-z_]+)"',
                                   path.read_text(encoding="utf-8")))
    recorded |= {f"export.{w}" for w in audit.AGENCY_EXPORTS | audit.PROVINCE_EXPORTS}
    assert len(recorded) > 30
    assert sorted(a for a in recorded if not known(f"audit.{a}")) == []


def test_the_page_offers_no_way_to_change_an_entry(app, history):
    at = app("quantri")
    at.switch_page("ui/screens/admin_audit.py").run()
    assert not at.button and not at.get("data_editor") and not at.get("form")
    source = Path(ROOT / "ui" / "screens" / "admin_audit.py").read_text()
    assert "data_editor" not in source and "transaction" not in source
    assert [n for n in dir(audit) if n.startswith(("update", "delete", "remove", "edit", "purge"))] == []


@pytest.mark.parametrize("who", ["lanh-dao-a", "so"])
def test_only_the_administrator_opens_it(app, history, who):
    at = app(who)
    with pytest.raises(ValueError):
        at.switch_page("ui/screens/admin_audit.py")


@pytest.mark.parametrize(("lang", "action", "detail", "sentence"), [
    ("vi", "year.create", {"open": True, "deadline": "2025-11-25"}, "Đang mở, hạn nộp 25/11/2025."),
    ("en", "year.create", {"open": False, "deadline": "2025-11-25"}, "Closed, deadline 2025-11-25."),
    ("vi", "agency.update", {"kind": "magazine", "media_types": ["print", "online"]},
     "Loại hình: Tạp chí, loại hình báo chí: Báo in, Báo điện tử."),
    ("en", "user.update", {"role": "agency", "agency_id": None}, "Role: Agency leader, agency —."),
    ("en", "auth.block_lift", {"kind": "pair", "username": "bvl", "client": "10.0.0.1"},
     "Block: An account, from one address, account bvl, address 10.0.0.1."),
    ("vi", "assessment.reopen", {"year": 2025, "from": "submitted", "reason": "nộp nhầm"},
     "Năm 2025, trước đó: Đã nộp, lý do: nộp nhầm."),
    ("en", "future.thing", {"weight": 3}, "Weight: 3."),  # a detail without words is still shown
])
def test_details_read_as_a_sentence_in_the_readers_language(lang, action, detail, sentence):
    from ui.audit_text import detail_sentence
    assert detail_sentence(action, detail, lang) == sentence


def test_the_page_shows_a_years_details_as_words_not_open_true(app, world):
    at = app("quantri", "en")
    at.switch_page("ui/screens/admin_audit.py").run()
    table = at.dataframe[0].value
    details = set(table[table["Action code"] == "year.create"]["Detail"])
    assert details == {"Closed, deadline 2024-11-25.", "Open, deadline 2025-11-25."}, details
