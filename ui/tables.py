"""Tables whose numbers are written the reader's way: 80,4 and 1.250 in Vietnamese, 80.4 and 1,250 in
English, as the charts, reports and sentences write them (reports/text.py).

A table left to Streamlit wrote every decimal with a point (80.4) whatever the page's language, beside a
heat map that wrote 80,4. The cells keep their numbers and only their display is written (a pandas
Styler), so a column still sorts by value, not as text ("9,5" after "80,4").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from reports import text


def _writer(series: pd.Series, lang: str, signed: bool) -> Callable[[Any], str] | None:
    """How a column's numbers are written, or None for a column that holds no numbers."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    if signed:
        return lambda v: text.signed(float(v), lang)
    if pd.api.types.is_integer_dtype(series):
        return lambda v: text.count(int(v), lang)
    return lambda v: text.num(float(v), lang)


def written(frame: pd.DataFrame, lang: str, signed: Iterable[str] = ()) -> Styler:
    """`frame` for `st.dataframe`, every number column written in `lang` with one decimal (a count as a
    whole number); `signed` columns (a change) with their sign; an empty cell as "—"."""
    signed = set(signed)
    formats = {c: w for c in frame.columns if (w := _writer(frame[c], lang, c in signed)) is not None}
    return frame.style.format(formats, na_rep="—")
