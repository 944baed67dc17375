"""Assessment years: open one for the agencies to fill in, set its deadline (25 November by default,
as the plan requires), close it when the report is made, so nothing changes afterwards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import clock, years
from store.errors import StoreError
from ui import runtime, shell
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
engine = runtime.engine()
st.title(t("admin.years_title", lang))
shell.show_flash()
rows = years.list_years(engine, actor)
st.dataframe(pd.DataFrame([{t("admin.col_year", lang): str(y.year),
                            t("admin.col_deadline", lang): y.deadline.strftime("%d/%m/%Y"),
                            t("admin.col_open", lang): y.is_open} for y in rows]),
             hide_index=True, width="stretch", placeholder="—")


left, right = st.columns(2)
with left, st.form("year_new"):
    st.subheader(t("admin.year_new", lang))
    year = st.number_input(t("admin.col_year", lang), min_value=2020, max_value=2100,
                           value=max([y.year for y in rows], default=clock.today().year - 1) + 1, step=1, key="y_new")
    deadline = st.date_input(t("admin.col_deadline", lang), value=years.default_deadline(int(year)), key="y_deadline",
                             format="DD/MM/YYYY")
    if st.form_submit_button(t("admin.create", lang), type="primary"):
        try:
            years.create_year(engine, actor, int(year), deadline=deadline)
        except StoreError as exc:
            st.error(exc.message(lang))
        else:
            shell.flash(t("admin.saved", lang))
with right:
    if rows:
        by_year = {y.year: y for y in rows}
        chosen = st.selectbox(t("admin.col_year", lang), list(by_year), key="y_edit")
        y = by_year[chosen]
        new_deadline = st.date_input(t("admin.col_deadline", lang), value=y.deadline, key=f"y_dl_{y.year}",
                                     format="DD/MM/YYYY")
        c1, c2 = st.columns(2)
        if c1.button(t("common.save", lang), key=f"y_save_{y.year}"):
            try:
                years.set_deadline(engine, actor, y.year, new_deadline)
            except StoreError as exc:
                st.error(exc.message(lang))
            else:
                shell.flash(t("admin.saved", lang))
        label = t("admin.close_year", lang) if y.is_open else t("admin.open_year", lang)
        if c2.button(label, key=f"y_toggle_{y.year}"):
            years.set_year_open(engine, actor, y.year, not y.is_open)
            shell.flash(t("admin.saved", lang))
