"""An evidence link as a reader types it: "baovinhlong.vn/qd-01" is a web address without its
"https://", which browsers add by themselves; the tool adds it too rather than refusing the link."""

from __future__ import annotations

import re

# A scheme ("https:", "mailto:", "javascript:"): letters, then a colon not followed by a digit, which
# would be a port ("localhost:8080/…"), a host typed without its scheme.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")


def with_scheme(link: str) -> str:
    """`link` with "https://" in front when it names no scheme; any other link as it is, so one with a
    scheme that is not the web's is still refused by the checks that follow."""
    if not link or _SCHEME.match(link) or link.startswith("//"):
        return link
    return "https://" + link
