"""The floor for the answer page: a bare Streamlit script that draws what the app's page draws (the
sidebar, the navigation, the page title, the form in a fragment, and per question the same container,
label, help, answer widget, N/A box, evidence fields, notes and saved mark, with the same keys), but
stores nothing and scores nothing. An answer only notes the time in session state.

    streamlit run bench/floor_app.py        (the benchmarks run it through AppTest and `streamlit run`)

Like the app for an agency leader, it opens on the overview; the questionnaire pages are at /<domain id>.

    streamlit run bench/floor_app.py -- answered

draws every choice question with its first option chosen, as a page of stored answers shows them (the
floor of opening a page until its answers are drawn: the browser shows a chosen option a few frames
after the widget itself, whatever the script does).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.catalog import Catalog, load_catalog
from scoring.models import EvidencePolicy, Question, QuestionType
from ui.i18n import t

LANG = "vi"
YEAR = datetime.now().year
ANSWERED = "answered" in sys.argv[1:]


@st.cache_resource
def catalog() -> Catalog:
    return load_catalog()


def saved(qid: str) -> None:
    st.session_state.setdefault("floor_saved", {})[qid] = datetime.now()


def answer_widget(q: Question, lang: str, common: dict[str, Any]) -> None:
    codes = [o.code for o in q.choices]
    labels = {o.code: o.label.get(lang) for o in q.choices}
    label = q.label.get(lang)
    index = 0 if ANSWERED and codes else None
    if q.type in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
        st.radio(label, codes, index=index, format_func=labels.__getitem__, horizontal=True, **common)
    elif q.type in (QuestionType.SINGLE_CHOICE, QuestionType.LEVEL):
        st.radio(label, codes, index=index, format_func=labels.__getitem__, **common)
    elif q.type == QuestionType.MULTI_CHOICE:
        st.pills(label, codes, selection_mode="multi", default=[], format_func=labels.__getitem__, **common)
    elif q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        st.number_input(label, value=None, step=1, placeholder=t("question.number_placeholder", lang), **common)
    else:
        st.text_area(label, value="", max_chars=5000, **common)


def evidence_fields(q: Question, lang: str, args: dict[str, Any]) -> None:
    required = q.evidence == EvidencePolicy.REQUIRED
    box = st.expander(t("question.evidence_required" if required else "question.evidence", lang),
                      key=f"evx_{q.id}", on_change="rerun")
    with box:
        if box.open:
            st.text_input(t("question.evidence_note", lang), key=f"evn_{q.id}", max_chars=2000,
                          placeholder=t("question.evidence_note_placeholder", lang), **args)
            st.text_input(t("question.evidence_link", lang), key=f"evl_{q.id}", max_chars=500,
                          placeholder="https://…", **args)
            st.file_uploader(t("question.evidence_file", lang, mb=5),
                             type=["pdf", "png", "jpg", "jpeg", "docx", "xlsx"], key=f"evf_{q.id}")


def question(q: Question) -> None:
    lang = LANG
    with st.container(border=True, key=f"question_{q.id}"):
        st.markdown(f"**{q.label.get(lang)}**")
        if q.help:
            st.caption(q.help.get(lang))
        args: dict[str, Any] = {"on_change": saved, "args": (q.id,)}
        common: dict[str, Any] = {"key": f"q_{q.id}", "label_visibility": "collapsed", **args}
        answer_widget(q, lang, common)
        if q.na_allowed:
            st.checkbox(t("question.na", lang), key=f"na_{q.id}", **args)
            if st.session_state.get(f"na_{q.id}"):
                st.text_input(t("question.na_reason", lang), key=f"nar_{q.id}", max_chars=1000, **args)
        if q.evidence != EvidencePolicy.NONE:
            evidence_fields(q, lang, args)
        notes = [t("question.last_year", lang, year=YEAR - 1) + ": —"]
        if q.source:
            notes.append(t("question.source", lang) + ": " + "; ".join(s.get(lang) for s in q.source))
        st.caption(" · ".join(notes))
        with st.container(key=f"saved_{q.id}"):
            when = st.session_state.get("floor_saved", {}).get(q.id)
            if when is not None:
                st.caption("✓ " + t("question.saved_at", lang, time=when.strftime("%H:%M:%S")))


@st.fragment
def form(file_id: str) -> None:
    qn = catalog().questionnaire
    qfile = qn.profile if file_id == "profile" else qn.domain(file_id).file
    st.progress(0.5, text=t("assess.page_progress", LANG, done=10, total=20))
    for section in qfile.sections:
        st.subheader(section.title.get(LANG), anchor=f"section-{section.id}")
        if section.description:
            st.caption(section.description.get(LANG))
        for q in section.questions:
            question(q)


def questionnaire_page(file_id: str) -> Callable[[], None]:
    def page() -> None:
        qn = catalog().questionnaire
        qfile = qn.profile if file_id == "profile" else qn.domain(file_id).file
        st.title(qfile.title.get(LANG))
        if qfile.description:
            st.caption(qfile.description.get(LANG))
        form(file_id)

    return page


def plain_page(title: str) -> Callable[[], None]:
    def page() -> None:
        st.title(title)

    return page


st.set_page_config(page_title="pressdx floor", layout="wide")
qn = catalog().questionnaire
with st.sidebar:
    st.segmented_control("Ngôn ngữ / Language", ["vi", "en"], key="lang", default=LANG,
                         format_func={"vi": "Tiếng Việt", "en": "English"}.__getitem__, selection_mode="single")
    st.selectbox(t("shell.year", LANG), [YEAR, YEAR - 1], key="year")
    st.caption(t("shell.signed_in_as", LANG, name="Lãnh đạo", role="agency"))
    st.link_button(t("shell.sign_out", LANG), "/auth/logout", icon=":material/logout:")
assess = [st.Page(plain_page(t("nav.overview", LANG)), title=t("nav.overview", LANG), url_path="overview",
                  icon=":material/checklist:", default=True),
          st.Page(questionnaire_page("profile"), title=qn.profile.short.get(LANG), url_path="profile",
                  icon=":material/badge:")]
assess += [st.Page(questionnaire_page(d.id), title=d.file.short.get(LANG), url_path=d.id, icon=":material/edit_note:")
           for d in qn.domains]
assess.append(st.Page(plain_page(t("nav.results", LANG)), title=t("nav.results", LANG), url_path="results",
                      icon=":material/insights:"))
nav = {t("nav.section_assess", LANG): assess,
       t("nav.section_account", LANG): [st.Page(plain_page(t("nav.account", LANG)), title=t("nav.account", LANG),
                                                url_path="account", icon=":material/person:")]}
st.navigation(nav, position="sidebar").run()
