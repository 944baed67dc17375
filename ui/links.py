"""A link to the sign-in and sign-out pages that opens in the same tab.

Streamlit opens every link button, page link to a URL and markdown link in a new tab. Signing in and
out are pages outside Streamlit (asgi.py, so that the session cookie stays HttpOnly); in a new tab,
the old one would go on showing the app as signed in (or out) until its next click, and a leader who
closed the new tab without confirming would stay signed in. A plain HTML anchor (`st.html`, sanitised,
not in a frame) navigates the tab itself; it is drawn to look like Streamlit's buttons.
"""

from __future__ import annotations

import html

import streamlit as st

_STYLE = ("display:inline-flex;align-items:center;min-height:2.5rem;padding:0.25rem 0.75rem;"
          "border:1px solid;border-radius:0.5rem;text-decoration:none;line-height:1.6;")


def same_tab(label: str, path: str, *, primary: bool = False, small: bool = False) -> None:
    """A button-like link to `path` on this site (never another site: the anchor keeps the tab);
    `small` in the sidebar, whose text is smaller than the page's."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"same_tab links a path on this site, not {path!r}")
    if primary:
        colors = f"background:{st.get_option('theme.primaryColor') or '#1d4ed8'};color:#fff;border-color:transparent;"
    else:
        colors = "background:transparent;color:inherit;border-color:rgba(49,51,63,0.2);"
    size = "font-size:0.875rem;" if small else ""
    st.html(f'<a href="{html.escape(path)}" style="{_STYLE}{colors}{size}">{html.escape(label)}</a>')


def sign_out_button(label: str, lang: str, proof: str) -> None:
    """Sign out in one click: a plain HTML form posting to /auth/logout (asgi.py), which ends the
    session and opens the sign-in page in this tab. It carries the session's sign-out proof in place
    of the sign-in page's CSRF token (whose cookie only /auth pages get). The language rides in the
    address: the sanitiser st.html uses drops a field named "lang", a name forms already have."""
    style = (f"{_STYLE}background:transparent;color:inherit;border-color:rgba(49,51,63,0.2);"
             "font-size:0.875rem;cursor:pointer;font-family:inherit")
    st.html(f'<form method="post" action="/auth/logout?lang={"en" if lang == "en" else "vi"}" style="margin:0">'
            f'<input type="hidden" name="proof" value="{html.escape(proof)}">'
            f'<button type="submit" style="{style}">{html.escape(label)}</button></form>')
