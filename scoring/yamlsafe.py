"""Reading YAML that someone else wrote, without trusting it.

`safe_load` already refuses tags that build Python objects; on top of that, anchors and aliases are
refused (no file of ours needs them, and they are how "billion laughs" bombs multiply), so are the
tags that build bytes, sets and ordered pairs, nesting deeper than any file of ours needs (which would
otherwise exhaust Python's recursion), more values (YAML nodes: every key, item and text) than any
file of ours holds (counted as the document is composed, so a file of half a million list items is
refused once the limit is read, before any Python object is built from it), integers longer than any
count (Python refuses to read ints of more than 4300 digits, with an error that is not a YAML error)
and a key given twice in one mapping (where YAML would silently keep the last). Files over a size
limit are refused before parsing. Whatever the text, `loads` returns plain data (dict, list, str,
int, float, bool, None) or raises YamlProblem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 10_000  # an answers file with every field filled holds about 2 500, a questionnaire file 1 500
MAX_INT_DIGITS = 30


class YamlProblem(ValueError):
    """A file that cannot be read as YAML; `line` is 1-based when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    _depth = 0
    _nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            raise YamlProblem("YAML aliases (*name) are not allowed", event.start_mark.line + 1)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(f"YAML anchors (&{anchor}) are not allowed", event.start_mark.line + 1)
        if self._depth >= MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlProblem(f"more than {MAX_NODES} values (keys, items and texts) in one file",
                              event.start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    repeated = key in seen
                    seen.add(key)
                except TypeError:  # an unhashable key: the constructor below says so
                    continue
                if repeated:
                    raise YamlProblem(f"the key '{str(key)[:60]}' is given twice", key_node.start_mark.line + 1)
        return super().construct_mapping(node, deep=deep)


def _no_dates(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Keep dates as text: an answer or version that looks like a date must not change type."""
    return loader.construct_scalar(node)


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    length = len(str(node.value).replace("_", ""))
    if length > MAX_INT_DIGITS:
        raise YamlProblem(f"a number written with {length} characters is too long", node.start_mark.line + 1)
    return loader.construct_yaml_int(node)


def _refused_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise YamlProblem(f"the YAML tag {node.tag} is not allowed here", node.start_mark.line + 1)


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", _no_dates)
_NoAliasLoader.add_constructor("tag:yaml.org,2002:int", _bounded_int)
for _tag in ("binary", "set", "omap", "pairs"):
    _NoAliasLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refused_tag)


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
        problem = str(exc.problem or exc.context)
        if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in problem:
            tag = problem.split("for the tag", 1)[1].strip(" '")
            raise YamlProblem(f"the YAML tag {tag[:80]} is not allowed here (plain YAML only)", line) from None
        raise YamlProblem(f"YAML syntax error: {problem}", line) from None
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
