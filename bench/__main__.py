"""`make bench`: measure every figure, print the table, write bench/results.json and refresh the latest
table in bench/RESULTS.md.

    .venv/bin/python -m bench                 everything (under five minutes on a 2-core machine)
    .venv/bin/python -m bench scoring review  only these groups
    .venv/bin/python -m bench --quick         fewer repetitions, for a smoke run
    .venv/bin/python -m bench --no-write      print only

Groups: scoring (figure 3), answer (1), review (2), cold (6), open (a domain page opened, answers drawn),
load (4: browsers, SQLite and PostgreSQL),
capacity (leaders one server process holds, driven over Streamlit's protocol, and two and four processes
behind nginx against one: bench/capacity.py).
Everything runs on 127.0.0.1; servers started here are stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench import machine
from bench.figures import Figure, notes, table, write_json

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
BEGIN = "<!-- latest: written by `make bench`, do not edit by hand -->"
END = "<!-- end of latest -->"


def _group(name: str) -> Callable[[bool], list[Figure]]:
    if name == "scoring":
        from bench import scoring_bench

        return scoring_bench.run
    if name == "answer":
        from bench import answer_rerun

        return answer_rerun.run
    if name == "review":
        from bench import review

        return review.run
    if name == "cold":
        from bench import cold_start

        return cold_start.run
    if name == "open":
        from bench import page_open

        return page_open.run
    if name == "capacity":
        from bench import capacity

        return capacity.run
    if name == "load":
        from bench import load

        return load.run
    raise SystemExit(f"unknown group {name!r}")


GROUPS = ("scoring", "answer", "review", "cold", "open", "load", "capacity")


def update_results_md(figures: list[Figure], about: dict[str, str], elapsed: float) -> None:
    lines = [BEGIN, "", f"Measured {datetime.now().strftime('%Y-%m-%d %H:%M')} in {elapsed:.0f} s by `make bench`.", ""]
    lines += [f"- **{k}**: {v}" for k, v in about.items()]
    lines += ["", table(figures, markdown=True), ""]
    lines += [f"- {n}" for n in notes(figures)]
    lines += ["", END]
    block = "\n".join(lines)
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n## Latest run\n\n" + block + "\n"
    RESULTS_MD.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=f"any of: {', '.join(GROUPS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--no-write", action="store_true", help="do not write results.json or RESULTS.md")
    args = parser.parse_args(argv)
    groups = args.groups or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    about = machine.describe()
    print("pressdx benchmarks on " + "; ".join(f"{k}: {v}" for k, v in about.items()), flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in groups:
        t0 = time.perf_counter()
        print(f"\n== {name} …", flush=True)
        try:
            got = _group(name)(args.quick)
        except Exception as exc:  # one group failing must not lose the others' figures
            traceback.print_exc()
            got = [Figure(f"{name}: failed", None, "", "runs", None, False, note=f"{type(exc).__name__}: {exc}")]
        for f in got:
            print(f"   {f.name}: {f.value if f.value is None else round(f.value, 3)} {f.unit}", flush=True)
        print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        figures.extend(got)
    elapsed = time.perf_counter() - started
    print()
    print(table(figures))
    for n in notes(figures):
        print(f"  * {n}")
    print(f"\n{len(figures)} figures in {elapsed:.0f} s; "
          f"{sum(1 for f in figures if f.meets is False)} miss their goal.")
    if not args.no_write:
        write_json(figures, RESULTS_JSON)
        update_results_md(figures, about, elapsed)
        print(f"wrote {RESULTS_JSON.relative_to(HERE.parent)} and {RESULTS_MD.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
