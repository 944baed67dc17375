"""Text that people typed, shown inside Streamlit's Markdown without becoming Markdown.

Most of Streamlit's text elements (`st.markdown`, `st.caption`, `st.info`/`warning`/`error`/`success`,
`st.write` of a string, widget and button labels) read their text as Markdown. Raw HTML is never
rendered there (no page passes `unsafe_allow_html=True`), but a name, comment, file name or answer
holding `[text](https://…)` would become a link, `![](https://…)` an image fetched from elsewhere,
`:red[…]` coloured text, a leading `#` a heading. `escape` puts a backslash before every ASCII
punctuation mark (CommonMark lets any of them be escaped), so the reader sees exactly what was typed.

Escapes do not stop GitHub-flavoured Markdown's literal autolinks, which Streamlit's renderer finds in
the text after parsing (`https://…`, `www.…`, `name@host`): an invisible WORD JOINER (U+2060) after
`:` in `://`, after `www` and after `@` breaks the pattern without changing what is seen.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def escape(text: object) -> str:
    """`text` as Markdown that shows it verbatim."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))
