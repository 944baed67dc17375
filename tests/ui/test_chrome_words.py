"""The stylesheet that puts the catalogue's words in place of Streamlit's (ui/chrome.py), and the rule
it rests on: every text field has a maximum, so a lone message under it is the count. The browser
test (tests/e2e/test_chrome_words.py) checks what a reader sees."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ui import chrome
from ui.i18n import msgids, t
from words import LANGS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "ui").rglob("*.py")), ROOT / "app.py"]
CSS_STRING = r'"(?:[^"\\<>\n]|\\[0-9a-f]+ )*"'


def test_every_text_field_has_a_maximum():
    """Without `max_chars` the line under a field would hold the instruction alone, which the
    stylesheet would take for the count and leave in English."""
    missing = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("text_input", "text_area")
                    and "max_chars" not in {k.arg for k in node.keywords}):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_the_stylesheet_draws_each_of_the_catalogues_words(lang):
    css = chrome.stylesheet(lang)
    for key in msgids("chrome."):
        assert f"content: {chrome.css_string(t(key, lang))}" in css, key
    hidden = (css.count("display: none") - css.count(f".st-key-{chrome.GUARD_KEY} {{display: none}}")
              - css.count(f"{chrome.NUMBER_COUNT} {{display: none}}")  # a number's count: hidden, not replaced
              + css.count("font-size: 0}"))  # the refusal's text is shrunk away
    drawn = css.count("content: ")
    assert hidden == drawn  # each of Streamlit's texts hidden has a text drawn in its place
    assert "</" not in css
    assert css.count(f"{chrome.NUMBER_COUNT} {{display: none}}") == 1


def test_a_text_cannot_end_its_string_or_the_style_element():
    text = 'a "quoted" \\ back\nslash </style><script>alert(1)</script>'
    out = chrome.css_string(text)
    assert re.fullmatch(CSS_STRING, out), out
    decoded = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), out[1:-1])
    assert decoded == text
    assert chrome.css_string("Tải tệp lên") == '"Tải tệp lên"'  # Vietnamese letters stay as they are
