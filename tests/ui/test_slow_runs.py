"""A script run slower than PRESSDX_SLOW_RUN_SECONDS is logged as a warning naming its page: a full run
of the app and a fragment's own rerun (one answer) alike. No timing is asserted: the limit is set far
below or far above any run."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.test_answer_page_evidence import _open_domain_page
from ui import runtime


def _slow_runs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "ui.runtime" and r.levelno == logging.WARNING]


def test_every_run_over_the_limit_is_logged_with_its_page(
    app: Callable[[str | None], AppTest], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PRESSDX_SLOW_RUN_SECONDS", "0.000001")
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    caplog.clear()
    at.radio(key="q_sec_backup").set_value("yes").run()  # reruns the question's fragment alone
    assert not at.exception
    assert [m.split(" took ")[0] for m in _slow_runs(caplog)] == [  # the bar reruns too: the count moved
        "slow run: fragment question on page security", "slow run: fragment progress_bar on page security"]
    caplog.clear()
    at.run()
    assert [m.split(" took ")[0] for m in _slow_runs(caplog)] == ["slow run: page security"]


def test_runs_within_the_limit_are_not_logged(
    app: Callable[[str | None], AppTest], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PRESSDX_SLOW_RUN_SECONDS", "3600")
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    at.radio(key="q_sec_backup").set_value("yes").run()
    assert not at.exception and _slow_runs(caplog) == []


@pytest.mark.parametrize(("limit", "seconds", "logged"), [("2", 2.5, True), ("2", 1.5, False), ("0", 99.0, False)])
def test_the_limit_comes_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, limit: str, seconds: float, logged: bool
) -> None:
    monkeypatch.setenv("PRESSDX_SLOW_RUN_SECONDS", limit)
    with caplog.at_level(logging.WARNING, logger="ui.runtime"):
        assert runtime.log_if_slow("page x", seconds) is logged
    assert _slow_runs(caplog) == ([f"slow run: page x took {seconds:.2f} s (PRESSDX_SLOW_RUN_SECONDS={limit})"]
                                  if logged else [])
