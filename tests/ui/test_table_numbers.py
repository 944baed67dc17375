"""Tables write numbers the reader's way, like the heat map above them: 80,4 in Vietnamese, 80.4 in
English; the cells keep their numbers, so a column still sorts by value."""

from __future__ import annotations

import re

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from store.seed import example_files, seed_files


@pytest.fixture
def province(world, catalog):
    files = example_files()
    seed_files(world, catalog, {2024: files[2024], 2025: files[2025]}, open_years=[2025])
    return world


def shown(table) -> list[list[str]]:
    """The cells as the browser draws them: the table's display values where it has them."""
    styler = table.proto.arrow_data.styler
    assert styler.display_values, "the table's numbers are left to Streamlit, which writes 80.4 in any language"
    return convert_arrow_bytes_to_pandas_df(styler.display_values).astype(str).values.tolist()


@pytest.mark.parametrize(("lang", "decimal", "other"), [("vi", ",", "."), ("en", ".", ",")])
def test_the_glance_table_writes_numbers_in_the_pages_language(app, province, lang, decimal, other):
    at = app("so", lang)
    at.switch_page("ui/screens/agencies_glance.py").run()
    assert not at.exception
    table = at.dataframe[0]
    values = table.value
    index_col = "Chỉ số" if lang == "vi" else "Index"
    assert values[index_col].dtype.kind == "f"  # still numbers: the column sorts by value
    cells = [c for row in shown(table) for c in row]
    decimals = [c for c in cells if re.fullmatch(r"[+−]?\d+[.,]\d", c)]
    assert decimals and all(decimal in c for c in decimals), decimals
    assert not [c for c in cells if re.fullmatch(rf"[+−]?\d+\{other}\d", c)]
