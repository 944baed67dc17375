"""Accounts: create, change role or agency, reset a password (which ends that user's sessions), and
disable. Nobody is deleted: the audit trail keeps naming who did what. Below, the sign-in blocks in
force, which the administrator can lift before they end by themselves."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports import text
from store import accounts, agencies, passwords, signin_blocks
from store.errors import StoreError
from ui import choices, runtime, shell
from ui.errors import error_text
from ui.i18n import t

ROLES = ["agency", "reviewer", "admin"]

actor = shell.require_actor()
lang = runtime.lang()
engine = runtime.engine()
st.title(t("admin.users_title", lang))
shell.show_flash()
users = accounts.list_users(engine, actor)
names = {a.id: a.name for a in agencies.list_agencies(engine, actor, include_inactive=True)}
st.dataframe(pd.DataFrame([{t("admin.col_username", lang): u.username, t("admin.col_display", lang): u.display_name,
                            t("admin.col_role", lang): t(f"role.{u.role.value}", lang),
                            t("admin.col_agency", lang): names.get(u.agency_id, "") if u.agency_id else "",
                            t("admin.col_active", lang): u.active} for u in users]),
             hide_index=True, width="stretch", placeholder="—")


left, right = st.columns(2)
with left, st.form("user_new"):
    st.subheader(t("admin.user_new", lang))
    username = st.text_input(t("admin.col_username", lang), key="u_new_name", max_chars=accounts.MAX_USERNAME)
    display = st.text_input(t("admin.col_display", lang), key="u_new_display", max_chars=accounts.MAX_DISPLAY_NAME)
    role = st.selectbox(t("admin.col_role", lang), ROLES, format_func=lambda r: t(f"role.{r}", lang), key="u_new_role",
                        index=choices.keep("u_new_role", ROLES))
    agency = st.selectbox(t("admin.col_agency", lang), [None, *names], format_func=lambda a: names.get(a, "—"),
                          key="u_new_agency")
    password = st.text_input(t("admin.initial_password", lang), type="password", key="u_new_pw",
                             max_chars=passwords.MAX_LENGTH, help=t("account.password_rule", lang))
    if st.form_submit_button(t("admin.create", lang), type="primary"):
        try:
            accounts.create_user(engine, actor, username, password, role, agency, display_name=display)
        except StoreError as exc:
            st.error(error_text(exc, lang))
        else:
            shell.forget("u_new_name", "u_new_display", "u_new_role", "u_new_agency", "u_new_pw")
            shell.flash(t("admin.saved", lang))
with right:
    if users:
        by_id = {u.id: u for u in users}
        chosen = st.selectbox(t("admin.user_edit", lang), list(by_id), key="u_edit",
                              format_func=lambda i: f"{by_id[i].username} — {by_id[i].display_name}")
        u = by_id[chosen]
        with st.form("user_reset"):
            st.markdown(f"**{t('admin.reset_password', lang)}**")
            new_pw = st.text_input(t("account.new_password", lang), type="password", key=f"u_pw_{u.id}",
                                   max_chars=passwords.MAX_LENGTH)
            if st.form_submit_button(t("admin.reset_password", lang)):
                try:
                    accounts.reset_password(engine, actor, u.id, new_pw)
                except StoreError as exc:
                    st.error(error_text(exc, lang))
                else:
                    shell.forget(f"u_pw_{u.id}")
                    shell.flash(t("admin.password_reset", lang, user=u.username))
        label = t("admin.disable", lang) if u.active else t("admin.enable", lang)
        if st.button(label, key=f"u_toggle_{u.id}", disabled=u.id == actor.user_id):
            try:
                accounts.set_user_active(engine, actor, u.id, not u.active)
            except StoreError as exc:
                st.error(error_text(exc, lang))
            else:
                shell.flash(t("admin.saved", lang))


BLOCK_KINDS = {"pair": "admin.block_pair", "client": "admin.block_client", "user": "admin.block_user",
               "change": "admin.block_change"}

st.divider()
st.subheader(t("admin.blocks_title", lang))
st.caption(t("admin.blocks_help", lang))
blocks = signin_blocks.list_blocks(engine, actor)
if not blocks:
    st.caption(t("admin.blocks_none", lang))
else:
    st.dataframe(pd.DataFrame([{t("admin.col_block_kind", lang): t(BLOCK_KINDS[b.kind], lang),
                                t("admin.col_username", lang): b.username, t("admin.col_client", lang): b.client,
                                t("admin.col_failures", lang): b.failures,
                                t("admin.col_blocked_until", lang): text.local(b.blocked_until).strftime("%H:%M:%S")}
                               for b in blocks]),
                 hide_index=True, width="stretch", placeholder="—")
    by_key = {b.key: b for b in blocks}
    lift = st.selectbox(t("admin.block_choose", lang), list(by_key), key="u_block",
                        format_func=lambda k: " · ".join(filter(None, (t(BLOCK_KINDS[by_key[k].kind], lang),
                                                                       by_key[k].username, by_key[k].client))))
    if st.button(t("admin.block_lift", lang), key="u_block_lift"):
        signin_blocks.lift_block(engine, actor, lift)
        shell.flash(t("admin.block_lifted", lang))
