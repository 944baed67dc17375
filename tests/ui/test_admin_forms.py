"""The administrator's forms keep what was typed when the store refuses it, and empty themselves only
once it is saved; the new-agency form starts with no kind chosen and refuses media types that do not
fit the kind, in the reader's language."""

from __future__ import annotations

import pytest

from store import accounts, agencies
from store.access import SYSTEM_ACTOR


def _page(app, name: str, lang: str):
    at = app("quantri", lang)
    return at.switch_page(f"ui/screens/{name}.py").run()


def _form_submit(at, form: str):
    button = next(b for b in at.button if b.proto.form_id == form)
    return button.click().run()


@pytest.mark.parametrize(("lang", "refusal"), [("vi", "Mật khẩu"), ("en", "assword")])
def test_a_refused_account_keeps_every_field(app, world, lang, refusal):
    at = _page(app, "admin_users", lang)
    at.text_input(key="u_new_name").input("phong-vien")
    at.text_input(key="u_new_display").input("Phóng viên Mới")
    at.selectbox(key="u_new_role").select("reviewer")
    at.text_input(key="u_new_pw").input("ngan")
    at = _form_submit(at, "user_new")
    assert not at.exception
    assert [e.value for e in at.error] and refusal in at.error[0].value
    assert at.text_input(key="u_new_name").value == "phong-vien"
    assert at.text_input(key="u_new_display").value == "Phóng viên Mới"
    assert at.selectbox(key="u_new_role").value == "reviewer"
    assert at.text_input(key="u_new_pw").value == "ngan"
    at.text_input(key="u_new_pw").input("mat-khau-du-dai-2026")
    at = _form_submit(at, "user_new")
    assert not at.error
    assert "phong-vien" in {u.username for u in accounts.list_users(world, SYSTEM_ACTOR)}
    assert at.text_input(key="u_new_name").value == "" and at.text_input(key="u_new_pw").value == ""


@pytest.mark.parametrize(("lang", "refusal"), [
    ("vi", "Loại hình cơ quan này không thực hiện: Phát thanh, Truyền hình."),
    ("en", "This kind of agency does not operate: Radio, Television."),
])
def test_the_new_agency_form_starts_empty_and_refuses_a_magazine_with_radio_and_tv(app, world, lang, refusal):
    at = _page(app, "admin_agencies", lang)
    assert at.selectbox(key="ag_new_kind").value is None
    assert at.multiselect(key="ag_new_media").value == []
    at.text_input(key="ag_new_id").input("tap-chi-moi")
    at.text_input(key="ag_new_name").input("Tạp chí Mới")
    at.selectbox(key="ag_new_kind").select("magazine")
    at.multiselect(key="ag_new_media").select("print").select("radio").select("tv")
    at = _form_submit(at, "agency_new")
    assert [e.value for e in at.error] == [refusal]
    assert at.text_input(key="ag_new_id").value == "tap-chi-moi"
    assert at.selectbox(key="ag_new_kind").value == "magazine"
    assert at.multiselect(key="ag_new_media").value == ["print", "radio", "tv"]
    at.multiselect(key="ag_new_media").unselect("radio").unselect("tv")
    at = _form_submit(at, "agency_new")
    assert not at.error
    assert agencies.get_agency(world, SYSTEM_ACTOR, "tap-chi-moi").media_types == ("print",)
    assert at.text_input(key="ag_new_id").value == "" and at.selectbox(key="ag_new_kind").value is None


def test_a_new_agency_without_a_kind_is_asked_for_one(app, world):
    at = _page(app, "admin_agencies", "en")
    at.text_input(key="ag_new_id").input("bao-moi")
    at.text_input(key="ag_new_name").input("Báo Mới")
    at = _form_submit(at, "agency_new")
    assert [e.value for e in at.error] == ["Choose the kind of agency"]
    assert at.text_input(key="ag_new_name").value == "Báo Mới"
