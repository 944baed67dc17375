"""Filling a frozen, slotted dataclass without its generated __init__.

A frozen dataclass's __init__ sets each field with a call to `object.__setattr__` (its own
__setattr__ refuses); a province's scoring builds hundreds of thousands of results, and that call is
half of each one's cost. A slot's own descriptor sets it directly. The classes that use this keep
their dataclass equality, hashing and repr and stay frozen to everyone else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any


def slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the slots `names`, which must be the class's fields in order (init=False ones
    included): the class's __init__ calls them in that order, so a field added to the class but not
    here fails on import, not as a slot left empty."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if names != fields:
        raise TypeError(f"{cls.__name__}: its __init__ sets {names}, its fields are {fields}")
    return tuple(cls.__dict__[name].__set__ for name in names)
