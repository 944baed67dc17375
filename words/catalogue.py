"""The message catalogues: one gettext `.po` file per language, read once and kept."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LANGS = ("vi", "en")
DOMAIN = "pressdx"
LOCALE_DIR = Path(__file__).with_name("locale")


class CatalogueError(ValueError):
    pass


def lang_of(lang: str) -> str:
    """Vietnamese unless English is asked for: Vietnamese is the app's first language."""
    return "en" if lang == "en" else "vi"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGS))
def catalogue(lang: str) -> dict[str, str]:
    """msgid → text in `lang`; a message without a text is refused at load, not shown blank."""
    path = po_path(lang_of(lang))
    with path.open("rb") as handle:
        read = read_po(handle, locale=lang_of(lang), domain=DOMAIN)
    texts = {str(m.id): str(m.string) for m in read if m.id and isinstance(m.id, str)}
    empty = sorted(k for k, v in texts.items() if not v)
    if empty:
        raise CatalogueError(f"{path.name} ({lang}): no text for {', '.join(empty)}")
    return texts


def known(msgid: str) -> bool:
    return msgid in catalogue("vi")


def msgids(prefix: str = "") -> list[str]:
    """The message ids starting with `prefix`, in catalogue order."""
    return [k for k in catalogue("vi") if k.startswith(prefix)]


def placeholders(text: str) -> set[str]:
    """The parameters a text names; {What} names `what` (capitalized), so counts as `what`."""
    return {name[:1].lower() + name[1:] for _, name, _, _ in string.Formatter().parse(text) if name}


class _Params(dict[str, Any]):
    """A message's parameters; {What} is the value of `what` with its first letter capitalized (a
    sentence may open with it in one language and not in the other)."""

    def __missing__(self, key: str) -> Any:
        lower = key[:1].lower() + key[1:]
        if key[:1].isupper() and lower in self:
            value = str(self[lower])
            return value[:1].upper() + value[1:]
        raise KeyError(key)


def template(msgid: str, lang: str = "vi") -> str:
    """The message's text as written in the catalogue: placeholders unfilled, literal braces doubled."""
    return catalogue(lang_of(lang)).get(msgid, f"⟨{msgid}⟩")


def say(msgid: str, lang: str = "vi", **params: Any) -> str:
    """The message in `lang` with its placeholders filled ({{ and }} are literal braces); an unknown id
    is a bug, so it shows itself rather than a blank."""
    text = catalogue(lang_of(lang)).get(msgid)
    if text is None:
        return f"⟨{msgid}⟩"
    if params or "{{" in text or "}}" in text:
        return text.format_map(_Params(params))
    return text
