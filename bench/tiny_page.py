"""The smallest page the concurrency benchmark can drive: only the eight questions its leaders answer,
each a fragment with its radio and its saved mark (the same keys and labels as the app), and nothing
else — no sidebar, no navigation, no storage. Driven like the app, it shows how fast any Streamlit page
can answer the benchmark's browsers sharing this machine's cores: the figure 4 floor below which the app
cannot go.

    streamlit run bench/tiny_page.py        (the benchmarks open it at /security)
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

QUESTIONS = ("sec_patch_vuln", "sec_risk_register", "sec_server_hardening", "sec_central_logging",
             "sec_incident_response", "sec_network_zoning", "sec_backup", "sec_monitoring_soc")
LABELS = {"yes": "Đạt", "partly": "Đạt một phần", "no": "Chưa đạt"}


def saved(qid: str) -> None:
    st.session_state.setdefault("saved", {})[qid] = datetime.now()


@st.fragment
def question(qid: str) -> None:
    with st.container(key=f"question_{qid}"):
        st.radio(qid, list(LABELS), format_func=LABELS.get, index=None, key=f"q_{qid}", horizontal=True,
                 on_change=saved, args=(qid,))
        with st.container(key=f"saved_{qid}"):
            when = st.session_state.get("saved", {}).get(qid)
            if when is not None:
                st.caption("✓ Đã lưu lúc " + when.strftime("%H:%M:%S"))


def questions() -> None:
    for qid in QUESTIONS:
        question(qid)


def home() -> None:
    st.write("pressdx: the smallest page")


st.navigation([st.Page(home, title="home", default=True),
               st.Page(questions, title="security", url_path="security")]).run()
