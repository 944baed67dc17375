"""Between the scoring layer's answers and the store's rows: one place, so no page converts by hand."""

from __future__ import annotations

from collections.abc import Mapping

from scoring.answers import Answer, Evidence
from store.records import StoredAnswer


def to_answer(row: StoredAnswer, filename: str | None = None) -> Answer:
    return Answer(
        value=None if row.na_reason else row.value,
        na_reason=row.na_reason,
        evidence=Evidence(
            note=row.evidence_note,
            link=row.evidence_link,
            file=(filename or "tệp đính kèm") if row.has_file else None,
        ),
    )


def to_answers(rows: Mapping[str, StoredAnswer]) -> dict[str, Answer]:
    return {qid: to_answer(row) for qid, row in rows.items()}


def to_stored(ans: Answer) -> StoredAnswer:
    return StoredAnswer(
        value=ans.value,
        na_reason=ans.na_reason,
        evidence_note=ans.evidence.note,
        evidence_link=ans.evidence.link,
    )
