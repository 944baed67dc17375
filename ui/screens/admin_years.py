"""Assessment years: open one for the agencies to fill in, set its deadline (25 November by default,
as the plan requires), close it when the report is made, so nothing changes afterwards. Closing and
reopening are confirmed first: closing records the year's agencies as they are named then."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from store import clock, years
from store.errors import StoreError
from ui import runtime, shell
from ui.errors import error_text
from ui.i18n import t

MSG = "years_msg"
# Closing (is_open False) or reopening (True): the confirmation's title, text and button, and what is said after
WORDS = {
    False: ("admin.close_confirm_title", "admin.close_confirm_text", "admin.close_confirm_yes", "admin.year_closed"),
    True: ("admin.reopen_confirm_title", "admin.reopen_confirm_text", "admin.reopen_confirm_yes",
           "admin.year_reopened"),
}


def _set_open(year: int, is_open: bool, lang: str) -> None:
    """Runs in the confirmation's callback (so AppTest can press it too), with the user looked up again."""
    try:
        years.set_year_open(runtime.engine(), runtime.current_actor(), year, is_open)
    except StoreError as exc:
        st.session_state[MSG] = ("error", error_text(exc, lang))
    else:
        st.session_state[MSG] = ("success", t(WORDS[is_open][3], lang, year=year))


@st.dialog(" ", width="medium")
def _confirm(year: int, is_open: bool, lang: str) -> None:
    """What closing (or reopening) does to the year, said before it is done."""
    title, body, yes, _ = WORDS[is_open]
    st.markdown(f"**{t(title, lang, year=year)}**")
    st.write(t(body, lang, year=year))
    c1, c2 = st.columns(2)
    confirmed = c1.button(t(yes, lang, year=year), type="primary", key="confirm_year",
                          on_click=_set_open, args=(year, is_open, lang), width="stretch")
    if confirmed or c2.button(t("common.cancel", lang), key="cancel_year", width="stretch"):
        st.rerun()


actor = shell.require_actor()
lang = runtime.lang()
engine = runtime.engine()
st.title(t("admin.years_title", lang))
shell.show_flash()
if msg := st.session_state.pop(MSG, None):
    (st.success if msg[0] == "success" else st.error)(msg[1])
rows = years.list_years(engine, actor)
st.dataframe(pd.DataFrame([{t("admin.col_year", lang): str(y.year),
                            t("admin.col_deadline", lang): text.date_short(y.deadline, lang),
                            t("admin.col_open", lang): y.is_open,
                            t("admin.col_closed_at", lang): text.timestamp(y.closed_at, lang) if y.closed_at else None}
                           for y in rows]),
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
            st.error(error_text(exc, lang))
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
                st.error(error_text(exc, lang))
            else:
                shell.flash(t("admin.saved", lang))
        label = t("admin.close_year", lang) if y.is_open else t("admin.open_year", lang)
        if c2.button(label, key=f"y_toggle_{y.year}"):
            _confirm(y.year, not y.is_open, lang)
