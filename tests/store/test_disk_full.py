"""A full disk while saving is a refusal like the others (StorageFull, code `disk_full`, said in both
languages), not a database error: nothing of the change is kept, and saving works again once there is
room. Made real on SQLite with `PRAGMA max_page_count`; PostgreSQL's disk_full (SQLSTATE 53100) is
recognised from the driver's own error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg.errors
import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from store import assessments
from store.db import is_disk_full
from store.errors import StorageFull
from store.records import StoredAnswer
from tests.conftest import World, present
from tests.store.helpers import QH, QV
from ui.errors import error_text

LONG_TEXT = "Đường dẫn, ghi chú và mô tả dài. " * 150  # about 5 000 characters: it needs new pages


@contextmanager
def full_disk(engine: Engine) -> Iterator[None]:
    """Caps the SQLite file a few pages above its size (on every new connection, as a full disk would
    on every write) and fills those pages: inside the block, a write that needs a page fails with
    SQLITE_FULL. Leaving the block gives the room back."""
    if engine.dialect.name != "sqlite":
        pytest.skip("a full disk is made with SQLite's max_page_count")
    with engine.connect() as connection:
        pages = present(connection.exec_driver_sql("PRAGMA page_count").scalar())

    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 20}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE filler (b BLOB)")
        with pytest.raises(OperationalError, match="full"):
            for _ in range(1000):
                with engine.begin() as connection:
                    connection.exec_driver_sql("INSERT INTO filler VALUES (zeroblob(500))")
        yield
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()


def test_a_save_on_a_full_disk_is_refused_whole_with_its_own_code(store_world: World) -> None:
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_a, w.agency_a_id, w.year, QV, QH)
    assert info is not None
    version = assessments.save_answers(w.engine, w.agency_a, info.id, {"q0": StoredAnswer(value="ngắn")},
                                       info.row_version)
    changes: dict[str, StoredAnswer | None] = {"q1": StoredAnswer(value=LONG_TEXT), "q0": StoredAnswer(value="đổi")}
    with full_disk(w.engine):
        with pytest.raises(StorageFull) as refused:
            assessments.save_answers(w.engine, w.agency_a, info.id, changes, version)
        assert refused.value.code == "disk_full"
        assert "hết chỗ lưu trữ" in error_text(refused.value, "vi")
        assert "storage is full" in error_text(refused.value, "en")
        stored = assessments.load_answers(w.engine, w.agency_a, info.id)
        assert {k: v.value for k, v in stored.items()} == {"q0": "ngắn"}  # nothing of the save was kept
    assessments.save_answers(w.engine, w.agency_a, info.id, changes, version)
    assert assessments.load_answers(w.engine, w.agency_a, info.id)["q1"].value == LONG_TEXT


def test_postgresqls_disk_full_is_recognised() -> None:
    full = OperationalError("INSERT INTO answers ...", {}, psycopg.errors.DiskFull("could not extend file"))
    other = OperationalError("INSERT INTO answers ...", {}, psycopg.errors.QueryCanceled("canceling statement"))
    assert is_disk_full(full) and not is_disk_full(other)
