"""The demo's sign-in page lists its accounts with the agencies' names, not their ids."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("lang", "column"), [("vi", "Cơ quan"), ("en", "Agency")])
def test_the_demo_accounts_table_names_the_agencies(app, monkeypatch, lang, column):
    monkeypatch.setenv("PRESSDX_DEMO", "1")
    at = app(None, lang)
    assert not at.exception
    table = at.dataframe[0].value
    agencies = [a for a in table[column] if a != "—"]
    assert "Báo Vĩnh Long" in agencies and "Đài Phát thanh và Truyền hình Vĩnh Long" in agencies
    assert not [a for a in agencies if "-" in a and " " not in a]  # no id such as "bao-vinh-long"
