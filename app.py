"""pressdx — tự đánh giá mức độ chuyển đổi số báo chí.

The entry point: page config, who is signed in (from the session cookie, checked on every rerun), the
language and year pickers, and the pages that role may open. Run through `asgi.py`, which adds the
sign-in routes.
"""

import streamlit as st

from ui import chrome, runtime, shell
from ui.i18n import t

with runtime.script_run():
    actor = runtime.current_actor()
    lang = runtime.lang()
    st.set_page_config(page_title=t("app.title", lang), page_icon=":material/newspaper:", layout="wide")
    shell.sidebar(actor, lang)
    lang = runtime.lang()
    runtime.remember_lang(actor, lang)
    chrome.draw(lang)
    runtime.keep_lang_in_address(lang)
    nav = shell.build_navigation(actor, lang)
    pg = st.navigation(nav, position="sidebar")
    shell.remember_page(pg, nav)
    pg.run()
