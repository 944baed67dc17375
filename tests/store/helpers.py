"""Small builders shared by the store tests."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from alembic import command
from sqlalchemy import Engine, text

from store import assessments, db, evidence
from store.records import StoredAnswer
from tests.conftest import World

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
QV, QH = "2026.1", "sha256:abc"


def office_file(member: str) -> bytes:
    """A minimal OOXML archive: enough for the type check, which reads only the directory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def at_revision(engine: Engine, revision: str) -> None:
    """The database as it stood at `revision`: the shipped downgrades undo every later revision."""
    with engine.begin() as connection:
        command.downgrade(db.alembic_config(connection), revision)


def as_numbered(engine: Engine, version: int) -> None:
    """The database as the hand-written upgrades left it at `version`: its schema, a schema_version
    table saying so, no alembic_version."""
    at_revision(engine, db.LEGACY_REVISIONS[version])
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("DELETE FROM schema_version"))
        connection.execute(text("INSERT INTO schema_version (version, description, applied_at) "
                                "VALUES (:v, 'the hand-written upgrades', CURRENT_TIMESTAMP)"), {"v": version})


DOCX = office_file("word/document.xml")
XLSX = office_file("xl/workbook.xml")


@dataclass(frozen=True)
class Draft:
    id: int
    version: int
    file_id: int


def draft_with_answer(w: World, *, year: int | None = None) -> Draft:
    """Agency A's assessment with one answer and one file."""
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, year or w.year, QV, QH)
    assert info is not None
    version = assessments.save_answers(
        w.engine, w.agency_a, info.id, {"cp_online_outlet": StoredAnswer(value="yes")}, info.row_version
    )
    file = evidence.attach_file(w.engine, w.agency_a, info.id, "cp_online_outlet", "proof.pdf", "application/pdf", PDF)
    return Draft(info.id, version, file.id)


def submitted(w: World) -> Draft:
    draft = draft_with_answer(w)
    info = assessments.submit(w.engine, w.agency_a, draft.id, draft.version, QV, QH)
    return Draft(draft.id, info.row_version, draft.file_id)
