"""The agency leader's home for a year: status, deadline, progress per page, what is missing, and
the way to submit. Also where last year's answers, or an answers file, can start a draft."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from reports import text
from scoring.answers import AnswerError, AnswerFile, dump_answer_file, loads_answer_file
from scoring.completeness import Gap, Progress, gaps, overall, progress, undecided
from scoring.conditions import AnswerContext
from scoring.invalid import Reason
from scoring.loader import Questionnaire
from scoring.models import QuestionnaireFile
from store import agencies, assessments, clock, years
from store.conversion import to_stored
from store.errors import StoreError
from store.records import StoredAnswer
from ui import draft as drafts
from ui import md, runtime, shell
from ui.errors import error_text
from ui.exports import audited
from ui.i18n import t

MAX_IMPORT_MB = 1  # one agency's answers are a few tens of KB; Streamlit's uploader counts whole MB
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024


def _status_line(info, lang: str) -> None:
    if info.status == "submitted":
        when = text.timestamp(info.submitted_at, lang) if info.submitted_at else ""
        st.success(t("overview.status_submitted", lang, when=when), icon=":material/task_alt:")
    elif info.status == "returned":
        st.warning(t("overview.status_returned", lang, comment=md.escape(info.returned_comment or "")),
                   icon=":material/undo:")
    else:
        st.info(t("overview.status_draft", lang), icon=":material/edit:")


SOON_DAYS = 7  # from a week before the deadline, an unsent assessment is reminded of it in colour


def _deadline(year: int, submitted: bool, lang: str) -> years.YearInfo | None:
    """The deadline, in Việt Nam's date; a warning, not a grey line, while the assessment is still to
    be sent and the deadline is near or past. Returns the year, for the submission's confirmation."""
    info = years.get_year(runtime.engine(), shell.require_actor(), year)
    if info is None:
        return None
    left = years.days_left(info.deadline)
    when = text.date_short(info.deadline, lang)
    if not info.is_open:
        st.caption(t("overview.year_closed", lang, year=year))
        return info
    line = (t("overview.deadline", lang, date=when, days=left) if left >= 0
            else t("overview.deadline_passed", lang, date=when, days=-left))
    if submitted or left > SOON_DAYS:
        st.caption(line)
    else:
        st.warning(line, icon=":material/event_busy:" if left < 0 else ":material/event:")
    return info


def _total_line(total: Progress, open_pages: dict[str, set[str]], lang: str) -> str:
    """The whole assessment's count; while answers still to give decide whether more questions are
    asked, it says the total is so far, and whether the profile is what may add to it."""
    key = ("overview.progress_total" if not open_pages else
           "overview.progress_open_profile" if "profile" in open_pages else "overview.progress_open_answers")
    return t(key, lang, done=total.done, total=total.total)


def _do_copy_last_year(lang: str) -> None:
    d = drafts.current()
    actor = runtime.current_actor()
    if d is None or actor is None:
        return
    try:
        per_year = [q.id for q in runtime.catalog().questionnaire.questions.values() if q.per_year]
        n = assessments.copy_previous_year(runtime.engine(), actor, d.info.id, to_confirm=per_year)
    except StoreError as exc:
        st.session_state["overview_msg"] = ("error", error_text(exc, lang))
        return
    drafts.forget()
    st.session_state["overview_msg"] = ("success", t("overview.copied", lang, n=n))


def _do_submit(lang: str) -> None:
    d = drafts.current()
    actor = runtime.current_actor()
    if d is None or actor is None:
        return
    qn = runtime.catalog().questionnaire
    if any(g.kind == "unanswered" for g in gaps(qn, d.answers)):
        st.session_state["overview_msg"] = ("error", t("overview.submit_incomplete", lang))
        return
    try:
        assessments.submit(runtime.engine(), actor, d.info.id, d.info.row_version, qn.version, qn.content_hash,
                           questionnaire=qn)
    except StoreError as exc:
        st.session_state["overview_msg"] = ("error", error_text(exc, lang))
        return
    drafts.forget()
    st.session_state["overview_msg"] = ("success", t("overview.submitted", lang))


@st.dialog(" ", width="medium")
def _confirm_submit(lang: str, n_evidence: int, days_late: int) -> None:
    st.markdown(f"**{t('overview.confirm_title', lang)}**")
    st.write(t("overview.confirm_text", lang))
    if days_late > 0:  # still accepted; the department's campaign page shows it as late
        st.warning(t("overview.confirm_late", lang, n=days_late))
    if n_evidence:
        st.warning(t("overview.confirm_evidence", lang, n=n_evidence))
    c1, c2 = st.columns(2)
    # The submission runs in the callback (testable without a browser); the full rerun closes the dialog.
    confirmed = c1.button(t("overview.confirm_yes", lang), type="primary", key="confirm_submit",
                          on_click=_do_submit, args=(lang,), width="stretch")
    if confirmed or c2.button(t("common.cancel", lang), key="cancel_submit", width="stretch"):
        st.rerun()


@dataclass(frozen=True)
class _Refusal:
    """Why an uploaded answers file was refused: a message key, its values, the parser's problems;
    said in the reader's language when shown."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    problems: tuple[tuple[str, Reason], ...] = ()

    def text(self, lang: str) -> str:
        head = t(self.key, lang, **dict(self.values))
        lines = [f"- {md.escape(qid)}: {md.escape(why.message(lang))}" for qid, why in self.problems]
        return head + "\n\n" + "\n".join(lines) if lines else head


def _read_upload(data: bytes, name: str, agency_id: str) -> AnswerFile | _Refusal:
    if len(data) > MAX_IMPORT_BYTES:
        return _Refusal("overview.import_too_big", (("kb", MAX_IMPORT_BYTES // 1024),))
    try:
        af = loads_answer_file(runtime.catalog().questionnaire, data.decode("utf-8", errors="strict"), name)
    except UnicodeDecodeError:
        return _Refusal("overview.import_not_utf8")
    except AnswerError as exc:
        return _Refusal("overview.import_invalid", problems=tuple(exc.problems[:30]))
    if af.agency_id != agency_id:
        return _Refusal("overview.import_other_agency", (("found", md.escape(af.agency_id)),
                                                          ("expected", md.escape(agency_id))))
    return af


def _read_once(upload, agency_id: str) -> AnswerFile | _Refusal:
    """An uploaded file is read once: every later run of the page (any click) reuses the outcome,
    kept under the upload's id, instead of parsing the file again."""
    held = st.session_state.get("import_read")
    if held is None or held[0] != upload.file_id:
        held = (upload.file_id, _read_upload(upload.getvalue(), upload.name, agency_id))
        st.session_state["import_read"] = held
    return held[1]


def _empty_uploader() -> None:
    """Streamlit lets no one empty an uploader: the next run draws a new one, under a new key."""
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    st.session_state.pop("import_read", None)


def _import(actor, d: drafts.Draft, agency_id: str, year: int, lang: str) -> None:
    upload = st.file_uploader(t("overview.import_label", lang, mb=MAX_IMPORT_MB), type=["yaml", "yml"],
                              key=f"import_answers_{st.session_state.get('import_round', 0)}",
                              max_upload_size=MAX_IMPORT_MB)  # enforced in the browser
    refusal = st.session_state.pop("import_refusal", None)  # said once, under the emptied uploader
    if upload is None:
        if refusal is not None:
            st.error(refusal.text(lang))
        return
    af = _read_once(upload, agency_id)
    if isinstance(af, _Refusal):  # the refused file is not kept, nor read again on the next click
        st.session_state["import_refusal"] = af
        _empty_uploader()
        st.rerun()
    st.caption(t("overview.import_ready", lang, n=len(af.answers), year=af.year))
    if st.button(t("overview.import_apply", lang), key="import_apply"):
        changes: dict[str, StoredAnswer | None] = {qid: to_stored(a) for qid, a in af.answers.items()}
        try:
            assessments.save_answers(runtime.engine(), actor, d.info.id, changes, d.info.row_version)
        except StoreError as exc:
            st.error(error_text(exc, lang))
            return
        drafts.forget()
        _empty_uploader()
        st.session_state["overview_msg"] = ("success", t("overview.imported", lang, n=len(changes)))
        st.rerun()


def _page_cards(files: list[tuple[str, QuestionnaireFile]], prog: dict[str, Progress], missing: list[Gap],
                lang: str) -> None:
    """A card per page: its link, its progress, and how many of its questions are still unanswered."""
    cols = st.columns(3)
    for i, (fid, qfile) in enumerate(files):
        p = prog[fid]
        with cols[i % 3].container(border=True):
            shell.link(fid, qfile.short.get(lang))  # a card's link keeps to one line: the navigation's names fit
            st.progress(p.fraction, text=f"{p.done}/{p.total}")
            n_missing = sum(1 for g in missing if g.file_id == fid and g.kind == "unanswered")
            st.caption(t("overview.missing_n", lang, n=n_missing) if n_missing else t("overview.page_done", lang))


def _submit_section(qn: Questionnaire, files: list[tuple[str, QuestionnaireFile]], missing: list[Gap],
                    year_info: years.YearInfo | None, lang: str) -> None:
    """What is still missing, page by page with links, and the button that sends the assessment."""
    unanswered = [g for g in missing if g.kind == "unanswered"]
    no_evidence = [g for g in missing if g.kind == "evidence"]
    st.subheader(t("overview.submit_title", lang))
    titles = {fid: qfile.title.get(lang) for fid, qfile in files}
    if unanswered:
        st.warning(t("overview.missing_list", lang, n=len(unanswered)))
        for fid in dict.fromkeys(g.file_id for g in unanswered):
            items = [qn.questions[g.question].label.get(lang) for g in unanswered if g.file_id == fid]
            shell.link(fid, titles[fid])
            st.caption("; ".join(items[:8]) + (" …" if len(items) > 8 else ""))
    if no_evidence:
        with st.expander(t("overview.evidence_list", lang, n=len(no_evidence))):
            # by page, each with its link, as the unanswered ones are (a bare list named no page)
            for fid in dict.fromkeys(g.file_id for g in no_evidence):
                shell.link(fid, titles[fid])
                for g in no_evidence:
                    if g.file_id == fid:
                        st.markdown(f"- {qn.questions[g.question].label.get(lang)}")
    if st.button(t("overview.submit", lang), type="primary", disabled=bool(unanswered), key="submit",
                 icon=":material/send:"):
        late = years.days_late(year_info.deadline, clock.now()) if year_info else 0  # if sent now
        _confirm_submit(lang, len(no_evidence), late)


def main() -> None:
    actor = shell.require_actor()
    lang = runtime.lang()
    cat = runtime.catalog()
    qn = cat.questionnaire
    agency_id, year = shell.assessment_target(actor)
    if agency_id is None:
        st.info(t("assess.no_agency", lang))
        return
    agency = agencies.get_agency(runtime.engine(), actor, agency_id, year=year)  # a closed year: as it closed
    st.title(t("overview.title", lang, year=year))
    st.caption(md.escape(agency.name))
    shell.other_open_years(actor, year, lang)
    d = drafts.load(actor, agency_id, year)
    if d is None:
        st.info(t("assess.year_not_open", lang, year=year))
        return
    msg = st.session_state.pop("overview_msg", None)
    if msg:
        (st.success if msg[0] == "success" else st.error)(msg[1])
    _status_line(d.info, lang)
    year_info = _deadline(year, d.info.status == "submitted", lang)

    answers = d.answers
    ctx = AnswerContext(qn, answers)
    prog = progress(qn, answers, ctx)
    total = overall(prog)
    st.progress(total.fraction, text=_total_line(total, undecided(qn, answers, ctx), lang))
    files = [("profile", qn.profile)] + [(dm.id, dm.file) for dm in qn.domains]
    missing = gaps(qn, answers, ctx)
    _page_cards(files, prog, missing, lang)

    editable = d.editable and shell.year_open(year)
    # offered for as long as last year answered a question still empty here (only those are filled)
    if editable and shell.last_year_answers(actor, agency_id, year).keys() - d.stored.keys():
        st.caption(t("assess.copy_offer_all", lang, year=year - 1))
        st.button(t("overview.copy_last_year", lang, year=year - 1), on_click=_do_copy_last_year, args=(lang,),
                  icon=":material/content_copy:", key="copy_last_year")

    if editable:
        _submit_section(qn, files, missing, year_info, lang)

    st.subheader(t("overview.files_title", lang))
    agency_file = AnswerFile(agency_id, agency.name, year, answers)
    st.download_button(t("overview.export_yaml", lang),
                       audited(lambda: dump_answer_file(qn, agency_file).encode("utf-8"), "answers_yaml",
                               agency_id=agency_id, year=year),
                       file_name=f"pressdx-{agency_id}-{year}.yaml", mime="application/x-yaml",
                       icon=":material/download:", on_click="ignore", key="export_yaml")
    if editable:
        _import(actor, d, agency_id, year, lang)


main()
