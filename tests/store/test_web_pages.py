"""The web entry's pages come from Jinja2 templates that escape every value put into them."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from store.demo import DemoAccount
from webentry import pages

HOSTILE = '"><script>alert(1)</script>'


def login(**overrides: object) -> str:
    context: dict[str, object] = dict(switch="/auth/login?lang=en", other="en", error="", info="", token="t",
                                      lang_chosen=False, next_path="/", username="", demo=())
    return pages.render("login.html", "vi", **{**context, **overrides})


def test_every_value_is_escaped():
    page = login(username=HOSTILE, error=HOSTILE, next_path=HOSTILE, switch=HOSTILE)
    assert "<script>" not in page and page.count("&lt;script&gt;") == 4


def test_a_demo_password_is_escaped_inside_the_markup_its_message_wraps_around_it():
    account = DemoAccount(username="a<b", password=HOSTILE, role="agency", agency_id=None, label_vi="Báo <i>",
                          label_en="Paper")
    page = login(demo=(account,))
    assert "<code>&#34;&gt;&lt;script&gt;" in page and "Báo &lt;i&gt;" in page and "<code>a&lt;b</code>" in page
    assert pages.say_markup("web.demo", "en", password=Markup("<b>x</b>")) == \
        "Demo accounts (shared password: <b>x</b>)"


def test_a_value_the_template_needs_and_is_not_given_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        pages.render("logout.html", "vi")
