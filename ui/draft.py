"""The assessment being filled in this browser tab: loaded from the database, saved on every change.

Session state only mirrors the database (the answers and the row version they were read at); it is
never the storage. On every full rerun the row version is compared with the database's, so answers
saved from another tab or by a colleague replace the stale copy instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from reports.text import local
from scoring.answers import Answer, cross_check, parse_answer
from scoring.catalog import Catalog
from scoring.formatting import answer_label
from scoring.invalid import Invalid
from store import assessments
from store.access import Actor
from store.conversion import to_answers, to_stored
from store.errors import ConflictError, StoreError
from store.records import AssessmentInfo, StoredAnswer
from ui import md, runtime
from ui.errors import error_text
from ui.i18n import t

KEY = "draft"


@dataclass
class Draft:
    info: AssessmentInfo
    stored: dict[str, StoredAnswer]
    saved_at: dict[str, datetime] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)  # a change not saved yet, and why
    conflict: str | None = None
    # The answers as the scoring layer reads them, converted once and kept in step by `save`, which is
    # the only place `stored` changes (a rerun would otherwise convert every answer for every question).
    _answers: dict[str, Answer] | None = field(default=None, repr=False, compare=False)

    @property
    def answers(self) -> dict[str, Answer]:
        """A fresh dict (callers may change it) of the kept answers."""
        if self._answers is None or self._answers.keys() != self.counted:
            self._answers = to_answers(self.stored)
        return dict(self._answers)

    @property
    def counted(self) -> set[str]:
        """The questions whose stored answer counts: not one copied from last year and not confirmed."""
        return {qid for qid, row in self.stored.items() if not row.unconfirmed}

    @property
    def editable(self) -> bool:
        return self.info.editable

    def drop_unsaved(self) -> None:
        """Forget the refused and waiting changes: a full run sets every widget back to the saved
        answer (`ui.question_widgets._held`), so a message about a value no longer shown would
        mislead, and would stay in the language it was written in after a switch."""
        self.errors.clear()
        self.pending.clear()


def load(actor: Actor, agency_id: str, year: int, *, create: bool = True) -> Draft | None:
    """The draft for (agency, year), refreshed from the database when it changed there."""
    cat = runtime.catalog()
    engine = runtime.engine()
    qn = cat.questionnaire
    if create:
        info = assessments.open_assessment(engine, actor, agency_id, year, qn.version, qn.content_hash)
    else:
        info = assessments.get_assessment(engine, actor, agency_id, year)
    if info is None:
        return None
    cached: Draft | None = st.session_state.get(KEY)
    if cached is not None and cached.info.id == info.id and cached.info.row_version == info.row_version:
        cached.info = info
        return cached
    draft = Draft(info, assessments.load_answers(engine, actor, info.id))
    st.session_state[KEY] = draft
    return draft


def current() -> Draft | None:
    return st.session_state.get(KEY)


def forget() -> None:
    st.session_state.pop(KEY, None)


def save(actor: Actor, cat: Catalog, draft: Draft, qid: str, raw: Any, lang: str) -> bool:
    """Validate one question's answer with the scoring layer and store it at once.

    Returns True when saved. A refused value keeps the previously saved answer and says why; a
    conflict (someone saved since this page loaded, or the stored answer is not the one this draft
    holds: the save names it) saves nothing and asks to reload."""
    qn = cat.questionnaire
    q = qn.questions[qid]
    draft.errors.pop(qid, None)
    draft.pending.pop(qid, None)
    try:
        ans = parse_answer(q, raw) if raw is not None else None
    except Invalid as exc:
        draft.errors[qid] = t("save.refused", lang, reason=exc.message(lang))  # the field shows what was refused
        return False
    if ans is not None and not (ans.answered or ans.is_na or ans.evidence.present):
        ans = None
    merged = draft.answers
    if ans is None:
        merged.pop(qid, None)
    else:
        merged[qid] = ans
    for bad_qid, _ in cross_check(qn, merged):
        whole_id = qn.questions[bad_qid].max_from
        if whole_id is not None and qid in (bad_qid, whole_id):
            part, whole = qn.questions[bad_qid], qn.questions[whole_id]
            # Said of the answer just refused: the part too large, or the whole too small.
            said = "save.more_than" if bad_qid == qid else "save.less_than"
            draft.errors[qid] = t(said, lang, part=part.label.get(lang), whole=whole.label.get(lang),
                                  part_value=answer_label(part, merged.get(part.id), lang),
                                  whole_value=answer_label(whole, merged.get(whole.id), lang))
            return False
    stored = to_stored(ans) if ans is not None else None
    if stored is not None and qid in draft.stored and draft.stored[qid].has_file:
        # its files stay: what the draft shows and reports keeps their names
        stored = replace(stored, file_names=draft.stored[qid].file_names)
    try:
        version = assessments.save_answers(runtime.engine(), actor, draft.info.id, {qid: stored},
                                           draft.info.row_version, replaces={qid: draft.stored.get(qid)})
    except ConflictError as exc:
        draft.conflict = md.escape(error_text(exc, lang))
        return False
    except StoreError as exc:
        draft.errors[qid] = error_text(exc, lang)
        return False
    if stored is None:
        draft.stored.pop(qid, None)
    else:
        draft.stored[qid] = stored
    draft._answers = None  # converted again on next use
    draft.info = _with_version(draft.info, version)
    draft.saved_at[qid] = local(datetime.now(UTC))
    return True


def _with_version(info: AssessmentInfo, version: int) -> AssessmentInfo:
    return replace(info, row_version=version)
