"""Every agency at a glance for a year: a heat map of domains, the overall index and level, and the
change since last year with large jumps flagged for a look (a self-assessment that jumps two levels
deserves a question before it is trusted)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import charts, text
from ui import province_data, results_view, runtime, shell, tables
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
cat = runtime.catalog()
qn = cat.questionnaire
year = shell.selected_year()
plan_id = st.session_state.get("plan_id")
shell.follow_agency_pick()
st.title(t("glance.title", lang, year=year))
rows = province_data.with_previous(actor, year, plan_id)
scored = [r for r in rows if r.result is not None]
if not scored:
    st.info(t("glance.nothing", lang, year=year))
    st.stop()
st.caption(t("glance.note", lang))
st.caption(t("glance.jump_note", lang, n=text.count(charts.JUMP, lang)))


@st.cache_resource(max_entries=8, show_spinner=False)
def _heatmap(fingerprint: tuple, plan_id: str | None, lang: str, _scored: list):
    """Built once per change of the year's data (a thousand agencies' labels and cells are not free)."""
    return charts.heatmap_chart(qn, _scored, lang)


# Streamlit does not take a layered chart's height from its spec: give it the height the rows need.
st.altair_chart(_heatmap(province_data.fingerprint(actor, year), plan_id, lang, scored), width="content",
                height=30 * len(scored) + 170, theme=None)

table = []
for r in rows:
    idx = r.result.index if r.result else None
    change = None if idx is None or r.previous_index is None else round(idx - r.previous_index, 1)
    moved = charts.jumps(r)  # per domain too: one domain's jump hides in the overall mean
    where = [t("results.overall", lang) if k == "overall" else qn.domain(k).file.short.get(lang) for k in moved]
    flag = f"{t('glance.jump', lang)}: {', '.join(where)}" if where else ""
    row = {t("province.col_agency", lang): r.name, t("glance.col_status", lang): t(f"province.status_{r.status}", lang),
           t("results.col_index", lang): idx,
           t("results.col_level", lang): results_view.level_text(cat, r.result.level if r.result else None, lang),
           t("results.col_change", lang): change, t("glance.col_flag", lang): flag}
    for d in qn.domains:
        row[d.file.short.get(lang)] = r.result.domains[d.id].index if r.result else None
    table.append(row)
st.caption(t("campaign.pick_row", lang))
shell.agency_table(tables.written(pd.DataFrame(table), lang, signed=[t("results.col_change", lang)]),
                   [r.agency_id for r in rows], "glance_rows", hide_index=True, width="stretch", placeholder="—")
