"""The answer page draws a question's evidence fields only while its expander is open; changing the
answer with the expander closed keeps the evidence already saved."""

from __future__ import annotations

import pytest

from store import assessments
from store.access import SYSTEM_ACTOR, Actor, Role
from store.records import StoredAnswer
from tests.conftest import present


def _open_domain_page(at, url_path: str) -> None:
    """The questionnaire pages share one file, which `AppTest.switch_page` cannot tell apart: pick the
    page by the URL path it is registered under."""
    target = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    at._page_hash = target
    at.run()


def test_changing_an_answer_keeps_evidence_not_on_the_page(app, world, catalog):
    qn = catalog.questionnaire
    leader = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
    info = assessments.open_assessment(world, leader, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    assessments.save_answers(world, leader, info.id, {
        "sec_inventory": StoredAnswer(value="yes", evidence_note="Quyết định số 01/QĐ", evidence_link="https://a.vn/qd"),
    }, info.row_version)
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    assert not at.exception
    assert not [w for w in at.text_input if w.key == "evn_sec_inventory"]  # closed: the fields are not drawn
    at.radio(key="q_sec_inventory").set_value("partly").run()
    assert not at.exception
    saved = assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_inventory"]
    assert saved.value == "partly"
    assert saved.evidence_note == "Quyết định số 01/QĐ" and saved.evidence_link == "https://a.vn/qd"


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_file_attached_on_the_page_is_kept_when_the_answer_changes(app, world):
    """The upload changes the assessment's version; the page reads it afresh, so the next answer saves
    (no false conflict) and keeps the file."""
    from store import evidence

    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.radio(key="q_sec_inventory").set_value("yes").run()
    at.session_state["evx_sec_inventory"] = True  # the evidence expander, opened
    at.run()
    at.get("file_uploader")[0].set_value(("so-tai-san.pdf", PDF, "application/pdf")).run()
    assert not at.exception and not at.error
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    files = evidence.list_files(world, SYSTEM_ACTOR, info.id, "sec_inventory")
    assert [f.filename for f in files] == ["so-tai-san.pdf"]
    at.radio(key="q_sec_inventory").set_value("partly").run()
    assert not at.error
    saved = assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_inventory"]
    assert saved.value == "partly" and saved.has_file


def test_the_evidence_fields_open_for_a_scoring_answer_and_stay_open_while_filled_in(app, world):
    """A positive answer to a question that needs proof opens the evidence fields; saving a note keeps
    them open for the link and the file (the expander's identity never changes), and the question
    says the proof is there."""
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.radio(key="q_sec_policy").set_value("no").run()  # scores nothing: no proof asked for
    assert not [w for w in at.text_input if w.key == "evn_sec_policy"]
    at.radio(key="q_sec_policy").set_value("yes").run()
    assert [w for w in at.text_input if w.key == "evn_sec_policy"]  # opened: the proof is needed to score
    at.text_input(key="evn_sec_policy").input("Quyết định số 12/QĐ").run()
    assert not at.exception
    assert [w for w in at.text_input if w.key == "evl_sec_policy"]  # still open for the link
    assert any("Đã có minh chứng" in c.value for c in at.caption)
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    saved = assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_policy"]
    assert saved.value == "yes" and saved.evidence_note == "Quyết định số 12/QĐ"
    at.run()  # a whole run draws it the same way
    assert [w for w in at.text_input if w.key == "evl_sec_policy"]


@pytest.mark.parametrize(("env", "label", "widget_mb"), [(None, "tối đa 5 MB", 5), ("0.5", "tối đa 0,5 MB", 1)])
def test_the_uploader_says_the_limit_the_store_applies(app, monkeypatch, env, label, widget_mb):
    """Streamlit writes its own limit under the button ("10MB per file", the server's, beside the
    label's 5 MB): the widget now carries the store's limit, rounded up to Streamlit's whole MB."""
    if env:
        monkeypatch.setenv("PRESSDX_MAX_UPLOAD_MB", env)
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.session_state["evx_sec_inventory"] = True  # the evidence expander, opened
    at.run()
    uploader = at.get("file_uploader")[0]
    assert label in uploader.proto.label and uploader.proto.max_upload_size_mb == widget_mb


def test_a_file_attached_by_mistake_can_be_opened_and_removed(app, world):
    """The page listed a question's files as text: a wrong file could be neither opened nor removed."""
    from store import audit, evidence
    from ui import md

    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.radio(key="q_sec_inventory").set_value("yes").run()
    at.session_state["evx_sec_inventory"] = True
    at.run()
    at.get("file_uploader")[0].set_value(("sai-tep.pdf", PDF, "application/pdf")).run()
    at.run()
    info = assessments.get_assessment(world, SYSTEM_ACTOR, "bao-a", 2025)
    assert info is not None
    [f] = evidence.list_files(world, SYSTEM_ACTOR, info.id, "sec_inventory")
    assert [b.label for b in at.get("download_button") if b.proto.id and f"evd_{f.id}" in b.proto.id] \
        == [f"{md.escape('sai-tep.pdf')} ({f.size // 1024 or 1} KB)"]  # a file name is not markdown
    assert not at.get("file_uploader")[0].value  # the uploader is empty again: the file is listed once
    at.button(key=f"evr_{f.id}").click().run()
    assert not at.exception and not at.error
    assert evidence.list_files(world, SYSTEM_ACTOR, info.id, "sec_inventory") == []
    assert not assessments.load_answers(world, SYSTEM_ACTOR, info.id)["sec_inventory"].has_file
    events = audit.list_events(world, SYSTEM_ACTOR, action="file.delete")
    assert [present(e.detail)["filename"] for e in events] == ["sai-tep.pdf"]
    at.run()
    assert not [b for b in at.button if b.key == f"evr_{f.id}"]
