"""The page a signed-out visitor sees: what pressdx is, and the way to sign in.

The password form itself is served by `asgi.py` outside Streamlit, so the password never passes
through a Streamlit widget and the session cookie can be HttpOnly.
"""

from __future__ import annotations

import streamlit as st

from store import demo
from store.accounts import count_admins
from ui import links, md, runtime
from ui.i18n import t

lang = runtime.lang()
st.title(t("sign_in.title", lang))
st.write(t("sign_in.intro", lang))
if runtime.oidc_enabled():
    if st.user.is_logged_in:  # the provider knows this person, pressdx has no account for them
        st.warning(t("sign_in.no_account", lang, who=md.escape(st.user.get(runtime.oidc_claim()) or "?")))
        st.button(t("shell.sign_out", lang), on_click=st.logout, key="oidc_logout")
    else:
        st.button(t("sign_in.button", lang), on_click=st.login, type="primary", icon=":material/login:",
                  key="oidc_login")
else:
    # The language goes along only when the reader chose English here: the sign-in page then keeps it
    # for the account; in Vietnamese, the default, the account's own language is kept.
    links.same_tab(t("sign_in.button", lang), "/auth/login" + ("?lang=en" if lang == "en" else ""), primary=True)
if count_admins(runtime.engine()) == 0:
    st.info(t("sign_in.first_admin", lang), icon=":material/info:")
    st.code("python manage.py create-user --role admin --username admin", language="bash")
if runtime.demo_mode():
    st.subheader(t("sign_in.demo_title", lang))
    st.caption(t("sign_in.demo_intro", lang))
    st.dataframe(
        [{t("sign_in.demo_user", lang): a.username, t("sign_in.demo_password", lang): a.password,
          t("sign_in.demo_role", lang): t(f"role.{a.role}", lang),
          t("sign_in.demo_agency", lang): (a.label_en if lang == "en" else a.label_vi) if a.agency_id else "—"}
         for a in demo.demo_accounts()],
        hide_index=True,
    )
