"""Streamlit's own words on a page, in the reader's language.

The file uploader's button ("Upload") and hint ("5MB per file • PDF, …"), and the line under a field
being typed in ("Press Enter to apply", "Press Ctrl+Enter to apply", "Press Enter to submit form"),
are written by Streamlit's frontend in English, and Streamlit has no setting for them
(streamlit/streamlit#13500). A reader who chose Vietnamese got them in English on every evidence
uploader and under every note. One stylesheet, drawn on every full run, hides those words and draws
the catalogue's instead as CSS generated content (which screen readers read too), in either language,
so both go through one path. The uploader's hint becomes "or drag and drop a file here": its limit
and types are in the uploader's label, in the reader's language.

It leans on Streamlit's `data-testid` attributes, which Streamlit's own browser tests use and which
tests/e2e/test_chrome_words.py checks in a real browser, so an upgrade that moves them fails a test
rather than a page. The tooltip on a file the browser refuses for its size or type says so in the
reader's language (one message for both: the tooltip does not tell which). What it cannot reach (the
refusal read out to a screen reader, a table's toolbar tooltips, the calendar of a date field) stays
English.

The line under a text field holds the instruction, then the character count when the field has a
maximum: a lone message may be either. Every text field here therefore has `max_chars`
(tests/ui/test_chrome_words.py keeps it so): in a text field the instruction is the first of two
messages, and a lone one is the count. A number field has no count, so its lone message is the
instruction. The instruction is drawn with `:has()`; a browser older than that (Chrome 105, Safari
15.4, Firefox 121) shows the count alone, in no language.

A number question's field is a text field too (ui/number_field.py), in a container keyed
`NUMBER_FIELD_KEY` + its id. Its count ("3/40") says nothing to a leader typing a head count: it is
hidden there, the instruction kept.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from ui.i18n import LANGS, t

INSTRUCTIONS = '[data-testid="InputInstructions"]'
IN_FORM = '[data-testid="stForm"]'
# Each kind of field, where its instruction is among the messages under it (the first of two in a
# text field, the only one in a number field), and the catalogue's words out of a form and in one.
FIELDS = (
    ('[data-testid="stTextInput"]', "> span:first-child:not(:only-child)", "chrome.enter_apply", "chrome.enter_submit"),
    ('[data-testid="stTextArea"]', "> span:first-child:not(:only-child)", "chrome.ctrl_enter_apply",
     "chrome.ctrl_enter_submit"),
    ('[data-testid="stNumberInput"]', "> span:first-child", "chrome.enter_apply", "chrome.enter_submit"),
)
UPLOAD_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
UPLOAD_HINT = '[data-testid="stFileUploaderDropzoneInstructions"]'
# The tooltip on a file the browser refused ("File must be 5.0MB or smaller.", "text/plain files are
# not allowed."). It is drawn apart from its uploader, so one message says both reasons; the uploader's
# label gives the types and the limit.
UPLOAD_REFUSED = '[data-testid="stTooltipErrorContent"]'
NUMBER_FIELD_KEY = "number_field_"  # the container of a number question's text field, + its id
NUMBER_COUNT = f'[class*="st-key-{NUMBER_FIELD_KEY}"] {INSTRUCTIONS} > span:last-child'
GUARD_KEY = "unsaved_guard"  # the hidden container of the script that guards unsaved fields


def css_string(text: str) -> str:
    """`text` as a CSS string literal: quotes and backslashes escaped, and nothing that could end the
    <style> element it is written into."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _replace_instruction(field: str, instruction: str, text: str) -> list[str]:
    """Hide the field's instruction message and draw `text` before the messages instead (the count,
    when there is one, keeps its own "•" separator after it)."""
    box = f"{field} {INSTRUCTIONS}"
    return [f"{box} {instruction} {{display: none}}",
            f"{box}:has({instruction})::before {{content: {css_string(text)}}}"]


@lru_cache(maxsize=len(LANGS))  # the catalogue is read once per process: so is each language's sheet
def stylesheet(lang: str) -> str:
    """The CSS that puts `lang`'s words in place of Streamlit's."""
    rules = [
        f".st-key-{GUARD_KEY} {{display: none}}",
        f"{UPLOAD_BUTTON} p {{display: none}}",
        f"{UPLOAD_BUTTON}::after {{content: {css_string(t('chrome.upload_button', lang))}}}",
        f"{UPLOAD_HINT} span {{display: none}}",
        # drawn as Streamlit draws the hint it replaces: smaller, and faded
        f"{UPLOAD_HINT} > div::after {{content: {css_string(t('chrome.upload_hint', lang))}; "
        "font-size: 0.875rem; opacity: 0.7}",
        f"{UPLOAD_REFUSED} {{font-size: 0}}",  # the text is the element's own: shrunk away, not hidden
        f"{UPLOAD_REFUSED}::after {{content: {css_string(t('chrome.upload_refused', lang))}; font-size: 0.875rem}}",
    ]
    # After the instruction's rules: a lone message in a number's field is its count, hidden as well.
    rules.append(f"{NUMBER_COUNT} {{display: none}}")
    for field, instruction, apply, submit in FIELDS:
        rules += _replace_instruction(field, instruction, t(apply, lang))
        # In a form, Enter submits the form; the longer selector wins over the one above.
        rules += _replace_instruction(f"{IN_FORM} {field}", instruction, t(submit, lang))
    return "\n".join(rules)


# A text or number field of a question keeps what is typed in the browser until it is left (or Enter,
# Ctrl+Enter in a multi-line field, is pressed): only then is it sent and saved. Leaving a field is
# what moving to another page of the app does first, but closing the tab or reloading the page does
# not, and the text would be lost without a word. So while such a field holds typed text not yet sent,
# the browser asks before the page is unloaded (its own words: browsers show no page's text there).
UNSAVED_GUARD = """<script>
(() => {
  if (window.__pressdxUnsavedGuard) return;
  window.__pressdxUnsavedGuard = true;
  const typing = new Set();
  const isField = (el) => el instanceof HTMLElement && (el.tagName === "TEXTAREA" || el.tagName === "INPUT")
    && el.closest('[class*="st-key-question_"]') !== null;
  document.addEventListener("input", (e) => { if (isField(e.target)) typing.add(e.target); }, true);
  document.addEventListener("focusout", (e) => typing.delete(e.target), true);
  document.addEventListener("keydown", (e) => {
    const sent = e.key === "Enter" && (e.target.tagName === "INPUT" || e.ctrlKey || e.metaKey);
    if (sent) typing.delete(e.target);
  }, true);
  window.addEventListener("beforeunload", (e) => {
    if ([...typing].some((el) => el.isConnected)) { e.preventDefault(); e.returnValue = ""; }
  });
})();
</script>"""


def draw(lang: str) -> None:
    """Put the stylesheet on the page (Streamlit keeps a style-only `st.html` out of the layout), and the
    guard against leaving a field not yet saved (in a container the stylesheet hides)."""
    st.html(f"<style>\n{stylesheet(lang)}\n</style>")
    with st.container(key=GUARD_KEY):
        st.html(UNSAVED_GUARD, unsafe_allow_javascript=True)
