"""The role table itself, action by action."""

from __future__ import annotations

import pytest

from store.access import RULES, SYSTEM_ACTOR, AccessDenied, Action, Actor, Role, agency_scope, authorize, can
from ui.errors import error_text

OWN, OTHER = "bao-vinh-long", "dai-ptth-vinh-long"
AGENCY = Actor(3, "bvl", "A", Role.AGENCY, OWN)
REVIEWER = Actor(2, "sotttt", "S", Role.REVIEWER)
ADMIN = Actor(1, "admin", "Q", Role.ADMIN)

# who may do what: "own" = the agency account on its own agency; "other" = on another agency
EXPECTED: dict[Action, set[str]] = {
    Action.VIEW_AGENCY: {"own", "reviewer", "admin"},
    Action.VIEW_ASSESSMENT: {"own", "reviewer", "admin"},
    Action.EDIT_ASSESSMENT: {"own"},
    Action.SUBMIT: {"own"},
    Action.RETURN_SUBMISSION: {"reviewer"},
    Action.REOPEN_ASSESSMENT: {"admin"},
    Action.VIEW_PROVINCE: {"reviewer", "admin"},
    Action.EXPORT_PROVINCE: {"reviewer", "admin"},
    Action.EDIT_PROVINCE_REPORT: {"reviewer"},
    Action.VIEW_YEARS: {"own", "other", "reviewer", "admin"},
    Action.CHANGE_OWN_PASSWORD: {"own", "other", "reviewer", "admin"},
    Action.CHOOSE_OWN_LANGUAGE: {"own", "other", "reviewer", "admin"},
    Action.MANAGE_AGENCIES: {"admin"},
    Action.MANAGE_USERS: {"admin"},
    Action.MANAGE_YEARS: {"admin"},
    Action.VIEW_AUDIT: {"admin"},
}

CASES = {
    "own": (AGENCY, OWN),
    "other": (AGENCY, OTHER),
    "reviewer": (REVIEWER, OTHER),
    "admin": (ADMIN, OTHER),
    "none": (None, OWN),
}


def test_every_action_has_a_rule_and_an_expectation() -> None:
    assert set(RULES) == set(Action) == set(EXPECTED)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", list(CASES))
def test_authorize_matrix(action: Action, who: str) -> None:
    actor, agency_id = CASES[who]
    allowed = who in EXPECTED[action]
    assert can(actor, action, agency_id) is allowed
    if allowed:
        assert authorize(actor, action, agency_id) is actor
    else:
        with pytest.raises(AccessDenied) as refused:
            authorize(actor, action, agency_id)
        assert error_text(refused.value, "vi") and error_text(refused.value, "en") and refused.value.code


def test_agency_scoped_action_without_an_agency_is_refused_for_an_agency_account() -> None:
    with pytest.raises(AccessDenied, match=r"^other_agency$"):
        authorize(AGENCY, Action.VIEW_ASSESSMENT, None)


def test_signed_out_message_is_bilingual() -> None:
    with pytest.raises(AccessDenied) as refused:
        authorize(None, Action.VIEW_YEARS)
    assert refused.value.code == "signed_out"
    assert "đăng nhập" in error_text(refused.value, "vi")
    assert "sign in" in error_text(refused.value, "en")


def test_agency_scope_narrows_listings() -> None:
    assert agency_scope(AGENCY, Action.VIEW_ASSESSMENT) == OWN
    assert agency_scope(REVIEWER, Action.VIEW_ASSESSMENT) is None
    assert agency_scope(SYSTEM_ACTOR, Action.VIEW_ASSESSMENT) is None
    with pytest.raises(AccessDenied):
        agency_scope(None, Action.VIEW_ASSESSMENT)
