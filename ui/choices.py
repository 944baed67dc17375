"""Select boxes whose option labels change with the language.

Streamlit keeps the *label* a select box or multiselect showed as its state. After the language
changes it would go on showing a label of the other language, and return it as the value: a string no
page knows (a what-if scenario with a domain called "Nền tảng số"). So before such a box is drawn its
state is set again to the option chosen — read back in the language it was drawn in — or to `default`.
The box is drawn with that same option as its default (so it is never empty, nor clearable); Streamlit's
log line about a default and a state set together is turned off in .streamlit/config.toml for this.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import streamlit as st


def keep(key: str, options: Sequence[Any], default: Any = None) -> int:
    """Sets the state of select box `key`; returns its index in `options`, for the box's `index`."""
    current = st.session_state.get(key)
    if current not in options:
        current = default if default in options else options[0]
    st.session_state[key] = current
    return list(options).index(current)


def keep_or_none(key: str, options: Sequence[Any]) -> int | None:
    """As `keep`, for a box that starts with nothing chosen (and goes back to nothing when emptied)."""
    current = st.session_state.get(key)
    if current not in options:
        st.session_state[key] = None
        return None
    return list(options).index(current)


def keep_many(key: str, options: Sequence[Any], default: Iterable[Any] = ()) -> list[Any]:
    """Sets the state of multiselect `key`; returns it, for the box's `default`."""
    current = st.session_state.get(key)
    chosen = [x for x in (current if isinstance(current, list | tuple) else default) if x in options]
    st.session_state[key] = chosen
    return chosen
