"""What a signed-in user sees at the address of a page their role may not open: whom the page is for,
and the way back to their own home page (the page itself is not registered for them and never runs)."""

from __future__ import annotations

import streamlit as st

from ui import runtime, shell
from ui.i18n import t

shell.require_actor()
lang = runtime.lang()
audience = shell.audience_of(st.session_state.get(shell.PAGE_KEY) or "")
st.warning(t(f"not_for_role.{audience or 'other'}", lang), icon=":material/block:")
shell.home_link(lang)
