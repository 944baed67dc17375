"""What a server's stack samples say (bench/sampler/sitecustomize.py's JSON): the share of working
samples by the package of the innermost frame, and the functions most often on the stack.

    .venv/bin/python -m bench.sampler.report /tmp/sqlite-p.100.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def summary(path: Path, top: int = 25) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    total = data["samples"] or 1
    lines = [f"{path.name}: {data['samples']} working samples", "self time by package:"]
    lines += [f"  {n / total:6.1%}  {name}" for name, n in data["self"][:12]]
    lines.append("on the stack (inclusive):")
    lines += [f"  {n / total:6.1%}  {name}" for name, n in data["inclusive"][:top]
              if not name.startswith("threading:")]
    return "\n".join(lines)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(summary(Path(arg)))
