"""The address of a page one's role may not open says whom the page is for, in the reader's language,
instead of showing the home page without a word; the page itself still never runs for them."""

from __future__ import annotations

import pytest

from ui.i18n import t


def _open(at, url_path: str):
    """Open the page registered at `url_path`, as following a link to that address does."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize(("user", "url_path", "lang", "notice"), [
    ("lanh-dao-a", "campaign", "vi", "Trang này dành cho Sở."),
    ("lanh-dao-a", "campaign", "en", "This page is for the department."),
    ("lanh-dao-a", "admin_users", "vi", "Trang này dành cho quản trị hệ thống."),
    ("so", "admin_audit", "en", "This page is for the administrator."),
    ("so", "security", "vi", "Trang này dành cho lãnh đạo cơ quan báo chí."),
    ("quantri", "results", "en", "This page is for agency leaders."),
])
def test_a_page_of_another_role_says_whom_it_is_for(app, user, url_path, lang, notice):
    at = _open(app(user, lang), url_path)
    assert not at.exception, at.exception
    assert _warnings(at) == [notice]
    assert not at.title  # no page of theirs (the home page) drawn under the notice
    assert [link.proto.label for link in at.get("page_link")] == [t("not_for_role.home", lang)]
