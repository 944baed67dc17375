"""Plain, frozen values the store hands out. Callers never get ORM objects, so nothing they hold can
lazy-load or write back behind their back after the transaction has closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.agencies import AgencyInfo
from store.models import Assessment, EvidenceFile


@dataclass(frozen=True, slots=True)
class AssessmentInfo:
    id: int
    agency_id: str
    year: int
    status: str  # draft | submitted | returned
    row_version: int
    questionnaire_version: str | None
    questionnaire_hash: str | None
    created_at: datetime
    updated_at: datetime
    updated_by: str | None
    submitted_at: datetime | None
    submitted_by: str | None
    returned_comment: str | None
    returned_at: datetime | None
    returned_by: str | None

    @property
    def editable(self) -> bool:
        """By status only; a closed year also refuses edits (see store.years.is_open)."""
        return self.status in ("draft", "returned")


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """One stored answer. To save, build it with the first four fields; the others are filled by the
    store and ignored on input (`file_names`: the question's evidence files, oldest first;
    `unconfirmed`: copied from an earlier year and not confirmed since, so it counts nowhere)."""

    value: Any = None
    na_reason: str | None = None
    evidence_note: str | None = None
    evidence_link: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None
    file_names: tuple[str, ...] = ()
    unconfirmed: bool = False

    @property
    def has_file(self) -> bool:
        return bool(self.file_names)


@dataclass(frozen=True, slots=True)
class FileInfo:
    id: int
    assessment_id: int
    question_id: str
    filename: str
    mime: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str | None


@dataclass(frozen=True, slots=True)
class StoredFile:
    info: FileInfo
    data: bytes


@dataclass(frozen=True, slots=True)
class ProvinceRow:
    """One agency on the department's dashboard for one year; `assessment` is None when the agency
    has not started."""

    agency: AgencyInfo
    assessment: AssessmentInfo | None
    answers: dict[str, StoredAnswer] = field(default_factory=dict)


def assessment_info(a: Assessment) -> AssessmentInfo:
    return AssessmentInfo(
        id=a.id,
        agency_id=a.agency_id,
        year=a.year,
        status=a.status,
        row_version=a.row_version,
        questionnaire_version=a.questionnaire_version,
        questionnaire_hash=a.questionnaire_hash,
        created_at=a.created_at,
        updated_at=a.updated_at,
        updated_by=a.updated_by,
        submitted_at=a.submitted_at,
        submitted_by=a.submitted_by,
        returned_comment=a.returned_comment,
        returned_at=a.returned_at,
        returned_by=a.returned_by,
    )


def file_info(f: EvidenceFile) -> FileInfo:
    return FileInfo(
        id=f.id,
        assessment_id=f.assessment_id,
        question_id=f.question_id,
        filename=f.filename,
        mime=f.mime,
        size=f.size,
        sha256=f.sha256,
        uploaded_at=f.uploaded_at,
        uploaded_by=f.uploaded_by,
    )
