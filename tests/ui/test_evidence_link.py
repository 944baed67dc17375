"""A link typed without "https://" gets it, on the page, in the store and in an answers file; a link
with another scheme is still refused."""

from __future__ import annotations

import pytest

from scoring.answers import parse_link
from scoring.invalid import Invalid
from scoring.links import with_scheme
from store import assessments
from store.access import SYSTEM_ACTOR
from store.errors import InvalidInput
from store.limits import clean_answer
from store.records import StoredAnswer
from tests.ui.test_answer_page_evidence import _open_domain_page


@pytest.mark.parametrize(("typed", "kept"), [
    ("baovinhlong.vn/qd-01", "https://baovinhlong.vn/qd-01"),
    ("www.baovinhlong.vn", "https://www.baovinhlong.vn"),
    ("localhost:8080/qd", "https://localhost:8080/qd"),
    ("http://a.vn/x", "http://a.vn/x"),
    ("https://a.vn/x", "https://a.vn/x"),
])
def test_a_web_address_without_its_scheme_gets_https(typed, kept):
    assert with_scheme(typed) == kept
    assert parse_link(typed) == kept
    assert clean_answer("q", StoredAnswer(value="yes", evidence_link=typed)).evidence_link == kept


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "mailto:so@vinhlong.gov.vn", "ftp://a.vn/x"])
def test_another_scheme_is_still_refused(typed):
    with pytest.raises(Invalid):
        parse_link(typed)
    with pytest.raises(InvalidInput):
        clean_answer("q", StoredAnswer(value="yes", evidence_link=typed))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_saves_and_shows_the_link_with_https(app, world, lang):
    at = app("lanh-dao-a", lang)
    _open_domain_page(at, "security")
    at.radio(key="q_sec_policy").set_value("yes").run()
    at.text_input(key="evl_sec_policy").input("baovinhlong.vn/qd-12").run()
    assert not at.exception and not at.error
    assert at.text_input(key="evl_sec_policy").value == "https://baovinhlong.vn/qd-12"
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    assert assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_policy"].evidence_link == \
        "https://baovinhlong.vn/qd-12"
