"""The capacity driver's client (bench/protocol.py) against a real server: it signs in through the
web entry's form, opens a questionnaire page over Streamlit's own protocol, changes one answer as a
click would, and the answer is in the database. Runs on SQLite, or on PostgreSQL when
PRESSDX_TEST_DATABASE_URL is set. No timing is asserted."""

from __future__ import annotations

import asyncio

import pytest

from bench import protocol, world
from harness.server import REPO_ROOT, StreamlitServer
from scoring.catalog import load_catalog
from store import assessments, clock
from store.access import SYSTEM_ACTOR
from tests.conftest import present

QUESTION = "sec_backup"
LABEL_TO_CODE = {"Đạt": "yes", "Đạt một phần": "partly", "Chưa đạt": "no"}


@pytest.fixture
def server(engine, tmp_path):
    url = engine.url.render_as_string(hide_password=False)
    with StreamlitServer(REPO_ROOT / "asgi.py", {"DATABASE_URL": url}, log_path=tmp_path / "server.log") as running:
        yield running


def _stored(engine, agency_id: str) -> str | None:
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, agency_id, clock.now().year)
    assert info is not None
    row = assessments.load_answers(engine, SYSTEM_ACTOR, info.id).get(QUESTION)
    return row.value if row else None


def test_a_signed_in_protocol_session_saves_a_changed_answer(engine, server):
    (agency,) = world.build(engine, load_catalog(), 1, blank=[])
    before = _stored(engine, agency.id)

    async def drive() -> tuple[str, protocol.RunSeen]:
        token = await asyncio.to_thread(protocol.sign_in, server.url, agency.username, world.PASSWORD)
        assert token != agency.token  # a session of its own, from the form
        session = protocol.Session(server.url, token)
        try:
            opened = await session.open("security")
            assert not opened.errors
            widget = session.widgets[f"q_{QUESTION}"]
            assert LABEL_TO_CODE[present(widget.value)] == before  # the page drew the stored answer
            label = next(o for o in widget.options if o != widget.value)
            return label, await session.change(f"q_{QUESTION}", label)
        finally:
            await session.close()

    label, seen = asyncio.run(drive())
    assert not seen.errors
    assert seen.saved_marks == 1
    assert _stored(engine, agency.id) == LABEL_TO_CODE[label] != before


def test_a_wrong_password_gets_no_session(engine, server):
    (agency,) = world.build(engine, load_catalog(), 1, blank=[])
    with pytest.raises(protocol.ProtocolError, match="401"):
        protocol.sign_in(server.url, agency.username, "not-the-password")
