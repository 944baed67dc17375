"""The PostgreSQL test server is there and usable: the version the project targets, UTF-8, and
scratch databases that start empty and are dropped afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from . import scratch_database

pytestmark = pytest.mark.postgres


def test_server_is_postgresql_15_or_newer_in_utf8(pg_url):
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            version = conn.scalar(text("SHOW server_version_num"))
            encoding = conn.scalar(text("SHOW server_encoding"))
    finally:
        engine.dispose()
    assert int(version) >= 150000
    assert encoding == "UTF8"


def test_scratch_database_is_empty_holds_vietnamese_and_is_dropped(pg_url):
    with scratch_database(pg_url) as url:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                tables = conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                conn.execute(text("CREATE TABLE t (name text)"))
                conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": "Báo Ninh Bình — Đài PT-TH"})
                assert conn.scalar(text("SELECT name FROM t")) == "Báo Ninh Bình — Đài PT-TH"
            name = engine.url.database
        finally:
            engine.dispose()
        assert tables == 0
    admin = create_engine(pg_url)
    try:
        with admin.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}) == 0
    finally:
        admin.dispose()
