"""One question on screen: its widget, help, N/A, evidence, last year's answer and the saved mark.

Widget keys are the question ids (stable forever), option values are codes and only their labels are
translated, so switching the language never resets an answer. Every widget saves through one callback,
which reads all of the question's widgets, hands the answer to `ui.draft.save`, and says what must be
drawn again: the question, with the progress bar when the count moved, or the whole form when the
answer showed or hid another question (the page draws each question as a fragment keyed by
`fragment_key`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from scoring.answers import Answer, settle_exclusive
from scoring.catalog import Catalog
from scoring.completeness import Progress, progress
from scoring.conditions import AnswerContext
from scoring.formatting import answer_label
from scoring.loader import Questionnaire
from scoring.models import NUMERIC_TYPES, EvidencePolicy, Question, QuestionType
from store import evidence as evidence_store
from store.access import Actor
from store.conversion import to_answer
from store.errors import StoreError
from store.records import FileInfo, StoredAnswer
from store.uploads import max_upload_megabytes, max_upload_text
from ui import draft as drafts
from ui import md, number_field, runtime
from ui.errors import error_text
from ui.exports import audited
from ui.i18n import t

UPLOAD_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx"]
FORM_KEY = "form"  # the fragment holding a questionnaire page's questions
# The part of an answer a widget changes; a callback reads only that part from the widgets
VALUE, NA, EVIDENCE = "value", "na", "evidence"
PROGRESS_KEY = "progress"  # the fragment holding its progress bar


def key(kind: str, qid: str) -> str:
    return f"{kind}_{qid}"


def fragment_key(qid: str) -> str:
    return f"qf_{qid}"


def _held(k: str, value: Any, *, resend: bool = False) -> Any:
    """What a widget starts from, `value` (the stored answer). A choice widget keeps the label it
    showed as its state, and any widget keeps its own value while it stays on the page: after the
    language changes, or another year's or a reloaded draft is drawn, it would show a label of the
    other language (read back as an unknown option) or an answer that is not the stored one. So on
    every full run each widget drawn is set to `value` through its key, which reaches the browser.
    The stored answer is also its default in every run, and an answer widget (`resend`) still holding
    it is set to it again in a question's own rerun: a widget the browser draws only after that rerun
    sent it again (its code still loading when the page opened) starts from what that rerun says, and
    a blank was drawn, and reported back, as an empty answer. (Text fields are not set again: a rerun
    would overwrite what the reader goes on typing.)"""
    if runtime.in_app_run() or (resend and k in st.session_state and st.session_state[k] == value):
        st.session_state[k] = value
    return value


def _around(qn: Questionnaire, answers: Mapping[str, Answer]) -> tuple[dict[str, str], dict[str, Progress]]:
    """What an answer can change outside its own question: which questions are shown, and the
    pages' progress counts."""
    ctx = AnswerContext(qn, answers)
    return {qid: ctx.state(qid) for qid in qn.questions}, progress(qn, answers, ctx)


def _rerun(targets: str | list[str]) -> None:
    """Rerun only `targets` (fragment keys) after this callback. A key this session has not drawn
    (a page left before its callback ran) falls back to the whole app rather than an error."""
    try:
        st.rerun(targets)
    except StreamlitAPIException:
        st.rerun()


def _redraw(qid: str, targets: list[str]) -> None:
    """Rerun `targets` after this question's callback. In the browser the click's own run is already
    this question's fragment, where its widgets are drawn: asking for that fragment alone would only
    add a second, empty script run (its start and end messages, which the page handles too), so then
    nothing is asked."""
    if targets == [fragment_key(qid)] and runtime.run_is_only(fragment_key(qid)):
        return
    _rerun(targets)


def _raw_from_widgets(q: Question, stored: StoredAnswer | None = None, part: str = VALUE) -> Any:
    """The question's answer as the answers file would write it: the `part` whose widget changed
    read from its widgets, the rest from the stored answer. A widget the reader did not touch may
    hold only its starting state (drawn late in the browser, or not drawn: the evidence fields only
    while their expander is open), and that must never be written over a stored answer."""
    ss = st.session_state
    note_key, link_key = key("evn", q.id), key("evl", q.id)
    note = stored.evidence_note if stored else None
    link = stored.evidence_link if stored else None
    if part == EVIDENCE:
        note = ss.get(note_key) if note_key in ss else note
        link = ss.get(link_key) if link_key in ss else link
    note = (note or "").strip() or None
    link = (link or "").strip() or None
    evidence = {k: v for k, v in (("note", note), ("link", link)) if v}
    na = bool(ss.get(key("na", q.id))) if part == NA else bool(stored and stored.na_reason)
    if na:
        reason = ss.get(key("nar", q.id)) if part == NA else stored.na_reason if stored else None
        return {"na_reason": (reason or "").strip(), "evidence": evidence or None}
    value = (stored.value if stored else None) if part == EVIDENCE else ss.get(key("q", q.id))
    if q.type == QuestionType.MULTI_CHOICE:
        value = list(value or []) or None
    elif q.type == QuestionType.TEXT:
        value = (value or "").strip() or None
    if value is None and not evidence:
        return None
    return {"value": value, "evidence": evidence or None}


def on_change(qid: str, actor: Actor | None, lang: str, part: str = VALUE) -> None:
    cat = runtime.catalog()
    qn = cat.questionnaire
    d = drafts.current()
    actor = runtime.current_actor()  # a session ended since the page was drawn saves nothing
    if d is None or actor is None:
        _rerun(FORM_KEY)
        return
    q = qn.questions[qid]
    raw = _changed_answer(q, d, part, lang, actor)
    if raw is number_field.HELD:
        _redraw(qid, [fragment_key(qid)])
        return
    if isinstance(raw, dict) and "na_reason" in raw and not raw["na_reason"]:
        d.pending[qid] = t("question.na_reason_needed", lang)
        _redraw(qid, [fragment_key(qid)])
        return
    shown, counts = _around(qn, d.answers)
    redraw = [fragment_key(qid)]
    if drafts.save(actor, cat, d, qid, raw, lang):
        _after_save(q, d, lang)
        redraw += _retry_parts(cat, d, qid, actor, lang)
    shown_now, counts_now = _around(qn, d.answers)
    if d.conflict or shown_now != shown:
        _rerun(FORM_KEY)
        return
    if counts_now != counts:
        redraw.append(PROGRESS_KEY)
    _redraw(qid, redraw)


def _changed_answer(q: Question, d: drafts.Draft, part: str, lang: str, actor: Actor) -> Any:
    """The answer the changed widget gives, read as the answers file would write it: a number as the
    reader writes numbers (or HELD, a jump from last year waiting to be confirmed), a multiple choice
    with "none" and the other options kept apart."""
    qid = q.id
    raw = _raw_from_widgets(q, d.stored.get(qid), part)
    if q.type in NUMERIC_TYPES:  # the text typed, read as the reader writes numbers
        return number_field.read(q, raw, d, lang, number_field.last_year(actor, q, d))
    if q.type == QuestionType.MULTI_CHOICE and isinstance(raw, dict) and raw.get("value"):
        before = d.answers[qid].value if qid in d.answers and d.answers[qid].answered else []
        settled = settle_exclusive(q, before or [], raw["value"])
        if settled != raw["value"]:  # "none" picked beside others, or another beside "none"
            st.session_state[key("q", qid)] = settled  # the pills show what is saved
            raw["value"] = settled
    return raw


def _after_save(q: Question, d: drafts.Draft, lang: str) -> None:
    """The fields show what was saved, and the proof an answer needs to score is asked for."""
    if q.type in NUMERIC_TYPES:
        number_field.echo(q, d, key("q", q.id), lang)
    _show_link_as_saved(q.id, d)
    if _needs_proof(q, d):
        st.session_state[key("evx", q.id)] = True  # ask for the proof the answer needs to score


def _retry_parts(cat: Catalog, d: drafts.Draft, qid: str, actor: Actor, lang: str) -> list[str]:
    """A number refused for being more than this one (trained staff > staff) may fit now: it is tried
    again, with what its field on this page holds (never from a field that is not drawn: that would be
    read as an empty answer). The fragments to redraw."""
    qn = cat.questionnaire
    redraw = []
    for other in qn.questions.values():
        if other.max_from != qid or other.id not in d.errors or d.conflict:
            continue
        if key("q", other.id) not in st.session_state:
            continue
        retry = _raw_from_widgets(other, d.stored.get(other.id))
        if other.type in NUMERIC_TYPES:
            retry = number_field.read(other, retry, d, lang, number_field.last_year(actor, other, d))
        if retry is not None and retry is not number_field.HELD:
            if drafts.save(actor, cat, d, other.id, retry, lang) and other.type in NUMERIC_TYPES:
                number_field.echo(other, d, key("q", other.id), lang)
            redraw.append(fragment_key(other.id))
    return redraw


def _show_link_as_saved(qid: str, d: drafts.Draft) -> None:
    """The link field shows the link as saved ("https://" added to "baovinhlong.vn/qd"), not as typed."""
    link_key = key("evl", qid)
    saved = d.stored[qid].evidence_link if qid in d.stored else None
    if saved and link_key in st.session_state and st.session_state[link_key] != saved:
        st.session_state[link_key] = saved


def _uploader_key(qid: str) -> str:
    """The evidence uploader's key, renewed after each file it hands over: Streamlit lets no one empty an
    uploader, and one still showing the stored file beside the list of files would say it twice, and go
    on showing a file after it is removed."""
    return f"{key('evf', qid)}_{st.session_state.get(key('evfn', qid), 0)}"


def on_upload(qid: str, actor: Actor | None, lang: str) -> None:
    d = drafts.current()
    upload = st.session_state.get(_uploader_key(qid))
    actor = runtime.current_actor()
    if d is None or upload is None or actor is None:
        return
    try:
        evidence_store.attach_file(runtime.engine(), actor, d.info.id, qid, upload.name, upload.type,
                                   upload.getvalue())
    except StoreError as exc:
        d.errors[qid] = error_text(exc, lang)
        return
    st.session_state[key("evfn", qid)] = st.session_state.get(key("evfn", qid), 0) + 1  # an empty uploader
    drafts.forget()  # the upload changed the assessment's row version: read it afresh


def on_remove(qid: str, file_id: int, lang: str) -> None:
    d = drafts.current()
    actor = runtime.current_actor()
    if d is None or actor is None:
        return
    try:
        evidence_store.delete_file(runtime.engine(), actor, file_id)
    except StoreError as exc:
        d.errors[qid] = error_text(exc, lang)
        return
    drafts.forget()  # the answer's proof changed: read it afresh


def render(q: Question, cat: Catalog, d: drafts.Draft, actor: Actor, lang: str, *, editable: bool,
           last_year: Answer | None, last_year_label: str | None) -> None:
    stored: StoredAnswer | None = d.stored.get(q.id)
    # a copied figure not yet confirmed counts nowhere, but its widget shows it
    ans = d.answers.get(q.id) or (to_answer(stored) if stored is not None else None)
    disabled = not editable
    with st.container(border=True, key=f"question_{q.id}"):
        title = q.label.get(lang) + ("" if q.required else f" _({t('question.optional', lang)})_")
        st.markdown(f"**{title}**")
        if q.help:
            st.caption(q.help.get(lang))
        na_checked = bool(stored and stored.na_reason)
        args = {"on_change": on_change, "args": (q.id, actor, lang), "disabled": disabled or na_checked}
        _value_widget(q, ans, lang, args)
        if stored is not None and stored.unconfirmed:
            _unconfirmed(q, d, actor, lang, disabled, last_year_label)
        if na_checked and not disabled and st.session_state.get(key("q", q.id)) not in (None, "", []):
            # the answer set aside stays on the page, greyed, to come back if N/A is unticked: say so,
            # or it reads as both "N/A" and an answer
            st.caption(t("question.na_kept", lang))
        if q.na_allowed:
            _na_fields(q, stored, actor, lang, disabled=disabled, checked=na_checked)
        if q.evidence != EvidencePolicy.NONE:
            _evidence(q, d, stored, actor, lang, disabled)
        notes = _notes(q, d, stored, lang, last_year, last_year_label)
        if notes:
            st.caption(" · ".join(notes))
        _status(q, d, lang)


def _na_fields(q: Question, stored: StoredAnswer | None, actor: Actor, lang: str, *, disabled: bool,
               checked: bool) -> None:
    """The "not applicable" box and, while it is ticked, the reason it asks for."""
    st.checkbox(t("question.na", lang), value=bool(_held(key("na", q.id), checked)), key=key("na", q.id),
                disabled=disabled, on_change=on_change, args=(q.id, actor, lang, NA))
    if st.session_state.get(key("na", q.id), checked):
        st.text_input(t("question.na_reason", lang),
                      value=_held(key("nar", q.id), (stored.na_reason if stored else "") or ""),
                      key=key("nar", q.id), disabled=disabled, max_chars=1000,
                      on_change=on_change, args=(q.id, actor, lang, NA))


def _notes(q: Question, d: drafts.Draft, stored: StoredAnswer | None, lang: str, last_year: Answer | None,
           last_year_label: str | None) -> list[str]:
    """The line under a question: evidence present, last year's answer (and its proof's note, as a hint:
    proof is not copied), the question's sources."""
    notes = []
    if stored and (stored.evidence_note or stored.evidence_link or stored.has_file):
        notes.append("✓ " + t("question.evidence_present", lang))
    if last_year is not None and last_year_label:
        notes.append(f"{last_year_label}: {md.escape(answer_label(q, last_year, lang))}")
        if last_year.evidence.note and not (stored and stored.evidence_note):
            notes.append(f"{t('question.last_year_evidence', lang, year=d.info.year - 1)}: "
                         f"{md.escape(last_year.evidence.note)}")
    if q.source:
        notes.append(t("question.source", lang) + ": " + "; ".join(s.get(lang) for s in q.source))
    return notes


def _unconfirmed(q: Question, d: drafts.Draft, actor: Actor, lang: str, disabled: bool,
                 last_year_label: str | None) -> None:
    """A figure of the assessment year copied from last year: said plainly, with the way to confirm it
    (changing it confirms it too)."""
    st.warning(t("question.unconfirmed", lang, year=d.info.year - 1), icon=":material/content_copy:")
    if not disabled:
        st.button(t("question.confirm", lang), key=key("confirm", q.id), on_click=on_confirm,
                  args=(q.id, lang), icon=":material/check:")


def on_confirm(qid: str, lang: str) -> None:
    """Keep the copied figure as this year's answer: saved as the agency's own, it counts from now."""
    d = drafts.current()
    actor = runtime.current_actor()
    if d is None or actor is None or qid not in d.stored:
        _rerun(FORM_KEY)
        return
    q = runtime.catalog().questionnaire.questions[qid]
    drafts.save(actor, runtime.catalog(), d, qid, _raw_from_widgets(q, d.stored[qid], EVIDENCE), lang)
    _rerun(FORM_KEY)  # the page's count moved, and what depends on the figure


def _value_widget(q: Question, ans: Answer | None, lang: str, args: dict[str, Any]) -> None:
    k = key("q", q.id)
    label = q.label.get(lang)
    common = {"key": k, "label_visibility": "collapsed", **args}
    codes = [o.code for o in q.choices]
    labels = {o.code: o.label.get(lang) for o in q.choices}
    if ans is not None and ans.is_na:
        # N/A keeps no value: the widget keeps the one chosen before (read back as a code, in the
        # language it was drawn in), so unticking N/A brings it back
        value = st.session_state.get(k)
    else:
        value = ans.value if ans is not None and ans.answered else None
    is_number = q.type in NUMERIC_TYPES
    if is_number:
        value = number_field.text(value, lang)
    elif q.type == QuestionType.MULTI_CHOICE:
        value = [c for c in (value if isinstance(value, list | tuple) else []) if c in codes]
    elif q.type == QuestionType.TEXT:
        value = value if isinstance(value, str) else ""
    elif value not in codes:
        value = None
    held = _held(k, value, resend=q.type != QuestionType.TEXT and not is_number)  # numbers are typed as text
    if q.type in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
        st.radio(label, codes, index=codes.index(held) if held in codes else None,
                 format_func=labels.__getitem__, horizontal=True, **common)
    elif q.type in (QuestionType.SINGLE_CHOICE, QuestionType.LEVEL):
        st.radio(label, codes, index=codes.index(held) if held in codes else None, format_func=labels.__getitem__,
                 **common)
    elif q.type == QuestionType.MULTI_CHOICE:
        st.pills(label, codes, selection_mode="multi", default=held, format_func=labels.__getitem__, **common)
    elif is_number:
        number_field.draw(q, label, held, lang, common)
    else:
        st.text_area(label, value=held, max_chars=5000, **common)
        st.caption(t("question.text_saved_on_leave", lang))


def _needs_proof(q: Question, d: drafts.Draft) -> bool:
    """An answer that would score but lacks the evidence its question requires (it counts as zero)."""
    stored = d.stored.get(q.id)
    if q.evidence != EvidencePolicy.REQUIRED or stored is None or stored.na_reason:
        return False
    if stored.evidence_note or stored.evidence_link or stored.has_file:
        return False
    return (AnswerContext(runtime.catalog().questionnaire, d.answers).score(q.id) or 0) > 0


def _evidence(q: Question, d: drafts.Draft, stored: StoredAnswer | None, actor: Actor, lang: str,
              disabled: bool) -> None:
    required = q.evidence == EvidencePolicy.REQUIRED
    title = t("question.evidence_required" if required else "question.evidence", lang)
    # Its label and parameters never change (Streamlit gives an expander a new identity, closed, when
    # they do, and saving a note would close it before the link or the file could be added); whether
    # it is open lives under its key, opened at first for an answer that lacks its required proof.
    k = key("evx", q.id)
    if k not in st.session_state:
        st.session_state[k] = _needs_proof(q, d)
    box = st.expander(title, key=k, on_change="rerun")
    # The fields are drawn only while the expander is open (opening it reruns the question): most
    # questions ask for evidence, and three widgets each, closed, would be a third of the page's work.
    with box:
        if not box.open:
            return
        st.text_input(t("question.evidence_note", lang),
                      value=_held(key("evn", q.id), (stored.evidence_note if stored else "") or ""),
                      key=key("evn", q.id), disabled=disabled, max_chars=2000,
                      placeholder=t("question.evidence_note_placeholder", lang),
                      on_change=on_change, args=(q.id, actor, lang, EVIDENCE))
        st.text_input(t("question.evidence_link", lang),
                      value=_held(key("evl", q.id), (stored.evidence_link if stored else "") or ""),
                      key=key("evl", q.id), disabled=disabled, max_chars=500, placeholder="https://…",
                      on_change=on_change, args=(q.id, actor, lang, EVIDENCE))
        if stored and stored.has_file:
            for f in evidence_store.list_files(runtime.engine(), actor, d.info.id, q.id):
                _file(f, d, q.id, lang, disabled)
        if not disabled:
            # The browser refuses a larger file at once (Streamlit's words, in English); the label
            # says the limit: max_upload_size, or the browser would say the server-wide 10 MB beside "5 MB".
            st.file_uploader(t("question.evidence_file", lang, mb=max_upload_text(lang)), type=UPLOAD_TYPES,
                             key=_uploader_key(q.id), on_change=on_upload, args=(q.id, actor, lang),
                             max_upload_size=math.ceil(max_upload_megabytes()))


def _file(f: FileInfo, d: drafts.Draft, qid: str, lang: str, disabled: bool) -> None:
    """A file kept as proof: opened from here, and removed while the assessment can be changed (a
    file attached by mistake must not stay, listed and out of reach, until the department sees it)."""
    engine, actor = runtime.engine(), runtime.current_actor()
    name, remove = st.columns([4, 1], vertical_alignment="center")
    name.download_button(f"{md.escape(f.filename)} ({f.size // 1024 or 1} KB)",
                         audited(lambda: evidence_store.get_file(engine, actor, f.id).data, "evidence_file",
                                 agency_id=d.info.agency_id, year=d.info.year, target=f"file:{f.id}"),
                         file_name=f.filename, mime=f.mime, key=f"evd_{f.id}", on_click="ignore", type="tertiary",
                         icon=":material/attach_file:")
    if disabled:
        return
    with remove.popover(t("question.evidence_remove", lang), icon=":material/delete:"):
        st.markdown(t("question.evidence_remove_confirm", lang, name=md.escape(f.filename)))
        st.button(t("question.evidence_remove", lang), key=f"evr_{f.id}", type="primary",
                  on_click=on_remove, args=(qid, f.id, lang))


def _status(q: Question, d: drafts.Draft, lang: str) -> None:
    with st.container(key=f"saved_{q.id}"):
        if q.id in d.errors:
            st.error(d.errors[q.id], icon="⚠️")
        elif q.id in d.pending:
            st.warning(d.pending[q.id], icon="✏️")
            held = number_field.awaiting(q.id)
            if held is not None:
                st.button(t("question.number_confirm", lang, value=number_field.text(held, lang)),
                          key=f"qconfirm_{q.id}", on_click=_confirm, args=(q.id, lang))
        elif q.id in d.saved_at:
            st.caption("✓ " + _saved(q, d, lang))


def _saved(q: Question, d: drafts.Draft, lang: str) -> str:
    """When the answer was saved; for a number, also what was saved, as the reader writes it."""
    time = d.saved_at[q.id].strftime("%H:%M:%S")
    stored = d.stored.get(q.id)
    if q.type in NUMERIC_TYPES and stored is not None and stored.value is not None:
        return t("question.saved_value_at", lang, value=number_field.text(stored.value, lang), time=time)
    return t("question.saved_at", lang, time=time)


def _confirm(qid: str, lang: str) -> None:
    """The leader confirms a number far from last year's: it is saved as any other answer."""
    number_field.confirm(qid)
    on_change(qid, runtime.current_actor(), lang)
