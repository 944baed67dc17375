"""A stack sampler for a benchmark's server, loaded only when the bench puts this folder first on the
server's PYTHONPATH and names an output file in PRESSDX_BENCH_SAMPLE (bench/capacity.py --profile).

Every few milliseconds it looks at every thread's Python stack (`sys._current_frames`) and counts,
for the stacks that are working (not waiting in a select, a lock or a queue), the package of the
innermost frame (self time) and each function on the stack (inclusive time). Every two seconds it
rewrites the totals as JSON: where one process's single core goes under load. A sample is taken when
the sampler gets the interpreter lock, so it sees what ran around it, not a perfect clock. SIGUSR2
starts the count afresh (the bench sends it when a level's answering starts)."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from types import FrameType

OUT = os.environ.get("PRESSDX_BENCH_SAMPLE")
INTERVAL = 0.005
WAITING = {"select", "wait", "get", "poll", "sleep", "acquire", "_worker", "accept", "recv_into", "readinto",
           "_wait_for_tstate_lock", "run_forever", "_run_once"}
WAITING_FILES = ("polling_path_watcher.py",)  # a loop that sleeps in C between looks
PACKAGES = ("streamlit", "sqlalchemy", "psycopg", "sqlite3", "google", "starlette", "uvicorn", "websockets",
            "anyio", "asyncio", "pydantic", "yaml", "argon2", "json", "copy", "threading", "concurrent")


def _package(path: str) -> str:
    for part in ("/ui/", "/store/", "/scoring/", "/reports/"):
        if part in path and "site-packages" not in path:
            return "pressdx " + part.strip("/")
    for name in PACKAGES:
        if f"/{name}/" in path or path.endswith(f"/{name}.py"):
            return name
    if "site-packages" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    return "python " + os.path.basename(path)


def _sample(me: int, self_time: Counter, inclusive: Counter, counts: Counter) -> None:
    for tid, frame in sys._current_frames().items():
        if tid == me or frame.f_code.co_name in WAITING or frame.f_code.co_filename.endswith(WAITING_FILES):
            continue
        counts["samples"] += 1
        self_time[_package(frame.f_code.co_filename)] += 1
        seen = set()
        at: FrameType | None = frame
        while at is not None:
            code = at.f_code
            key = f"{_package(code.co_filename)}: {os.path.basename(code.co_filename)}:{code.co_name}"
            if key not in seen:
                seen.add(key)
                inclusive[key] += 1
            at = at.f_back


_fresh = threading.Event()


def _run(out_path: str) -> None:
    me = threading.get_ident()
    self_time: Counter = Counter()
    inclusive: Counter = Counter()
    counts: Counter = Counter()
    last = time.monotonic()
    while True:
        time.sleep(INTERVAL)
        if _fresh.is_set():
            _fresh.clear()
            for counter in (self_time, inclusive, counts):
                counter.clear()
        _sample(me, self_time, inclusive, counts)
        if time.monotonic() - last > 2:
            last = time.monotonic()
            with open(out_path, "w", encoding="utf-8") as out:
                json.dump({"samples": counts["samples"], "self": self_time.most_common(30),
                           "inclusive": inclusive.most_common(60)}, out, ensure_ascii=False, indent=1)


if OUT:
    signal.signal(signal.SIGUSR2, lambda *_: _fresh.set())
    threading.Thread(target=_run, args=(OUT,), name="pressdx-bench-sampler", daemon=True).start()
