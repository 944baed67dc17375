"""The web entry's own pages (sign-in, sign-out), drawn from Jinja2 templates in `templates/`.

Every value put into a page is escaped (autoescape); the words come from the message catalogue. A
message that wraps markup around a value (`say_markup`) escapes the message and every value that is not
already markup made by the template.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from words import say, template

TEMPLATES = Path(__file__).with_name("templates")


def say_markup(msgid: str, lang: str, **params: Any) -> Markup:
    return escape(template(msgid, lang)).format(**params)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      auto_reload=False)
    env.globals.update(say=say, say_markup=say_markup)
    return env


def render(name: str, lang: str, **context: Any) -> str:
    return environment().get_template(name).render(lang=lang, **context)
