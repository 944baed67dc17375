"""The audit trail, read-only: who did what and when (sign-ins, failed sign-ins, submissions, returns,
account and agency changes, exports). There is no way to edit or delete an entry from the app."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from store import audit
from ui import runtime, shell
from ui.i18n import t

PAGE = 100
FILTER_MAX = 64  # an action name or a username: the audit columns hold no more

actor = shell.require_actor()
lang = runtime.lang()
st.title(t("admin.audit_title", lang))
c1, c2, c3 = st.columns(3)
action = c1.text_input(t("admin.filter_action", lang), key="au_action", placeholder="auth.login_failed",
                        max_chars=FILTER_MAX)
who = c2.text_input(t("admin.filter_actor", lang), key="au_actor", max_chars=FILTER_MAX)
page = c3.number_input(t("admin.page", lang), min_value=1, value=1, step=1, key="au_page")
events = audit.list_events(runtime.engine(), actor, action=action.strip() or None, actor_name=who.strip() or None,
                           limit=PAGE, offset=(int(page) - 1) * PAGE)
st.dataframe(pd.DataFrame([{t("admin.col_when", lang): text.local(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                            t("admin.col_who", lang): e.actor_name or "—", t("admin.col_action", lang): e.action,
                            t("admin.col_agency", lang): e.agency_id or "", t("admin.col_target", lang): e.target or "",
                            t("admin.col_detail", lang): "" if not e.detail else str(e.detail),
                            t("admin.col_client", lang): e.client or ""} for e in events]),
             hide_index=True, width="stretch", placeholder="—")
if len(events) == PAGE:
    st.caption(t("admin.more_pages", lang))
