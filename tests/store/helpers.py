"""Small builders shared by the store tests."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from store import assessments, evidence
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
