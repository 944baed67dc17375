"""The signed-in user's own account: who they are, and changing the password (which ends their other
sessions, so a password given away by mistake stops working everywhere at once)."""

from __future__ import annotations

import streamlit as st

from store.accounts import change_password
from store.errors import StoreError
from store.passwords import MAX_LENGTH
from ui import md, runtime, shell
from ui.errors import error_text
from ui.i18n import t

actor = shell.require_actor()
lang = runtime.lang()
st.title(t("account.title", lang))
st.write(t("account.who", lang, name=md.escape(actor.display_name or actor.username), user=md.escape(actor.username),
           role=t(f"role.{actor.role.value}", lang)))
with st.form("change_password", clear_on_submit=True):
    st.subheader(t("account.change_password", lang))
    old = st.text_input(t("account.old_password", lang), type="password", key="pw_old", max_chars=MAX_LENGTH)
    new = st.text_input(t("account.new_password", lang), type="password", key="pw_new", max_chars=MAX_LENGTH,
                        help=t("account.password_rule", lang))
    again = st.text_input(t("account.repeat_password", lang), type="password", key="pw_again", max_chars=MAX_LENGTH)
    if st.form_submit_button(t("account.save_password", lang), type="primary"):
        if new != again:
            st.error(t("account.passwords_differ", lang))
        else:
            try:
                change_password(runtime.engine(), actor, old, new)
            except StoreError as exc:
                st.error(error_text(exc, lang))
            else:
                st.success(t("account.password_changed", lang))
