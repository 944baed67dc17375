"""Capacity: how many leaders one server process holds, measured without browsers (bench/protocol.py).

One `streamlit run asgi.py` process, on SQLite and then on PostgreSQL. Simulated leaders (agencies
with a draft whose every question is answered) each open the security page over Streamlit's protocol
and then, for a bounded window, change one of its yes / partly / no answers every 3–10 s (uniform,
seeded per leader; the first change comes as in a stream under way, `first_pause`), always to
another option than the one shown, so every change is a save. Levels of 20, 100 and 300 leaders run
one after the other on the same server; the sessions of a level stay open for the next, which opens
only the leaders it adds. Per level: p50 / p95 / p99 from a change sent to its run's
`script_finished`; changes saved per second; the server's CPU (share of one core:
one process runs Python on one core at a time) and resident memory; errors (a run that failed, drew
an error, drew no saved mark, or did not finish; a traceback in the server's log); after the last
level, every leader's last choice per question is looked up in the database (lost answers).

On PostgreSQL the same leaders are then driven through nginx (deploy/nginx.conf, bench/proxy.py) to two
and to four processes at 100 and 300 leaders, and each is compared with one process at the same level:
the capacity ratio (answers saved per second, N processes over one; and one's p95 over N's).

The first leaders of each database sign in through the web entry's form (bench/protocol.py); the
others present a session made by `store.sessions.authenticate`, which the form calls: the form would
rehash each cheap benchmark password at the real argon2 cost (~0.2 s of server CPU each), a minute
of the bench for nothing the figure measures.

    .venv/bin/python -m bench capacity                       in `make bench`
    .venv/bin/python -m bench.capacity --levels 150,200 --window 30 --db sqlite   to find a crossing
    .venv/bin/python -m bench.capacity --db postgresql --processes 1,2,4         behind nginx
    .venv/bin/python -m bench.capacity --db postgresql --levels 10 --multi-levels 10 --processes 1,2 --window 5
                                                                               a smoke run of the ratio
    .venv/bin/python -m bench.capacity --levels 20 --db sqlite --browser-check    against figure 4
    .venv/bin/python -m bench.capacity --levels 100 --db sqlite --profile /tmp/p.json   where it goes
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench import protocol, world
from bench.browser import server_args
from bench.figures import Figure, failed, percentile
from bench.load import LABELS, _Postgres
from bench.proxy import Nginx
from harness.server import REPO_ROOT, StreamlitServer
from scoring.catalog import load_catalog
from scoring.models import QuestionType

PAGE = "security"
LEVELS = (20, 100, 300)
PROCESSES = (1, 2, 4)  # PostgreSQL in `make bench`: one process, then these behind nginx
MULTI_LEVELS = (100, 300)  # the levels run on more than one process, each compared with one process's
GOAL_LEVEL = 100
P95_GOAL_MS = 1500.0
THINK = (3.0, 10.0)
WINDOW = 6.0  # seconds of answering per level in `make bench` (its six minutes hold every group)
QUICK_WINDOW = 5.0
FORM_SIGN_INS = 20
QUICK_FORM_SIGN_INS = 4
OPENING = 8  # sessions opening the page at once (a ramp, not part of any figure)
MIB = 1024 * 1024
CODES = {label: code for code, label in LABELS.items()}  # the radios' Vietnamese labels → answer codes


@dataclass
class Leader:
    agency_id: str
    session: protocol.Session
    index: int


@dataclass
class Level:
    leaders: int
    latencies: list[float] = field(default_factory=list)  # seconds, change sent → run finished
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # seconds
    loop_cpu: float = 0.0  # of which the server's main thread (event loop: websockets, messages)
    cpu_each: list[float] = field(default_factory=list)  # seconds, per server process (behind nginx)
    driver_cpu: float = 0.0
    rss: int = 0
    rss_peak: int = 0
    opened_in: float = 0.0


def questions() -> list[str]:
    qfile = load_catalog().questionnaire.domain(PAGE).file
    return [q.id for s in qfile.sections for q in s.questions if q.type == QuestionType.YES_PARTLY_NO]


def _cpu(proc: psutil.Process) -> tuple[float, float]:
    """CPU seconds of a process and of its main thread."""
    times = proc.cpu_times()
    main = next((t for t in proc.threads() if t.id == proc.pid), None)
    return times.user + times.system, (main.user_time + main.system_time) if main else 0.0


async def _open(leaders: list[Leader], level: Level) -> None:
    gate = asyncio.Semaphore(OPENING)

    async def one(leader: Leader) -> None:
        async with gate:
            if leader.session.ws is not None:
                return
            seen = await leader.session.open(PAGE)
            level.errors += [f"{leader.agency_id} opening: {e}" for e in seen.errors]

    t0 = time.perf_counter()
    await asyncio.gather(*(one(x) for x in leaders))
    level.opened_in = time.perf_counter() - t0


def first_pause(rng: random.Random, think: tuple[float, float]) -> float:
    """Seconds before a leader's first change, drawn as in a stream of leaders that has run for a while.

    In a steady stream the pause a leader is in the middle of is drawn in proportion to its length (a
    long pause is more likely to be under way), and the time left of it is uniform within it. Drawn so,
    the window's first seconds carry the steady load (leaders ÷ the mean pause, changes a second), and
    a window shorter than the longest pause measures that load, not a ramp."""
    low, high = think
    under_way = (low * low + rng.random() * (high * high - low * low)) ** 0.5
    return rng.uniform(0.0, under_way)


async def _answer(leader: Leader, qids: list[str], rng: random.Random, until: float, level: Level,
                  chosen: dict[tuple[str, str], str], think: tuple[float, float]) -> None:
    session = leader.session
    await asyncio.sleep(min(first_pause(rng, think), max(0.0, until - time.perf_counter())))
    while time.perf_counter() < until:
        qid = rng.choice(qids)
        widget = session.widgets[f"q_{qid}"]
        label = rng.choice([o for o in widget.options if o != widget.value])
        t0 = time.perf_counter()
        try:
            seen = await session.change(f"q_{qid}", label)
        except Exception as exc:  # refused, closed, timed out: counted, this leader stops, the others go on
            level.errors.append(f"{leader.agency_id}/{qid}: {type(exc).__name__}: {exc}")
            return
        level.latencies.append(time.perf_counter() - t0)
        chosen[(leader.agency_id, qid)] = CODES[label]
        level.errors += [f"{leader.agency_id}/{qid}: {e}" for e in seen.errors]
        if seen.saved_marks != 1:
            level.errors.append(f"{leader.agency_id}/{qid}: {seen.saved_marks} saved marks drawn")
        pause = rng.uniform(*think)  # drawn whatever the clock says, so a leader's draws do not depend on it
        await asyncio.sleep(min(pause, max(0.0, until - time.perf_counter())))


def _rss(procs: list[psutil.Process]) -> int:
    return sum(p.memory_info().rss for p in procs)


def _cpus(procs: list[psutil.Process]) -> tuple[float, float]:
    both = [_cpu(p) for p in procs]
    return sum(c for c, _ in both), sum(m for _, m in both)


async def _peak(procs: list[psutil.Process], level: Level, stop: asyncio.Event) -> None:
    while not stop.is_set():
        level.rss_peak = max(level.rss_peak, _rss(procs))
        await asyncio.sleep(0.5)


async def run_level(server_pids: list[int], leaders: list[Leader], n: int, window: float, seed: int,
                    chosen: dict[tuple[str, str], str], qids: list[str], profile: Path | None = None,
                    think: tuple[float, float] = THINK) -> Level:
    """Open the level's pages not yet open, then let its `n` leaders answer for `window` seconds.
    CPU and memory are the server processes' together."""
    level = Level(n)
    await _open(leaders[:n], level)
    procs, me = [psutil.Process(pid) for pid in server_pids], psutil.Process()
    if profile:
        procs[0].send_signal(signal.SIGUSR2)  # the server's sampler counts this level's answering only
    stop = asyncio.Event()
    sampler = asyncio.create_task(_peak(procs, level, stop))
    each0 = [_cpu(p)[0] for p in procs]
    (cpu0, loop0), d0, t0 = _cpus(procs), _cpu(me)[0], time.perf_counter()
    await asyncio.gather(*(_answer(x, qids, random.Random(seed * 100_003 + x.index), t0 + window, level, chosen,
                                   think) for x in leaders[:n]))
    (cpu1, loop1), d1 = _cpus(procs), _cpu(me)[0]
    level.cpu_each = [_cpu(p)[0] - c for p, c in zip(procs, each0, strict=True)]
    level.seconds = time.perf_counter() - t0
    level.server_cpu, level.loop_cpu, level.driver_cpu = cpu1 - cpu0, loop1 - loop0, d1 - d0
    level.rss = _rss(procs)
    stop.set()
    await sampler
    if profile:
        await asyncio.sleep(2.5)  # the sampler writes every two seconds
        shutil.copy(profile, profile.with_suffix(f".{n}.json"))
    return level


def _lost(url: str, chosen: dict[tuple[str, str], str]) -> list[str]:
    from store import assessments, clock, db
    from store.access import SYSTEM_ACTOR

    engine = db.get_engine(url)
    lost = []
    for agency_id in sorted({a for a, _ in chosen}):
        info = assessments.get_assessment(engine, SYSTEM_ACTOR, agency_id, clock.now().year)
        assert info is not None
        rows = assessments.load_answers(engine, SYSTEM_ACTOR, info.id)
        for (a, qid), code in chosen.items():
            stored = rows[qid].value if qid in rows else None
            if a == agency_id and stored != code:
                lost.append(f"{agency_id}/{qid}: {code} chosen, {stored} stored")
    return lost


@dataclass
class Backend:
    name: str
    levels: list[Level]
    errors: list[str]
    lost: list[str]
    answers: int
    signed_in_by_form: int
    processes: int = 1

    @property
    def label(self) -> str:
        return self.name if self.processes == 1 else f"{self.name}, {self.processes} processes behind nginx"


async def _drive(base_url: str, pids: list[int], agencies: list[world.Agency], levels: tuple[int, ...], window: float,
                 chosen: dict[tuple[str, str], str], by_form: int, profile: Path | None,
                 qids: list[str], think: tuple[float, float]) -> tuple[list[Level], int]:
    form = agencies[:by_form]
    tokens = await asyncio.gather(*(asyncio.to_thread(protocol.sign_in, base_url, a.username, world.PASSWORD)
                                    for a in form))
    tokens += [a.token for a in agencies[by_form:]]
    leaders = [Leader(a.id, protocol.Session(base_url, t), i) for i, (a, t) in enumerate(zip(agencies, tokens,
                                                                                                strict=True))]
    out = []
    try:
        for seed, n in enumerate(levels, start=1):
            out.append(await run_level(pids, leaders, n, window, seed, chosen, qids, profile, think))
    finally:
        await asyncio.gather(*(x.session.close() for x in leaders), return_exceptions=True)
    return out, len(form)


@contextmanager
def _world(name: str, pg_url: str | None, tmp: Path, n: int,
           qids: list[str] | None) -> Iterator[tuple[Path, str, list[world.Agency]]]:
    """A database of `n` leaders' agencies, with a folder for the servers' logs and nginx; every
    server count of a run uses the same one, so their answers meet the same rows."""
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp))
    with world.database(pg_url, folder) as url:
        from store import db

        blank = [] if qids is None else qids  # answered questions are changed; blank ones get a first answer
        yield folder, url, world.build(db.get_engine(url), load_catalog(), n, blank=blank, last_year=False)


def backend(name: str, pg_url: str | None, tmp: Path, levels: tuple[int, ...], window: float,
            by_form: int = FORM_SIGN_INS, profile: Path | None = None, processes: int = 1,
            qids: list[str] | None = None, think: tuple[float, float] = THINK) -> Backend:
    """One database's levels on `processes` server processes (`serve`), in a database of its own."""
    with _world(name, pg_url, tmp, max(levels), qids) as (folder, url, agencies):
        return serve(name, folder, url, agencies, levels, window, by_form, profile, processes, qids, think)


def serve(name: str, tmp: Path, url: str, agencies: list[world.Agency], levels: tuple[int, ...], window: float,
          by_form: int = FORM_SIGN_INS, profile: Path | None = None, processes: int = 1,
          qids: list[str] | None = None, think: tuple[float, float] = THINK) -> Backend:
    """The levels on `processes` server processes (more than one: behind nginx, as deploy/nginx.conf
    says); with `profile` (a file path), the first server samples its own stacks (bench/sampler) and
    each level's totals are kept beside it as <profile>.<leaders>.json."""
    from store import db

    env = {"DATABASE_URL": url, "PRESSDX_TRUST_PROXY": "1" if processes > 1 else None}
    servers = [StreamlitServer(REPO_ROOT / "asgi.py", env, log_path=tmp / f"capacity-{name}-{processes}-{i}.log",
                               extra_args=server_args()) for i in range(processes)]
    if profile:
        servers[0].env |= {"PYTHONPATH": str(Path(__file__).parent / "sampler"),
                           "PRESSDX_BENCH_SAMPLE": str(profile)}
    chosen: dict[tuple[str, str], str] = {}
    proxy = None
    try:
        for server in servers:
            server.start()
        if processes > 1:
            proxy = Nginx(tmp / f"nginx-{name}-{processes}", [s.port for s in servers]).start()
        base = proxy.url if proxy else servers[0].url
        pids = [s.pid for s in servers if s.pid is not None]
        done, by_form = asyncio.run(_drive(base, pids, agencies, levels, window, chosen, by_form, profile,
                                            qids or questions(), think))
    finally:
        if proxy:
            proxy.stop()
        for server in servers:
            server.stop()
    db.dispose_engines()
    log_errors = [line for s in servers for line in s.log_path.read_text(errors="replace").splitlines()
                  if "Traceback" in line or " ERROR " in line]
    return Backend(name, done, log_errors, _lost(url, chosen), len(chosen), by_form, processes)


def _split(lv: Level) -> str:
    return "(the processes together: " + " + ".join(f"{c / lv.seconds:.0%}" for c in lv.cpu_each) + ") "


def _processes(b: Backend) -> str:
    return "one process" if b.processes == 1 else f"{b.processes} processes behind nginx"


def _level_figures(b: Backend) -> list[Figure]:
    figures = []
    cores = os.cpu_count() or 1
    for lv in b.levels:
        if not lv.latencies:
            figures.append(failed(f"capacity, {b.label}, {lv.leaders} leaders", "ms",
                                  "; ".join(lv.errors[:2]) or "no change finished"))
            continue
        p50, p95, p99 = (percentile(lv.latencies, p) * 1000 for p in (50, 95, 99))
        goal = f"< {P95_GOAL_MS:.0f}" if lv.leaders == GOAL_LEVEL and b.processes == 1 else None
        rate = len(lv.latencies) / lv.seconds
        figures.append(Figure(
            f"capacity, {b.name}, {lv.leaders} leaders on {_processes(b)}: p95 change → run finished", p95, "ms", goal,
            None, p95 < P95_GOAL_MS,
            note=f"{len(lv.latencies)} changes in {lv.seconds:.0f} s ({rate:.1f} saved/s); p50 {p50:.0f} ms, "
                 f"p99 {p99:.0f} ms; server CPU {lv.server_cpu / lv.seconds:.0%} of one core "
                 f"{_split(lv) if b.processes > 1 else ''}"
                 f"({lv.server_cpu / len(lv.latencies) * 1000:.1f} ms a change; its event-loop thread "
                 f"{lv.loop_cpu / max(lv.server_cpu, 1e-9):.0%} of it), the driver {lv.driver_cpu / lv.seconds:.0%} "
                 f"of one core ({cores} cores); RSS {lv.rss / MIB:.0f} MiB (peak {lv.rss_peak / MIB:.0f}); "
                 f"errors {len(lv.errors)}; the {lv.leaders} pages opened in {lv.opened_in:.0f} s before"))
        figures.append(Figure(f"capacity, {b.label}, {lv.leaders} leaders: answers saved per second", rate,
                              "answers/s", None, None, None))
    return figures


def _crossing(b: Backend) -> str:
    over = [lv.leaders for lv in b.levels if lv.latencies and percentile(lv.latencies, 95) * 1000 >= P95_GOAL_MS]
    under = [lv.leaders for lv in b.levels if lv.latencies and percentile(lv.latencies, 95) * 1000 < P95_GOAL_MS]
    if not over:
        return f"p95 under {P95_GOAL_MS / 1000:g} s at every level measured (up to {max(under, default=0)})"
    below = max((n for n in under if n < min(over)), default=0)
    return f"p95 crosses {P95_GOAL_MS / 1000:g} s between {below} and {min(over)} leaders"


def _memory(b: Backend) -> list[Figure]:
    """Resident memory per open session: the growth between the first level and the last, each
    measured once its leaders had all opened the page and answered."""
    first, last = b.levels[0], b.levels[-1]
    if last.leaders == first.leaders:
        return []
    per = (last.rss - first.rss) / (last.leaders - first.leaders) / MIB
    return [Figure(f"capacity, {b.label}: server resident memory per open session", per, "MiB", None, None, None,
                   note=f"{first.rss / MIB:.0f} MiB with {first.leaders} sessions, {last.rss / MIB:.0f} MiB with "
                        f"{last.leaders}")]


def figures_for(b: Backend) -> list[Figure]:
    errors = [e for lv in b.levels for e in lv.errors] + b.errors
    return [
        *_level_figures(b),
        *_memory(b),
        Figure(f"capacity, {b.label}: errors, all levels", len(errors), "errors", "0", None, not errors,
               note=f"{_crossing(b)}; {b.signed_in_by_form} leaders signed in through the form; "
                    + "; ".join(errors[:3])),
        Figure(f"capacity, {b.label}: answers lost (checked in the database)", len(b.lost), "answers", "0", None,
               not b.lost, note=f"{b.answers} (agency, question) last choices looked up; " + "; ".join(b.lost[:3])),
    ]


def _level(b: Backend, leaders: int) -> Level | None:
    return next((lv for lv in b.levels if lv.leaders == leaders and lv.latencies), None)


def ratio_figures(one: Backend, many: Backend) -> list[Figure]:
    """Per level both ran: answers saved per second on `many` processes over one's (the load offered is
    the same, so above 1 only where one process fell behind it), and one's p95 over `many`'s (how much
    sooner a change is saved)."""
    figures = []
    for lv in many.levels:
        base = _level(one, lv.leaders)
        name = f"capacity ratio, {many.name}, {many.processes} processes ÷ one, {lv.leaders} leaders"
        if base is None or not lv.latencies:
            figures.append(failed(name, "×", "a level without finished changes on one side"))
            continue
        rate, rate1 = len(lv.latencies) / lv.seconds, len(base.latencies) / base.seconds
        p95, p95_1 = percentile(lv.latencies, 95) * 1000, percentile(base.latencies, 95) * 1000
        note = (f"{rate:.1f} against {rate1:.1f} saved/s; p95 {p95:.0f} against {p95_1:.0f} ms; server CPU "
                f"{lv.server_cpu / lv.seconds:.0%} against {base.server_cpu / base.seconds:.0%} of one core")
        figures.append(Figure(f"{name}: answers saved per second", rate / rate1, "×", note=note))
        figures.append(Figure(f"{name}: p95 of one ÷ p95 of {many.processes}", p95_1 / p95, "×"))
    return figures


def browser_check(tmp: Path, window: float) -> list[Figure]:
    """Figure 4's clicks without its browsers: as many leaders, the same blank questions, the same
    pauses, on SQLite; its timings should agree with figure 4's on-the-wire part (request → finished)."""
    from bench.load import BLANK, SESSIONS
    from bench.load import THINK as CLICKS

    b = backend("SQLite", None, tmp, (SESSIONS,), window, SESSIONS, qids=BLANK, think=CLICKS)
    lv = b.levels[0]
    if not lv.latencies:
        return [failed(f"capacity driver as figure 4 ({SESSIONS} leaders)", "ms", "; ".join(lv.errors[:2]))]
    p50, p95 = (percentile(lv.latencies, p) * 1000 for p in (50, 95))
    errors = lv.errors + b.errors
    return [Figure(f"capacity driver as figure 4 drives the browsers ({SESSIONS} leaders, SQLite): p95 change → "
                   "run finished", p95, "ms", None, None, None,
                   note=f"{len(lv.latencies)} answers to {len(BLANK)} blank questions, {CLICKS[0]}–{CLICKS[1]} s "
                        f"apart; p50 {p50:.0f} ms; errors {len(errors)}, lost {len(b.lost)}; to compare with figure "
                        "4's 'on the wire' p95 and median (the same server work, without the browsers' share of "
                        "the cores)")]


def _postgresql(tmp: Path, levels: tuple[int, ...], multi_levels: tuple[int, ...], window: float,
                processes: tuple[int, ...], profile: Path | None) -> list[Figure]:
    """One process on `levels`, each other count in `processes` behind nginx on `multi_levels`, and
    the capacity ratio of each against one process at the levels both ran."""
    figures: list[Figure] = []
    runs: dict[int, Backend] = {}
    most = max(levels + (multi_levels if set(processes) - {1} else ()))
    with _Postgres(Path(tempfile.gettempdir()) / f"pressdx-bench-capacity-pg-{os.getpid()}") as pg_url, \
            _world("PostgreSQL", pg_url, tmp, most, None) as (folder, url, agencies):
        for n in processes:
            runs[n] = serve("PostgreSQL", folder, url, agencies, levels if n == 1 else multi_levels, window,
                            FORM_SIGN_INS, profile and profile.with_name(f"postgresql-{n}-{profile.name}"), n)
            figures += figures_for(runs[n])
    if 1 in runs:
        figures += [f for n, b in runs.items() if n != 1 for f in ratio_figures(runs[1], b)]
    return figures


def run(quick: bool = False, levels: tuple[int, ...] | None = None, window: float | None = None,
        databases: tuple[str, ...] = ("sqlite", "postgresql"), profile: Path | None = None,
        processes: tuple[int, ...] = PROCESSES, check: bool = False,
        multi_levels: tuple[int, ...] = MULTI_LEVELS) -> list[Figure]:
    """The levels on SQLite (one process) and on PostgreSQL (once per count in `processes`, more than
    one on `multi_levels`); with `check`, first figure 4's clicks driven over the protocol
    (`browser_check`)."""
    levels = levels or ((LEVELS[0],) if quick else LEVELS)
    window = window or (QUICK_WINDOW if quick else WINDOW)
    if quick:
        databases = ("sqlite",)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="pressdx-bench-capacity-") as tmp_name:
        tmp = Path(tmp_name)
        if check:
            try:
                figures += browser_check(tmp, WINDOW)
            except Exception as exc:
                figures.append(failed("capacity driver as figure 4", "ms", f"{type(exc).__name__}: {exc}"))
        if "sqlite" in databases:
            try:
                figures += figures_for(backend("SQLite", None, tmp, levels, window,
                                               QUICK_FORM_SIGN_INS if quick else FORM_SIGN_INS,
                                               profile and profile.with_name(f"sqlite-{profile.name}")))
            except Exception as exc:
                figures.append(failed("capacity, SQLite", "ms", f"{type(exc).__name__}: {exc}", "runs"))
        if "postgresql" in databases:
            try:
                figures += _postgresql(tmp, levels, multi_levels, window, processes, profile)
            except Exception as exc:
                figures.append(failed("capacity, PostgreSQL", "ms", f"{type(exc).__name__}: {exc}", "runs"))
    return figures


def main() -> None:
    from bench.figures import notes, table

    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="leaders per level, e.g. 150,200")
    parser.add_argument("--window", type=float, default=WINDOW, help="seconds of answering per level")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--profile", type=Path, help="sample the server's stacks into this file (per level beside it)")
    parser.add_argument("--processes", default="1", help="PostgreSQL only: server processes behind nginx, e.g. 1,2,4")
    parser.add_argument("--multi-levels", default=",".join(map(str, MULTI_LEVELS)),
                        help="leaders per level on more than one process, e.g. 100,300")
    parser.add_argument("--browser-check", action="store_true", help="also drive figure 4's clicks (4 leaders)")
    args = parser.parse_args()
    dbs = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    got = run(levels=tuple(int(x) for x in args.levels.split(",")), window=args.window, databases=dbs,
              profile=args.profile.resolve() if args.profile else None,
              processes=tuple(int(x) for x in args.processes.split(",")), check=args.browser_check,
              multi_levels=tuple(int(x) for x in args.multi_levels.split(",")))
    print(table(got))
    for n in notes(got):
        print(f"  * {n}")


if __name__ == "__main__":
    main()
