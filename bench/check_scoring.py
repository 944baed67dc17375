"""The fast engine gives exactly the numbers the original one gave: run before trusting a throughput figure.

The comparison is `reference.compare` (the oracle and what it checks live in `reference/`).

    .venv/bin/python -m bench.check_scoring [--sets N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys

from reference.compare import Mismatch, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    try:
        counts = run(args.sets, args.seed)
    except Mismatch as exc:
        print(f"MISMATCH: {exc}", file=sys.stderr)
        return 1
    print(f"identical: {counts['answer_sets']} answer sets, {counts['conditions']} conditions each, "
          f"{counts['aggregates']} aggregates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
