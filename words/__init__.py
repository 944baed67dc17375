"""Every word the app shows, one catalogue per language, and how numbers and dates are written.

The catalogues are gettext files (`locale/<lang>/LC_MESSAGES/pressdx.po`), read with Babel when first
needed: no compile step. A message id names a message ("nav.results", "doc.republic"); its text may hold
{name} placeholders, filled by `str.format`. The language is passed with every call, never set
process-wide: one server serves many sessions at once, each in its own language. This package imports
nothing of the app, so every layer may use it.
"""

from words.catalogue import LANGS, CatalogueError, catalogue, known, lang_of, msgids, placeholders, say, template
from words.formats import date_long, date_short, number, timestamp

__all__ = ["LANGS", "CatalogueError", "catalogue", "date_long", "date_short", "known", "lang_of", "msgids",
           "number", "placeholders", "say", "template", "timestamp"]
