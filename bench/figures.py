"""A measured figure, its goal and its floor; the table and the JSON that `make bench` writes."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One line of the results: `goal` says the bound in words and numbers (e.g. "≤ 1.3 × floor = 41.2"),
    `floor` is what the bare minimum costs in the same run (None where no floor applies), `meets`
    whether the goal holds (None where there is no goal)."""

    name: str
    value: float | None
    unit: str
    goal: str | None = None
    floor: float | None = None
    meets: bool | None = None
    note: str = ""  # shown under the table, not written to results.json

    def __post_init__(self) -> None:
        if self.goal is None:  # no goal, no verdict: false would read as a miss
            self.meets = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("note")
        return out


def median(xs: Iterable[float]) -> float:
    return statistics.median(list(xs))


def percentile(xs: Iterable[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation, as numpy's default."""
    data = sorted(xs)
    if not data:
        raise ValueError("no data")
    k = (len(data) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def table(figures: list[Figure], markdown: bool = False) -> str:
    rows = [("figure", "value", "unit", "goal", "floor", "meets")]
    for f in figures:
        meets = "—" if f.meets is None else ("yes" if f.meets else "NO")
        rows.append((f.name, _fmt(f.value), f.unit, f.goal or "—", _fmt(f.floor), meets))
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * 6) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    right = {1, 4}
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def notes(figures: list[Figure]) -> list[str]:
    return [f"{f.name}: {f.note}" for f in figures if f.note]


def write_json(figures: list[Figure], path: Path) -> None:
    path.write_text(json.dumps([f.as_json() for f in figures], ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


def failed(name: str, unit: str, why: str, goal: str | None = None) -> Figure:
    """A figure that could not be measured: no value, the goal not met, the reason in the notes."""
    return Figure(name, None, unit, goal, None, False if goal else None, note=f"not measured: {why}")
