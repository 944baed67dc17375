"""Evidence uploads: types by extension and content, size limits, names, access."""

from __future__ import annotations

import pytest

from store import assessments, evidence
from store.errors import InvalidInput, NotFound
from store.records import StoredAnswer
from store.uploads import check_upload, max_upload_bytes, safe_filename
from tests.conftest import World
from tests.store.helpers import DOCX, JPG, PDF, PNG, QH, QV, XLSX, office_file
from ui.errors import error_text


@pytest.fixture
def draft_id(store_world: World) -> int:
    info = assessments.open_assessment(
        store_world.engine, store_world.agency_a, store_world.agency_a_id, store_world.year, QV, QH
    )
    assert info is not None
    return info.id


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("bien-ban.pdf", PDF, "application/pdf"),
        ("anh.PNG", PNG, "image/png"),
        ("anh.jpg", JPG, "image/jpeg"),
        ("anh.jpeg", JPG, "image/jpeg"),
        ("ke-hoach.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("so-lieu.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_accepted_types_are_stored_and_read_back(
    store_world: World, draft_id: int, name: str, data: bytes, mime: str
) -> None:
    w = store_world
    info = evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", name, "application/octet-stream", data)
    assert (info.filename, info.mime, info.size) == (name, mime, len(data))
    stored = evidence.get_file(w.engine, w.reviewer, info.id)
    assert stored.data == data and stored.info == info
    assert [f.id for f in evidence.list_files(w.engine, w.admin, draft_id, "q1")] == [info.id]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "file_type"),
        ("trang.html", b"<html>", "file_type"),
        ("khong-duoi", PDF, "file_type"),
        ("gia.pdf", b"<script>alert(1)</script>", "file_content"),
        ("gia.png", JPG, "file_content"),
        ("nen.docx", office_file("content.txt"), "file_content"),  # a plain zip renamed
        ("nham.xlsx", DOCX, "file_content"),  # a Word file named as Excel
        ("hong.docx", b"PK\x03\x04 not really a zip", "file_content"),
        ("rong.pdf", b"", "empty_file"),
    ],
)
def test_wrong_types_and_disguised_content_are_refused(
    store_world: World, draft_id: int, name: str, data: bytes, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        evidence.attach_file(store_world.engine, store_world.agency_a, draft_id, "q1", name, "application/pdf", data)
    assert refused.value.code == code
    assert error_text(refused.value, "vi") and error_text(refused.value, "en")


def test_size_limit_comes_from_the_environment(store_world: World, draft_id: int, monkeypatch) -> None:
    assert max_upload_bytes() == 5 * 1024 * 1024
    monkeypatch.setenv("PRESSDX_MAX_UPLOAD_MB", "0.5")
    limit = max_upload_bytes()
    assert limit == 512 * 1024
    w = store_world
    evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", "vua.pdf", None, PDF.ljust(limit, b" "))
    with pytest.raises(InvalidInput) as refused:
        evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", "to.pdf", None, PDF.ljust(limit + 1, b" "))
    assert refused.value.code == "file_too_large"
    assert "0,5 MB" in error_text(refused.value, "vi") and "0.5 MB" in error_text(refused.value, "en")


def test_files_per_question_are_limited(store_world: World, draft_id: int) -> None:
    w = store_world
    for n in range(evidence.MAX_FILES_PER_QUESTION):
        evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", f"{n}.pdf", None, PDF)
    with pytest.raises(InvalidInput) as refused:
        evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", "them.pdf", None, PDF)
    assert refused.value.code == "too_many_files"
    evidence.attach_file(w.engine, w.agency_a, draft_id, "q2", "khac.pdf", None, PDF)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\a\\Biên bản.pdf", "Biên bản.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ('a<b>:"c|?*.pdf', "a_b___c___.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("", "tep"),
    ],
)
def test_file_names_are_made_safe(given: str, kept: str) -> None:
    assert safe_filename(given) == kept


def test_check_upload_ignores_the_declared_type() -> None:
    assert check_upload("a.pdf", PDF) == ("a.pdf", "application/pdf")


def test_deleting_a_file_and_missing_files(store_world: World, draft_id: int) -> None:
    w = store_world
    info = evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", "a.pdf", None, PDF)
    evidence.delete_file(w.engine, w.agency_a, info.id)
    assert evidence.list_files(w.engine, w.agency_a, draft_id) == []
    for call in (
        lambda: evidence.get_file(w.engine, w.agency_a, info.id),
        lambda: evidence.delete_file(w.engine, w.agency_a, info.id),
        lambda: evidence.list_files(w.engine, w.agency_a, 99999),
    ):
        with pytest.raises(NotFound):
            call()


def test_answers_name_their_files_in_the_order_given(store_world: World, draft_id: int) -> None:
    """Reports and answers files name a question's files; they said "tệp đính kèm", in English too."""
    from scoring.answers import answer_to_plain, parse_evidence
    from store.conversion import to_answers

    w = store_world
    info = assessments.get_assessment(w.engine, w.agency_a, w.agency_a_id, w.year)
    assert info is not None
    assessments.save_answers(w.engine, w.agency_a, draft_id, {"q1": StoredAnswer(value="yes"),
                                                              "q2": StoredAnswer(value="no")}, info.row_version)
    for name in ("quyet-dinh.pdf", "bien-ban.pdf"):
        evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", name, None, PDF)
    evidence.attach_file(w.engine, w.agency_a, draft_id, "q2", "khac.pdf", None, PDF)
    rows = assessments.load_answers(w.engine, w.agency_a, draft_id)
    assert rows["q1"].has_file and rows["q1"].file_names == ("quyet-dinh.pdf", "bien-ban.pdf")
    answers = to_answers(rows)
    assert answers["q1"].evidence.file == "quyet-dinh.pdf; bien-ban.pdf"
    assert answers["q2"].evidence.file == "khac.pdf"
    longest = tuple(f"{n}{'x' * 251}.pdf" for n in range(evidence.MAX_FILES_PER_QUESTION))
    held = to_answers({"q1": StoredAnswer(file_names=longest)})["q1"]
    assert parse_evidence(answer_to_plain(held)["evidence"]) == held.evidence  # an answers file reads back


# the bidi embeddings, overrides and isolates, the direction marks, a zero-width space, a byte-order mark
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff"


@pytest.mark.parametrize("control", list(INVISIBLE))
def test_bidi_and_invisible_controls_are_removed_from_stored_file_names(
    store_world: World, draft_id: int, control: str
) -> None:
    """'hoa-don\\u202egpj.pdf' reads 'hoa-donfdp.jpg' on screen: a PDF shown as an image, or worse."""
    w = store_world
    info = evidence.attach_file(w.engine, w.agency_a, draft_id, "q1", f"hoa-don{control}gpj.pdf", None, PDF)
    assert info.filename == "hoa-dongpj.pdf"
    assert evidence.get_file(w.engine, w.reviewer, info.id).info.filename == "hoa-dongpj.pdf"
