"""The audit trail, read-only: who did what and when (sign-ins, failed sign-ins, submissions, returns,
account and agency changes, exports). There is no way to edit or delete an entry from the app."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from store import audit
from ui import runtime, shell
from ui.audit_text import detail_sentence
from ui.i18n import known, msgids, t

PAGE = 100


def action_text(code: str, lang: str) -> str:
    """What the action is, in words; an action the catalogue does not know is shown by its code."""
    return t(f"audit.{code}", lang) if known(f"audit.{code}") else code


FILTER_MAX = 64  # a username: the audit column holds no more
ACTIONS = sorted(k.removeprefix("audit.") for k in msgids("audit."))

actor = shell.require_actor()
lang = runtime.lang()
st.title(t("admin.audit_title", lang))
c1, c2, c3 = st.columns(3)
# Chosen by what it is, not typed as a code (the options are codes: a language switch keeps the choice)
action = c1.selectbox(t("admin.filter_action", lang), [None, *ACTIONS], key="au_action",
                      format_func=lambda c: t("admin.all_actions", lang) if c is None else action_text(c, lang))
who = c2.text_input(t("admin.filter_actor", lang), key="au_actor", max_chars=FILTER_MAX)
page = c3.number_input(t("admin.page", lang), min_value=1, value=1, step=1, key="au_page")
events = audit.list_events(runtime.engine(), actor, action=action, actor_name=who.strip() or None,
                           limit=PAGE, offset=(int(page) - 1) * PAGE)
st.dataframe(pd.DataFrame([{t("admin.col_when", lang): text.local(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                            t("admin.col_who", lang): e.actor_name or "—",
                            t("admin.col_action", lang): action_text(e.action, lang),
                            t("admin.col_action_code", lang): e.action,
                            t("admin.col_agency", lang): e.agency_id or "", t("admin.col_target", lang): e.target or "",
                            t("admin.col_detail", lang): detail_sentence(e.action, e.detail, lang),
                            t("admin.col_client", lang): e.client or ""} for e in events]),
             hide_index=True, width="stretch", placeholder="—")
if len(events) == PAGE:
    st.caption(t("admin.more_pages", lang))
