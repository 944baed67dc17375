"""Reading YAML that someone else wrote, without trusting it.

`safe_load` already refuses tags that build Python objects; on top of that, anchors and aliases are
refused (no file of ours needs them, and they are how "billion laughs" bombs multiply), and files
over a size limit are refused before parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2 * 1024 * 1024


class YamlProblem(ValueError):
    """A file that cannot be read as YAML; `line` is 1-based when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem("YAML aliases (*name) are not allowed", event.start_mark.line + 1)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(f"YAML anchors (&{anchor}) are not allowed", event.start_mark.line + 1)
        return super().compose_node(parent, index)


def _no_dates(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Keep dates as text: an answer or version that looks like a date must not change type."""
    return loader.construct_scalar(node)


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", _no_dates)


def loads(text: str, max_bytes: int = MAX_BYTES) -> Any:
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlProblem(f"the file is larger than {max_bytes // 1024} KiB")
    try:
        loader = _NoAliasLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(f"YAML syntax error: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None


def load_path(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlProblem(f"the file is larger than {max_bytes // 1024} KiB ({size // 1024} KiB)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads(text, max_bytes)
