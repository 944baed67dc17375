"""Every public store function against every kind of actor, on agency A's data.

"own" is agency A's account, "other" agency B's, "none" nobody signed in. An allowed call must
succeed outright; a refused one must raise AccessDenied (and nothing else)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from store import (
    accounts,
    agencies,
    assessments,
    audit,
    downloads,
    evidence,
    province,
    report_texts,
    sessions,
    signin_blocks,
    stamps,
    years,
)
from store.access import AccessDenied, Actor
from store.records import StoredAnswer
from tests.conftest import World
from tests.store.helpers import PDF, QH, QV, draft_with_answer, submitted

SIGNED_IN = {"own", "other", "reviewer", "admin"}
VIEWERS = {"own", "reviewer", "admin"}

Op = Callable[[World, Actor | None, Any], object]


def _user_id(w: World) -> int:
    return w.agency_b.user_id  # type: ignore[return-value]


OPS: dict[str, tuple[Callable[[World], Any], Op, set[str]]] = {
    "create_agency": (
        lambda w: None,
        lambda w, a, c: agencies.create_agency(w.engine, a, "tap-chi-moi", "Tạp chí Mới", "magazine"),
        {"admin"},
    ),
    "update_agency": (
        lambda w: None,
        lambda w, a, c: agencies.update_agency(w.engine, a, w.agency_a_id, name="Báo Vĩnh Long mới"),
        {"admin"},
    ),
    "set_agency_active": (
        lambda w: None,
        lambda w, a, c: agencies.set_agency_active(w.engine, a, w.agency_a_id, False),
        {"admin"},
    ),
    "get_agency": (lambda w: None, lambda w, a, c: agencies.get_agency(w.engine, a, w.agency_a_id), VIEWERS),
    "list_agencies": (lambda w: None, lambda w, a, c: agencies.list_agencies(w.engine, a), SIGNED_IN),
    "create_year": (lambda w: None, lambda w, a, c: years.create_year(w.engine, a, 2027), {"admin"}),
    "set_year_open": (lambda w: None, lambda w, a, c: years.set_year_open(w.engine, a, w.year, False), {"admin"}),
    "set_deadline": (
        lambda w: None,
        lambda w, a, c: years.set_deadline(w.engine, a, w.year, date(2026, 12, 1)),
        {"admin"},
    ),
    "get_year": (lambda w: None, lambda w, a, c: years.get_year(w.engine, a, w.year), SIGNED_IN),
    "list_years": (lambda w: None, lambda w, a, c: years.list_years(w.engine, a), SIGNED_IN),
    "year_stamp": (lambda w: None, lambda w, a, c: stamps.year_stamp(w.engine, a, w.year), {"reviewer", "admin"}),
    "year_stamps": (
        lambda w: None,
        lambda w, a, c: stamps.year_stamps(w.engine, a, [w.year - 1, w.year]),
        {"reviewer", "admin"},
    ),
    "submission_counts": (
        lambda w: None,
        lambda w, a, c: stamps.submission_counts(w.engine, a),
        {"reviewer", "admin"},
    ),
    "create_user": (
        lambda w: None,
        lambda w, a, c: accounts.create_user(w.engine, a, "moi", "mat-khau-rat-dai", "reviewer"),
        {"admin"},
    ),
    "list_users": (lambda w: None, lambda w, a, c: accounts.list_users(w.engine, a), {"admin"}),
    "update_user": (
        lambda w: None,
        lambda w, a, c: accounts.update_user(w.engine, a, _user_id(w), display_name="Tên mới"),
        {"admin"},
    ),
    "set_user_active": (
        lambda w: None,
        lambda w, a, c: accounts.set_user_active(w.engine, a, _user_id(w), False),
        {"admin"},
    ),
    "reset_password": (
        lambda w: None,
        lambda w, a, c: accounts.reset_password(w.engine, a, _user_id(w), "mat-khau-moi-dai"),
        {"admin"},
    ),
    "change_password": (
        lambda w: None,
        lambda w, a, c: accounts.change_password(w.engine, a, w.password, "mat-khau-moi-dai"),
        SIGNED_IN,
    ),
    "set_language": (lambda w: None, lambda w, a, c: accounts.set_language(w.engine, a, "en"), SIGNED_IN),
    "list_blocks": (lambda w: None, lambda w, a, c: signin_blocks.list_blocks(w.engine, a), {"admin"}),
    "lift_block": (
        lambda w: None,
        lambda w, a, c: signin_blocks.lift_block(w.engine, a, "pair:203.0.113.7 bvl"),
        {"admin"},
    ),
    "list_events": (lambda w: None, lambda w, a, c: audit.list_events(w.engine, a), {"admin"}),
    "record_export": (
        lambda w: None,
        lambda w, a, c: audit.record_export(w.engine, a, "agency_pdf", w.agency_a_id, w.year),
        VIEWERS,
    ),
    "record_export[answers_yaml]": (
        lambda w: None,
        lambda w, a, c: audit.record_export(w.engine, a, "answers_yaml", w.agency_a_id, w.year),
        VIEWERS,
    ),
    "record_export[evidence_file]": (
        draft_with_answer,
        lambda w, a, c: audit.record_export(w.engine, a, "evidence_file", w.agency_a_id, w.year, f"file:{c.file_id}"),
        VIEWERS,
    ),
    "record_export[province_xlsx]": (
        lambda w: None,
        lambda w, a, c: audit.record_export(w.engine, a, "province_xlsx", year=w.year),
        {"reviewer", "admin"},
    ),
    "open_assessment": (
        lambda w: None,
        lambda w, a, c: assessments.open_assessment(w.engine, a, w.agency_a_id, w.year, QV, QH),
        VIEWERS,
    ),
    "get_assessment": (
        draft_with_answer,
        lambda w, a, c: assessments.get_assessment(w.engine, a, w.agency_a_id, w.year),
        VIEWERS,
    ),
    "get_assessment_by_id": (
        draft_with_answer,
        lambda w, a, c: assessments.get_assessment_by_id(w.engine, a, c.id),
        VIEWERS,
    ),
    "list_assessments": (draft_with_answer, lambda w, a, c: assessments.list_assessments(w.engine, a), SIGNED_IN),
    "load_answers": (draft_with_answer, lambda w, a, c: assessments.load_answers(w.engine, a, c.id), VIEWERS),
    "save_answers": (
        draft_with_answer,
        lambda w, a, c: assessments.save_answers(
            w.engine, a, c.id, {"cp_online_outlet": StoredAnswer(value="no")}, c.version
        ),
        {"own"},
    ),
    "submit": (
        draft_with_answer,
        lambda w, a, c: assessments.submit(w.engine, a, c.id, c.version, QV, QH),
        {"own"},
    ),
    "return_for_correction": (
        submitted,
        lambda w, a, c: assessments.return_for_correction(w.engine, a, c.id, "Bổ sung minh chứng"),
        {"reviewer"},
    ),
    "reopen": (submitted, lambda w, a, c: assessments.reopen(w.engine, a, c.id, "nộp nhầm"), {"admin"}),
    "copy_previous_year": (
        lambda w: assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH),
        lambda w, a, c: assessments.copy_previous_year(w.engine, a, c.id),
        {"own"},
    ),
    "attach_file": (
        draft_with_answer,
        lambda w, a, c: evidence.attach_file(w.engine, a, c.id, "cp_online_outlet", "b.pdf", None, PDF),
        {"own"},
    ),
    "list_files": (draft_with_answer, lambda w, a, c: evidence.list_files(w.engine, a, c.id), VIEWERS),
    "get_file": (draft_with_answer, lambda w, a, c: evidence.get_file(w.engine, a, c.file_id), VIEWERS),
    "delete_file": (draft_with_answer, lambda w, a, c: evidence.delete_file(w.engine, a, c.file_id), {"own"}),
    "issue_download": (
        lambda w: None,
        lambda w, a, c: downloads.issue_download(a, ("pressdx_sid", "t" * 43), b"x", lambda: a),
        SIGNED_IN,
    ),
    "province_rows": (
        lambda w: None,
        lambda w, a, c: province.province_rows(w.engine, a, w.year),
        {"reviewer", "admin"},
    ),
    "get_report_texts": (
        lambda w: None,
        lambda w, a, c: report_texts.get_report_texts(w.engine, a, w.year, "vi"),
        {"reviewer", "admin"},
    ),
    "save_report_text": (
        lambda w: None,
        lambda w, a, c: report_texts.save_report_text(w.engine, a, w.year, "vi", "causes", "Nguyên nhân."),
        {"reviewer"},
    ),
    "record_export[province_docx]": (
        lambda w: None,
        lambda w, a, c: audit.record_export(w.engine, a, "province_docx", year=w.year),
        {"reviewer", "admin"},
    ),
}


def _actor(w: World, who: str) -> Actor | None:
    return {"own": w.agency_a, "other": w.agency_b, "reviewer": w.reviewer, "admin": w.admin, "none": None}[who]


@pytest.mark.parametrize("who", ["own", "other", "reviewer", "admin", "none"])
@pytest.mark.parametrize("name", list(OPS))
def test_store_function_access(store_world: World, name: str, who: str) -> None:
    setup, call, allowed = OPS[name]
    context = setup(store_world)
    actor = _actor(store_world, who)
    if who in allowed:
        call(store_world, actor, context)
    else:
        with pytest.raises(AccessDenied):
            call(store_world, actor, context)


def test_every_public_function_is_in_the_matrix() -> None:
    modules = (accounts, agencies, assessments, audit, downloads, evidence, province, report_texts, sessions,
               signin_blocks, stamps, years)
    skip = {
        "record",
        "normalize_username",
        "idle_timeout",
        "token_hash",
        "sign_out_proof",  # a digest of the caller's own cookie
        "authenticate",
        "resolve_session",
        "actor_for_identity",  # like resolve_session: who is signing in, checked by the provider
        "end_session",
        "count_admins",
        "is_open",
        "default_deadline",
        "days_left",  # date arithmetic on what the caller already read
        "days_late",
        "answers_of",
        "load_for_edit",
        "agency_info",
        "redeem_download",  # who asks is the cookie, checked against the permit (tests/store/test_downloads.py)
        "as_recorded",  # like agency_info: a row to a value, no read
    }
    public = {
        name
        for module in modules
        for name, value in vars(module).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", "") == module.__name__
        and not isinstance(value, type)
        and name not in skip
    }
    covered = {name.split("[")[0] for name in OPS}
    assert public <= covered, f"add to the access matrix: {sorted(public - covered)}"


def test_agency_listings_show_only_the_own_agency(store_world: World) -> None:
    w = store_world
    draft_with_answer(w)
    assert [a.id for a in agencies.list_agencies(w.engine, w.agency_b)] == [w.agency_b_id]
    assert assessments.list_assessments(w.engine, w.agency_b) == []
    assert [a.agency_id for a in assessments.list_assessments(w.engine, w.agency_a)] == [w.agency_a_id]
    assert len(agencies.list_agencies(w.engine, w.reviewer)) == 2


def test_reviewer_and_admin_get_none_instead_of_creating(store_world: World) -> None:
    w = store_world
    for actor in (w.reviewer, w.admin):
        assert assessments.open_assessment(w.engine, actor, w.agency_a_id, w.year, QV, QH) is None
    assert assessments.list_assessments(w.engine, w.reviewer) == []
