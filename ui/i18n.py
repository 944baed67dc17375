"""The message catalogue: every text of the app's own, in Vietnamese and English.

Texts of the questionnaire live in the questionnaire files; everything else a page shows comes from
`messages.yaml` through `t`. The language is passed explicitly, never set process-wide: one server
serves many sessions at once, each in its own language.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from scoring.yamlsafe import load_path

CATALOGUE = Path(__file__).with_name("messages.yaml")
LANGS = ("vi", "en")


class CatalogueError(ValueError):
    pass


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    raw = load_path(CATALOGUE)
    if not isinstance(raw, dict):
        raise CatalogueError(f"{CATALOGUE.name}: expected a mapping of message keys")
    problems = []
    for key, texts in raw.items():
        if not isinstance(texts, dict) or any(not isinstance(texts.get(lang), str) for lang in LANGS):
            problems.append(f"{CATALOGUE.name}: {key}: needs a text in vi and en")
    if problems:
        raise CatalogueError("\n".join(problems))
    return raw


def t(key: str, lang: str = "vi", **fmt: Any) -> str:
    """The message in `lang`; an unknown key is a bug, so it shows itself rather than a blank."""
    entry = messages().get(key)
    if entry is None:
        return f"⟨{key}⟩"
    text = entry["en" if lang == "en" else "vi"]
    return text.format(**fmt) if fmt else text
