"""A questionnaire page: the agency profile or one domain, registered once per domain by the shell.

Each question is its own fragment inside the form's fragment: answering a question saves it and
reruns that question (and the progress bar when its count moved), not the navigation, the sidebar or
the nineteen other questions. An answer that shows or hides a follow-up, or a save that finds the draft changed
elsewhere, reruns the whole form (the callback in `ui.question_widgets` decides which).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from scoring.answers import Answer
from scoring.completeness import progress, section_progress, undecided
from scoring.conditions import AnswerContext
from scoring.models import QuestionnaireFile
from store import assessments
from store.errors import StoreError
from ui import draft as drafts
from ui import md, question_widgets, runtime, shell
from ui.errors import error_text
from ui.i18n import t


def _kept(agency_id: str, year: int) -> drafts.Draft | None:
    """The draft this session holds, when it is the one for (agency, year)."""
    d = drafts.current()
    return d if d is not None and d.info.agency_id == agency_id and d.info.year == year else None


def _draft(actor, agency_id: str, year: int) -> drafts.Draft | None:
    return _kept(agency_id, year) or drafts.load(actor, agency_id, year)


@st.fragment(key=question_widgets.FORM_KEY)
@runtime.timed_fragment
def form(file_id: str, agency_id: str, year: int) -> None:
    """The page's questions: rerun whole when an answer shows or hides another question, or when the
    draft had to be read again; a plain answer reruns only its question (and the progress bar when
    its count moved)."""
    actor = shell.require_actor()
    lang = runtime.lang()
    qn = runtime.catalog().questionnaire
    # Opening the page (any full run) compares the draft with the database's version; the widgets are
    # then set to this draft's answers (see `question_widgets._held`).
    d = drafts.load(actor, agency_id, year) if runtime.in_app_run() else _draft(actor, agency_id, year)
    if d is None:
        st.info(t("assess.year_not_open", lang, year=year))
        return
    if runtime.in_app_run():
        d.drop_unsaved()  # the widgets show the saved answers again
    if d.conflict:
        st.error(d.conflict, icon="⚠️")
        if st.button(t("assess.reload", lang), key="reload_conflict"):
            drafts.forget()
            st.rerun()
        return
    qfile = qn.profile if file_id == "profile" else qn.domain(file_id).file
    ctx = AnswerContext(qn, d.answers)
    progress_bar(file_id, agency_id, year)
    if d.editable and shell.year_open(year):
        copy_offer(actor, d, [q.id for section in qfile.sections for q in section.questions], lang)
    if not d.editable:  # submitted: the department may return it
        st.info(t("assess.read_only_submitted", lang))
    elif not shell.year_open(year):
        st.info(t("assess.read_only_closed", lang, year=year))
    _sections(qfile, ctx, agency_id, year, lang)


def _sections(qfile: QuestionnaireFile, ctx: AnswerContext, agency_id: str, year: int, lang: str) -> None:
    """Each section with the questions put to this agency, each question in its own fragment."""
    for section in qfile.sections:
        visible = [q for q in section.questions if ctx.state(q.id) == "active"]
        if not visible:
            continue
        st.subheader(section.title.get(lang), anchor=f"{SECTION_ANCHOR}{section.id}")
        if section.description:
            st.caption(section.description.get(lang))
        for q in visible:
            st.fragment(question, key=question_widgets.fragment_key(q.id))(q.id, agency_id, year)


SECTION_ANCHOR = "section-"  # a section's heading is the page's anchor SECTION_ANCHOR + its id
COPIED_KEY = "copied_last_year"  # what the last copy did, said once on the page drawn after it


def copy_offer(actor, d: drafts.Draft, qids: list[str], lang: str) -> None:
    """Last year's answers for this page's empty questions, offered for as long as there are any."""
    if said := st.session_state.pop(COPIED_KEY, None):
        st.success(said, icon=":material/content_copy:")
    last = shell.last_year_answers(actor, d.info.agency_id, d.info.year)
    fillable = [qid for qid in qids if qid in last and qid not in d.stored]
    if not fillable:
        return
    with st.container(border=True, key="copy_offer"):
        st.caption(t("assess.copy_offer", lang, year=d.info.year - 1, n=len(fillable)))
        st.button(t("assess.copy_page", lang, year=d.info.year - 1), key="copy_page", on_click=copy_last_year,
                  args=(qids, lang), icon=":material/content_copy:")


def copy_last_year(qids: list[str] | None, lang: str) -> None:
    """Fill the empty questions (of `qids`, or of every page) from last year; the figures of the
    assessment year itself come unconfirmed. The whole app then runs, so every widget shows them."""
    d = drafts.current()
    actor = runtime.current_actor()
    if d is None or actor is None:
        return
    qn = runtime.catalog().questionnaire
    per_year = [q.id for q in qn.questions.values() if q.per_year]
    try:
        n = assessments.copy_previous_year(runtime.engine(), actor, d.info.id, only=qids, to_confirm=per_year)
    except StoreError as exc:
        st.session_state[COPIED_KEY] = error_text(exc, lang)
        return
    drafts.forget()
    fresh = drafts.load(actor, d.info.agency_id, d.info.year, create=False)
    m = sum(1 for row in (fresh.stored.values() if fresh else ()) if row.unconfirmed)
    st.session_state[COPIED_KEY] = t("assess.copied", lang, n=n, year=d.info.year - 1, m=m)
    st.rerun()


@st.fragment(key=question_widgets.PROGRESS_KEY)
@runtime.timed_fragment
def progress_bar(file_id: str, agency_id: str, year: int) -> None:
    d = _kept(agency_id, year)
    if d is None:
        return
    lang = runtime.lang()
    qn = runtime.catalog().questionnaire
    answers = d.answers
    ctx = AnswerContext(qn, answers)
    prog = progress(qn, answers, ctx)[file_id]
    may_grow = any(file_id in pages for pages in undecided(qn, answers, ctx).values())
    st.progress(prog.fraction, text=t("assess.page_progress_open" if may_grow else "assess.page_progress", lang,
                                      done=prog.done, total=prog.total))
    contents(qn.profile if file_id == "profile" else qn.domain(file_id).file, answers, ctx, lang)


def contents(qfile: QuestionnaireFile, answers: Mapping[str, Answer], ctx: AnswerContext, lang: str) -> None:
    """The page's sections, each linking to its heading, with its required questions answered: a
    domain page runs to thousands of pixels, and this says where the gaps are before scrolling."""
    rows = section_progress(qfile, answers, ctx)
    if len(rows) < 2:
        return
    lines = []
    for section, p in rows:
        count = (t("assess.section_count", lang, done=p.done, total=p.total) if p.total
                 else t("assess.section_no_required", lang))
        done = " :material/check_circle:" if p.total and p.done == p.total else ""
        lines.append(f"- [{md.escape(section.title.get(lang))}](#{SECTION_ANCHOR}{section.id}) — {count}{done}")
    with st.expander(t("assess.contents", lang), expanded=True, key="contents"):
        st.markdown("\n".join(lines))


def page_order() -> list[str]:
    """The questionnaire pages in the navigation's order: the profile, then each domain."""
    return ["profile", *runtime.catalog().questionnaire.domain_ids]


def way_on(file_id: str, lang: str) -> None:
    """At the end of a page: the next questionnaire page (none after the last) and the overview."""
    order = page_order()
    at = order.index(file_id)
    qn = runtime.catalog().questionnaire
    st.divider()
    left, right = st.columns(2)
    if at + 1 < len(order):
        nxt = order[at + 1]
        with left:
            shell.link(nxt, t("assess.next_page", lang, name=qn.domain(nxt).file.short.get(lang)))
    with right:
        shell.link("", t("assess.back_to_overview", lang), icon=":material/checklist:")  # the home page


@runtime.timed_fragment
def question(qid: str, agency_id: str, year: int) -> None:
    """One question, drawn as its own fragment: answering it reruns this (and the progress bar when
    its count moved; the callback in `ui.question_widgets` decides), so a click costs one question's
    drawing, on the server and in the browser, not twenty."""
    actor = shell.require_actor()
    lang = runtime.lang()
    cat = runtime.catalog()
    d = _draft(actor, agency_id, year)
    if d is None or d.conflict:
        return
    last = shell.last_year_answers(actor, agency_id, year)
    question_widgets.render(cat.questionnaire.questions[qid], cat, d, actor, lang,
                            editable=d.editable and shell.year_open(year), last_year=last.get(qid),
                            last_year_label=t("question.last_year", lang, year=year - 1) if last else None)


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
    way_on(file_id, lang)


main()
