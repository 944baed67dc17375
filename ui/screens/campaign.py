"""The year's reporting campaign: who has submitted, who is drafting, who has not started, the
deadline, and returning a submission to its agency with a comment (recorded in the audit trail)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from store import assessments, years
from ui import province_data, returning, runtime, shell
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
year = shell.selected_year()
shell.follow_agency_pick()
st.title(t("campaign.title", lang, year=year))
shell.show_flash()
info = years.get_year(runtime.engine(), actor, year)
year_open = info is not None and info.is_open
left = years.days_left(info.deadline) if info is not None else 0
if info is not None and not info.is_open:
    st.info(t("campaign.closed", lang, year=year, date=text.date_short(info.deadline, lang)), icon=":material/lock:")
elif info is not None:
    when = text.date_short(info.deadline, lang)
    if left >= 0:
        st.info(t("campaign.deadline", lang, date=when, days=left), icon=":material/event:")
    else:
        st.warning(t("campaign.deadline_passed", lang, date=when, days=-left), icon=":material/event_busy:")

rows = province_data.rows(actor, year, st.session_state.get("plan_id"))
counts = {s: sum(1 for r in rows if r.status == s) for s in ("submitted", "returned", "draft", "not_started")}
cols = st.columns(4)
for col, (status, n) in zip(cols, counts.items(), strict=True):
    col.metric(t(f"province.status_{status}", lang), n, border=True)


def _against_deadline(status: str, submitted_at) -> str:
    """Sent: on time or how late. Not sent: days left, or overdue by how many while the year is open
    (a blank said nothing of the agencies the department has to chase; a closed year is not chased)."""
    if info is None:
        return ""
    if status == "submitted":
        n = years.days_late(info.deadline, submitted_at)
        return t("campaign.late_days", lang, n=n) if n else t("campaign.on_time", lang)
    if not year_open:
        return t("campaign.not_sent", lang)
    return t("campaign.days_left", lang, n=left) if left >= 0 else t("campaign.overdue_days", lang, n=-left)


# What the department wrote when it returned one (it was only in the audit trail, as a raw record)
returned = {a.agency_id: a.returned_comment for a in assessments.list_assessments(runtime.engine(), actor, year)
            if a.status == "returned"}
st.caption(t("campaign.pick_row", lang))
shell.agency_table(pd.DataFrame([
    {t("province.col_agency", lang): r.name, t("glance.col_status", lang): t(f"province.status_{r.status}", lang),
     t("campaign.col_submitted_at", lang): text.timestamp(r.submitted_at, lang) if r.submitted_at else "",
     t("campaign.col_late", lang): _against_deadline(r.status, r.submitted_at),
     t("campaign.col_returned", lang): returned.get(r.agency_id) or ""}
    for r in rows]), [r.agency_id for r in rows], "campaign_rows", hide_index=True, width="stretch", placeholder="—")

submitted = [r for r in rows if r.status == "submitted"]
st.subheader(t("campaign.return_title", lang))
if not year_open:
    st.caption(t("campaign.closed_no_return", lang))
elif not submitted:
    st.caption(t("campaign.none_to_return", lang))
else:
    returning.return_form(actor, year, {r.agency_id: r.name for r in submitted}, lang, key="return")
