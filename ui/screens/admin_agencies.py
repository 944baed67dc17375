"""Agencies as data: names change and agencies merge, so an agency is renamed or made inactive here,
never deleted (its past assessments keep it in past reports). Its id never changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import agencies
from store.errors import StoreError
from ui import choices, runtime, shell
from ui.errors import error_text
from ui.i18n import t

KINDS = ["newspaper", "radio_tv", "magazine", "multimedia"]
MEDIA = ["print", "online", "radio", "tv"]

actor = shell.require_actor()
lang = runtime.lang()
engine = runtime.engine()
st.title(t("admin.agencies_title", lang))
shell.show_flash()
rows = agencies.list_agencies(engine, actor, include_inactive=True)
st.dataframe(pd.DataFrame([{t("admin.col_id", lang): a.id, t("admin.col_name", lang): a.name,
                            t("admin.col_kind", lang): t(f"kind.{a.kind}", lang),
                            t("admin.col_media", lang): ", ".join(t(f"media.{m}", lang) for m in a.media_types),
                            t("admin.col_active", lang): a.active} for a in rows]),
             hide_index=True, width="stretch", placeholder="—")


left, right = st.columns(2)
with left, st.form("agency_new"):
    st.subheader(t("admin.agency_new", lang))
    new_id = st.text_input(t("admin.col_id", lang), help=t("admin.agency_id_help", lang), key="ag_new_id",
                           max_chars=agencies.MAX_ID)
    new_name = st.text_input(t("admin.col_name", lang), key="ag_new_name", max_chars=agencies.MAX_NAME)
    # Starts with no kind chosen: a preset "Báo" would be kept by mistake for magazines and stations.
    new_kind = st.selectbox(t("admin.col_kind", lang), KINDS, format_func=lambda k: t(f"kind.{k}", lang),
                            key="ag_new_kind", index=choices.keep_or_none("ag_new_kind", KINDS),
                            placeholder=t("admin.choose_kind", lang))
    new_media = st.multiselect(t("admin.col_media", lang), MEDIA, format_func=lambda m: t(f"media.{m}", lang),
                               key="ag_new_media", default=choices.keep_many("ag_new_media", MEDIA))
    if st.form_submit_button(t("admin.create", lang), type="primary"):
        try:
            agencies.create_agency(engine, actor, new_id.strip(), new_name, new_kind or "", new_media)
        except StoreError as exc:
            st.error(t("admin.choose_kind", lang) if new_kind is None else error_text(exc, lang))
        else:
            shell.forget("ag_new_id", "ag_new_name", "ag_new_kind", "ag_new_media")
            shell.flash(t("admin.saved", lang))
with right:
    if rows:
        by_id = {a.id: a for a in rows}
        chosen = st.selectbox(t("admin.agency_edit", lang), list(by_id), format_func=lambda i: by_id[i].name,
                              key="ag_edit_id")
        a = by_id[chosen]
        with st.form("agency_edit"):
            name = st.text_input(t("admin.col_name", lang), value=a.name, key=f"ag_name_{a.id}",
                                 max_chars=agencies.MAX_NAME)
            kind = st.selectbox(t("admin.col_kind", lang), KINDS, index=choices.keep(f"ag_kind_{a.id}", KINDS, a.kind),
                                format_func=lambda k: t(f"kind.{k}", lang), key=f"ag_kind_{a.id}")
            media = st.multiselect(t("admin.col_media", lang), MEDIA,
                                   default=choices.keep_many(f"ag_media_{a.id}", MEDIA, a.media_types),
                                   format_func=lambda m: t(f"media.{m}", lang), key=f"ag_media_{a.id}")
            active = st.checkbox(t("admin.col_active", lang), value=a.active, key=f"ag_active_{a.id}")
            if st.form_submit_button(t("common.save", lang)):
                try:
                    agencies.update_agency(engine, actor, a.id, name=name, kind=kind, media_types=media)
                    if active != a.active:
                        agencies.set_agency_active(engine, actor, a.id, active)
                except StoreError as exc:
                    st.error(error_text(exc, lang))
                else:
                    shell.flash(t("admin.saved", lang))
