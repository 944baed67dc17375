"""The import on the agency's home page, driven through its file uploader: every hostile or
malformed answers file of tests/hostile.py is refused with a message on the page, and nothing
stored changes; markup and SQL in text are imported as text and shown as text."""

from __future__ import annotations

import re

import pytest
import yaml
from sqlalchemy import text

from scoring.answers import AnswerError, loads_answer_file
from store import assessments
from store.access import SYSTEM_ACTOR
from tests.conftest import present
from tests.hostile import HARMLESS_TEXT, HEAD, HOSTILE_FILES


def snapshot(engine) -> tuple:
    """Everything an import could change: the assessment's row, its answers, the audit trail's size."""
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    answers = assessments.load_answers(engine, SYSTEM_ACTOR, info.id)
    with engine.connect() as conn:
        tables = {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                  for name in ("answers", "assessments", "evidence_files")}
    return info.row_version, info.status, answers, tables


def uploader(at):
    """The import's uploader: the page's only one, drawn afresh (a new key) after each refusal."""
    [found] = [u for u in at.get("file_uploader") if u.key.startswith("import_answers")]
    return found


def upload(at, name: str, content: bytes):
    uploader(at).set_value((name, content, "application/x-yaml")).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def home(app, world):
    at = app("lanh-dao-a")
    assert not at.exception
    # one answer already stored, which no refused import may touch
    at.switch_page("ui/screens/questions.py").run()
    at.radio(key="q_agency_type").set_value("newspaper").run()
    at.switch_page("ui/screens/overview.py").run()
    return at


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_a_hostile_file_is_refused_on_the_page_and_changes_nothing(home, world, catalog, name):
    before = snapshot(world)
    content, fragment = HOSTILE_FILES[name]
    with pytest.raises(AnswerError) as refused:  # what the parser says, in English
        loads_answer_file(catalog.questionnaire, content.decode("utf-8"), "tra-loi.yaml")
    assert fragment.lower() in str(refused.value).lower()
    at = upload(home, "tra-loi.yaml", content)
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith("Tệp có lỗi, chưa nhập câu trả lời nào")
    shown = re.sub(r"\\(.)", r"\1", errors[0])  # as the reader sees it, the Markdown escapes undone
    for _, why in refused.value.problems[:30]:  # and the page says it in Vietnamese
        assert why.message("vi") in shown.replace("\u2060", ""), shown[:300]
    assert not [b for b in at.button if b.key == "import_apply"]  # nothing offered to apply
    assert snapshot(world) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("over the size limit", HEAD.encode() + b"  outlets: '" + b"x" * (1100 * 1024) + b"'\n", "KB"),
    ("not UTF-8", HEAD.encode("utf-16"), "UTF-8"),
    ("another agency's file", HEAD.replace("bao-a", "tap-chi-b").encode() + b"  agency_type: magazine\n",
     "tap\\-chi\\-b"),
])
def test_size_encoding_and_agency_are_checked_before_anything_is_stored(home, world, name, content, message):
    before = snapshot(world)
    at = upload(home, "tra-loi.yaml", content)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0], errors
    assert snapshot(world) == before


def test_markup_and_sql_are_imported_as_text_and_shown_as_text(home, world):
    note = HARMLESS_TEXT["markdown link and image"]
    doc = yaml.safe_load(HEAD + "  agency_type: magazine\n")
    doc["answers"]["outlets"] = HARMLESS_TEXT["html and script"] + " " + HARMLESS_TEXT["sql metacharacters"]
    doc["answers"]["cp_digital_share"] = {"value": "p100", "evidence": note}
    body = yaml.safe_dump(doc, allow_unicode=True)
    at = upload(home, "tra-loi.yaml", body.encode())
    assert not at.error, [e.value for e in at.error]
    at.button(key="import_apply").click().run()
    assert not at.exception
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    stored = assessments.load_answers(world, SYSTEM_ACTOR, info.id)
    assert stored["outlets"].value == doc["answers"]["outlets"]  # byte for byte
    assert stored["cp_digital_share"].evidence_note == note
    assert stored["agency_type"].value == "magazine"
    with world.connect() as conn:  # the SQL in the text ran nowhere: every table is still there
        assert conn.execute(text("SELECT count(*) FROM answers")).scalar() == len(stored)
    at.switch_page("ui/screens/questions.py").run()
    assert at.text_area(key="q_outlets").value == doc["answers"]["outlets"]  # in a text box, as typed


def test_a_file_over_the_limit_is_refused_and_the_uploader_says_the_limit(home, world):
    assert uploader(home).proto.max_upload_size_mb == 1  # "1MB per file"
    before = snapshot(world)
    upload(home, "lon.yaml", HEAD.encode() + b"#" * (1024 * 1024))  # the page's 1 MiB
    assert [e.value for e in home.error] == ["Tệp quá lớn (tối đa 1024 KB)."]
    assert snapshot(world) == before


@pytest.fixture
def parser_calls(monkeypatch) -> list[str]:
    """The name of each file the answers-file parser reads (the real parser, counted)."""
    import scoring.answers

    calls: list[str] = []
    real = scoring.answers.loads_answer_file

    def counted(qn, text, source="upload"):
        calls.append(source)
        return real(qn, text, source)

    monkeypatch.setattr(scoring.answers, "loads_answer_file", counted)
    return calls


def test_a_refused_file_is_read_once_and_the_uploader_is_emptied(home, world, parser_calls):
    """The 990 KB file of half a million items was parsed again on every click, 18–20 s each."""
    content, _ = HOSTILE_FILES["half a million list items"]
    first_key = uploader(home).key
    upload(home, "lon.yaml", content)
    assert parser_calls == ["lon.yaml"]
    [error] = [e.value for e in home.error]
    assert "10000" in error  # the limit, named
    assert uploader(home).key != first_key and not uploader(home).value  # an empty uploader again
    home.run()
    home.switch_page("ui/screens/questions.py").run()
    home.switch_page("ui/screens/overview.py").run()
    assert not home.exception and parser_calls == ["lon.yaml"]


def test_an_accepted_file_is_read_once_however_often_the_page_runs(home, world, parser_calls):
    upload(home, "tra-loi.yaml", (HEAD + "  agency_type: magazine\n").encode())
    assert [c.value for c in home.caption if "1" in c.value and "2025" in c.value]  # ready to import
    for _ in range(3):
        home.run()
    assert parser_calls == ["tra-loi.yaml"]
    home.button(key="import_apply").click().run()
    assert not home.exception and parser_calls == ["tra-loi.yaml"]
    assert not uploader(home).value and not [b for b in home.button if b.key == "import_apply"]
    assert assessments.load_answers(world, SYSTEM_ACTOR, present(assessments.get_assessment(
        world, SYSTEM_ACTOR, "bao-a", 2025)).id)["agency_type"].value == "magazine"
