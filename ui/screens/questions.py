"""A questionnaire page: the agency profile or one domain, registered once per domain by the shell.

The whole form lives in a fragment: answering a question reruns this form only (and saves it), not
the navigation and the rest of the app. The fragment holds the whole page, so a follow-up appears or
disappears as soon as the answer it depends on changes.
"""

from __future__ import annotations

import streamlit as st

from scoring.completeness import progress
from scoring.conditions import AnswerContext
from ui import draft as drafts
from ui import question_widgets, runtime, shell
from ui.i18n import t


@st.fragment
def form(file_id: str, agency_id: str, year: int) -> None:
    actor = shell.require_actor()
    lang = runtime.lang()
    cat = runtime.catalog()
    qn = cat.questionnaire
    d = drafts.current()
    if d is None or d.info.agency_id != agency_id or d.info.year != year:
        d = drafts.load(actor, agency_id, year)
    if d is None:
        st.info(t("assess.year_not_open", lang, year=year))
        return
    if d.conflict:
        st.error(d.conflict, icon="⚠️")
        if st.button(t("assess.reload", lang), key="reload_conflict"):
            drafts.forget()
            st.rerun()
        return
    qfile = qn.profile if file_id == "profile" else qn.domain(file_id).file
    answers = d.answers
    ctx = AnswerContext(qn, answers)
    prog = progress(qn, answers, ctx)[file_id]
    st.progress(prog.fraction, text=t("assess.page_progress", lang, done=prog.done, total=prog.total))
    editable = d.editable and shell.year_open(year)
    if not editable:
        st.info(t("assess.read_only", lang))
    last = shell.last_year_answers(actor, agency_id, year)
    last_label = t("question.last_year", lang, year=year - 1) if last else None
    for section in qfile.sections:
        visible = [q for q in section.questions if ctx.state(q.id) == "active"]
        if not visible:
            continue
        st.subheader(section.title.get(lang), anchor=f"section-{section.id}")
        if section.description:
            st.caption(section.description.get(lang))
        for q in visible:
            question_widgets.render(q, cat, d, actor, lang, editable=editable, last_year=last.get(q.id),
                                    last_year_label=last_label, answers=answers)


def main() -> None:
    actor = shell.require_actor()
    lang = runtime.lang()
    file_id = shell.current_questionnaire_page()
    cat = runtime.catalog()
    qn = cat.questionnaire
    qfile = qn.profile if file_id == "profile" else qn.domain(file_id).file
    agency_id, year = shell.assessment_target(actor)
    st.title(qfile.title.get(lang))
    if qfile.description:
        st.caption(qfile.description.get(lang))
    if agency_id is None:
        st.info(t("assess.no_agency", lang))
        return
    form(file_id, agency_id, year)


main()
