"""The same-tab link (ui/links.py) keeps to this site's paths: it is drawn as raw HTML."""

from __future__ import annotations

import pytest

from ui.links import same_tab


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/auth", "javascript:alert(1)", "auth/login"])
def test_a_same_tab_link_goes_nowhere_but_this_site(target):
    with pytest.raises(ValueError):
        same_tab("Đăng nhập", target)
