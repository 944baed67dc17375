"""Between the scoring layer's answers and the store's rows: one place, so no page converts by hand."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.answers import Answer, Evidence
from store.records import StoredAnswer

NO_EVIDENCE = Evidence()  # frozen: one shared by every answer without proof
FILE_SEPARATOR = "; "


def to_answer(row: StoredAnswer) -> Answer:
    """Most answers carry no evidence: they share one empty `Evidence` (a province page reads ~90,000
    answers a year, and building a frozen dataclass for nothing was a sixth of its first load). The
    files are named as reports and answers files show them, "; " between two."""
    if row.evidence_note is None and row.evidence_link is None and not row.has_file:
        evidence = NO_EVIDENCE
    else:
        evidence = Evidence(note=row.evidence_note, link=row.evidence_link,
                            file=FILE_SEPARATOR.join(row.file_names) or None)
    return Answer(value=None if row.na_reason else row.value, na_reason=row.na_reason, evidence=evidence)


def to_answers(rows: Mapping[str, StoredAnswer]) -> dict[str, Answer]:
    """The answers that count: one copied from an earlier year and not yet confirmed is left out (not
    answered, not scored, in no indicator) until the agency confirms it."""
    return {qid: to_answer(row) for qid, row in rows.items() if not row.unconfirmed}


def to_stored(ans: Answer) -> StoredAnswer:
    return StoredAnswer(
        value=ans.value,
        na_reason=ans.na_reason,
        evidence_note=ans.evidence.note,
        evidence_link=ans.evidence.link,
    )
