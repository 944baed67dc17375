"""The capacity bench behind nginx: two `streamlit run` processes on one database, the shipped
deploy/nginx.conf in front (bench/proxy.py), leaders signing in, opening their page and changing
answers through it; every answer is saved and no run fails. On PostgreSQL when
PRESSDX_TEST_DATABASE_URL is set, else on SQLite. No timing is asserted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import capacity
from bench.proxy import nginx_or_reason


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory: pytest.TempPathFactory) -> capacity.Backend:
    _, problem = nginx_or_reason()
    if problem:
        pytest.skip(problem)
    tmp: Path = tmp_path_factory.mktemp("capacity")
    return capacity.backend("PostgreSQL" if os.environ.get("PRESSDX_TEST_DATABASE_URL") else "SQLite",
                            os.environ.get("PRESSDX_TEST_DATABASE_URL"), tmp, (4,), window=3.0, by_form=2,
                            processes=2, think=(0.3, 0.8))


def test_leaders_behind_nginx_save_every_answer(behind_nginx: capacity.Backend) -> None:
    (level,) = behind_nginx.levels
    assert behind_nginx.processes == 2 and len(level.cpu_each) == 2
    assert level.latencies, "no change finished"
    assert not level.errors and not behind_nginx.errors
    assert behind_nginx.answers >= 1 and behind_nginx.lost == []
    assert behind_nginx.signed_in_by_form == 2


def test_its_ratio_to_one_process_is_reported(behind_nginx: capacity.Backend) -> None:
    one = capacity.Backend(behind_nginx.name, behind_nginx.levels, [], [], 0, 0, 1)
    (rate, p95) = capacity.ratio_figures(one, behind_nginx)
    assert rate.value == pytest.approx(1.0) and p95.value == pytest.approx(1.0)
    assert "2 processes ÷ one, 4 leaders" in rate.name
