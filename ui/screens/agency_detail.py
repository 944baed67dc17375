"""The department's drill-down into one agency: its results as the agency sees them, every answer
with its evidence, page by page in tables that wrap (nothing hides to the right), the attached files,
and, while the year is open, returning a submission for correction from here. The address names the
agency (`?agency=<id>`), so the heat map's and the campaign's rows open it."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from scoring.answers import Answer
from scoring.conditions import AnswerContext
from scoring.formatting import answer_label
from scoring.loader import Questionnaire
from scoring.models import QuestionnaireFile
from store import assessments, evidence
from store.access import Actor
from store.conversion import to_answers
from store.records import AssessmentInfo, StoredAnswer
from ui import md, province_data, results_view, returning, runtime, shell
from ui.exports import audited
from ui.i18n import t

KEY = "detail_agency"


def _choose_agency(names: dict[str, str], lang: str) -> str:
    """The agency the address names (a row followed from another page), else the one chosen here; the
    address is kept to the choice, so a reload or a bookmark opens the same agency."""
    wanted = st.query_params.get(shell.AGENCY_PARAM)
    if wanted in names:
        st.session_state[KEY] = wanted
    ids = list(names)
    agency_id = st.selectbox(t("province.col_agency", lang), ids, format_func=lambda a: names[a], key=KEY,
                             on_change=_to_address) or ids[0]
    st.query_params[shell.AGENCY_PARAM] = agency_id
    return agency_id


def _to_address() -> None:
    """A choice made here goes into the address before the page runs, so the address then names it."""
    st.query_params[shell.AGENCY_PARAM] = st.session_state[KEY]


def _status(actor: Actor, info: AssessmentInfo | None, name: str, year: int, lang: str) -> None:
    """Where the assessment stands, and the way to return it while it is submitted and the year open."""
    status = info.status if info is not None else "not_started"
    st.markdown(t("detail.status", lang, status=t(f"province.status_{status}", lang)))
    if info is None:
        return
    if info.status == "returned":
        st.warning(t("detail.returned_comment", lang, comment=md.escape(info.returned_comment or "")),
                   icon=":material/undo:")
    if info.status != "submitted":
        return
    if not shell.year_open(year):
        st.caption(t("campaign.closed_no_return", lang))
        return
    with st.expander(t("campaign.return_title", lang), icon=":material/undo:"):
        returning.return_form(actor, year, {info.agency_id: name}, lang, key="detail_return", choose=False)


def _evidence(s: StoredAnswer | None) -> str:
    if s is None:
        return ""
    parts = [md.escape(x) for x in (s.evidence_note, s.evidence_link) if x]
    parts += [f"📎 {md.escape(f)}" for f in s.file_names]
    return " · ".join(parts)


def _page_table(qfile: QuestionnaireFile, stored: dict[str, StoredAnswer], answers: dict[str, Answer],
                ctx: AnswerContext, lang: str) -> pd.DataFrame:
    """One page's questions, answers and evidence, escaped: a static table reads its cells as Markdown."""
    rows = []
    for q in qfile.questions:
        a = answers.get(q.id)
        # A question not put to this agency (its type, or an earlier answer) is not "unanswered".
        state = ctx.state(q.id)
        shown = answer_label(q, a, lang) if state == "active" or a is not None else t(f"status.{state}", lang)
        rows.append({t("results.col_question", lang): md.escape(q.label.get(lang)),
                     t("results.col_answer", lang): md.escape(shown) if shown else "—",
                     t("detail.col_evidence", lang): _evidence(stored.get(q.id)) or "—"})
    return pd.DataFrame(rows)


def _answers(actor: Actor, qn: Questionnaire, info: AssessmentInfo, lang: str) -> None:
    stored = assessments.load_answers(runtime.engine(), actor, info.id)
    answers = to_answers(stored)
    ctx = AnswerContext(qn, answers)
    for qfile in [qn.profile, *(d.file for d in qn.domains)]:
        st.subheader(qfile.short.get(lang), anchor=f"answers-{qfile.id}")
        st.table(_page_table(qfile, stored, answers, ctx, lang), hide_index=True, border="horizontal")


def _files(actor: Actor, qn: Questionnaire, info: AssessmentInfo, lang: str) -> None:
    engine = runtime.engine()
    files = evidence.list_files(engine, actor, info.id)
    if not files:
        return
    st.subheader(t("detail.files", lang))
    for file in files:
        asked = qn.questions.get(file.question_id)
        label = asked.label.get(lang)[:60] if asked else file.question_id
        st.download_button(f"📎 {md.escape(file.filename)} — {label}",
                           audited(partial(_file_data, engine, actor, file.id), "evidence_file",
                                   agency_id=info.agency_id, year=info.year, target=f"file:{file.id}"),
                           file_name=file.filename, mime=file.mime, key=f"file_{file.id}", on_click="ignore")


def _file_data(engine: Engine, actor: Actor, file_id: int) -> bytes:
    """An evidence file's bytes, read when its download is clicked (off the script's thread: no `st`)."""
    return evidence.get_file(engine, actor, file_id).data


def main() -> None:
    actor = shell.require_actor()
    lang = runtime.lang()
    qn = runtime.catalog().questionnaire
    year = shell.selected_year()
    rows = province_data.rows(actor, year, st.session_state.get("plan_id"))
    st.title(t("detail.title", lang, year=year))
    shell.show_flash()
    names = {r.agency_id: r.name for r in rows}
    if not names:
        st.info(t("glance.nothing", lang, year=year))
        return
    agency_id = _choose_agency(names, lang)
    info = assessments.get_assessment(runtime.engine(), actor, agency_id, year)
    _status(actor, info, names[agency_id], year, lang)
    tab_results, tab_answers = st.tabs([t("detail.tab_results", lang), t("detail.tab_answers", lang)])
    with tab_results:
        results_view.show(actor, agency_id, names[agency_id], year, lang, key="detail")
    with tab_answers:
        if info is None:
            st.info(t("results.nothing", lang, year=year))
        else:
            _answers(actor, qn, info, lang)
            _files(actor, qn, info, lang)


main()
