"""Evidence files attached to answers, kept in the database so a backup of the database is a backup
of everything (the files are small: a few per question, a few MB each)."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, undefer

from store import clock
from store.access import Action, Actor, authorize
from store.assessments import load_for_edit
from store.db import transaction
from store.errors import InvalidInput, NotFound
from store.limits import check_question_id
from store.models import Assessment, EvidenceFile
from store.records import FileInfo, StoredFile, file_info
from store.uploads import check_upload

MAX_FILES_PER_QUESTION = 10


def attach_file(
    engine: Engine,
    actor: Actor | None,
    assessment_id: int,
    question_id: str,
    filename: str,
    mime: str | None,
    data: bytes,
) -> FileInfo:
    """Store one evidence file for a question. `mime` is what the browser declared; it is ignored
    in favour of the type read from the file itself (see store.uploads)."""
    check_question_id(question_id)
    name, detected = check_upload(filename, data)
    with transaction(engine) as session:
        assessment, work = load_for_edit(session, actor, assessment_id)
        count = session.scalar(
            select(func.count()).where(
                EvidenceFile.assessment_id == assessment_id, EvidenceFile.question_id == question_id
            )
        )
        if (count or 0) >= MAX_FILES_PER_QUESTION:
            raise InvalidInput("too_many_files", most=MAX_FILES_PER_QUESTION)
        row = EvidenceFile(
            assessment_id=assessment_id,
            question_id=question_id,
            filename=name,
            mime=detected,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_at=clock.now(),
            uploaded_by=work.actor.username,
        )
        session.add(row)
        session.flush()
        work.record(
            "file.attach",
            agency_id=assessment.agency_id,
            target=f"assessment:{assessment_id}/{question_id}",
            detail={
                "file_id": row.id,
                "filename": name,
                "size": len(data),
                "declared_mime": (mime or "")[:100],
            },
        )
    return file_info(row)


def list_files(
    engine: Engine, actor: Actor | None, assessment_id: int, question_id: str | None = None
) -> list[FileInfo]:
    """File descriptions without their content."""
    with Session(engine) as session:
        agency_id = session.scalar(select(Assessment.agency_id).where(Assessment.id == assessment_id))
        if agency_id is None:
            raise _not_found()
        authorize(actor, Action.VIEW_ASSESSMENT, agency_id)
        query = select(EvidenceFile).where(EvidenceFile.assessment_id == assessment_id)
        if question_id is not None:
            query = query.where(EvidenceFile.question_id == question_id)
        return [
            file_info(f) for f in session.scalars(query.order_by(EvidenceFile.question_id, EvidenceFile.id))
        ]


def get_file(engine: Engine, actor: Actor | None, file_id: int) -> StoredFile:
    with Session(engine) as session:
        row = session.execute(
            select(EvidenceFile, Assessment.agency_id)
            .join(Assessment, Assessment.id == EvidenceFile.assessment_id)
            .where(EvidenceFile.id == file_id)
            .options(undefer(EvidenceFile.data))
        ).first()
        if row is None:
            raise _not_found()
        file, agency_id = row
        authorize(actor, Action.VIEW_ASSESSMENT, agency_id)
        return StoredFile(info=file_info(file), data=file.data)


def delete_file(engine: Engine, actor: Actor | None, file_id: int) -> None:
    with transaction(engine) as session:
        file = session.get(EvidenceFile, file_id)
        if file is None:
            raise _not_found()
        assessment, work = load_for_edit(session, actor, file.assessment_id)
        session.delete(file)
        work.record(
            "file.delete",
            agency_id=assessment.agency_id,
            target=f"assessment:{file.assessment_id}/{file.question_id}",
            detail={"file_id": file_id, "filename": file.filename},
        )


def _not_found() -> NotFound:
    return NotFound("file_not_found")
