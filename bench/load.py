"""Figure 4: four agency leaders answering and submitting at once, in one headless Chromium
(one browser context each) against one `streamlit run asgi.py` server, on SQLite and on PostgreSQL. Four: what this
machine's two cores can render while they also run the server (twenty browsers took ~90 % of them,
so that figure measured the testbed); how many leaders one server holds is bench/capacity.py's
question, asked without browsers.

Each leader's draft is complete but for eight questions of the largest page. All four open that
page together, then answer the eight, pausing 0.5–1.5 s between answers as a quick reader would; once
all have answered, they go to the overview and submit. Measured: for each answer, the time from the
click to the question's "saved" mark, timed inside the page (`SAVED_CLOCK`); every error (an
exception or error box on a page, a timeout, a traceback in the server's log); every lost answer
(after the run, each leader's answers must be in the database as clicked, and the assessment
submitted); the server's CPU time per answer, which the browsers (on the same two cores here, not in
real use) do not blur. The goal: p95 ≤ 1.3 × the floor's, the bare script (bench/floor_app.py)
driven the same way in the same run, without the submission. And the smallest page
(bench/tiny_page.py: only the eight questions), driven the same way: what these browsers on this
machine allow any Streamlit page.

Memory per session is bench/capacity.py's (four sessions are too few to tell it from the noise).
"""

from __future__ import annotations

import asyncio
import base64
import os
import random
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench import world
from bench.browser import Tab, chromium_or_reason, launch, server_args
from bench.figures import Figure, failed, percentile
from harness.page import parse_message, run_finished
from harness.server import REPO_ROOT, StreamlitServer, free_port
from scoring.catalog import load_catalog

SESSIONS = 4
QUICK_SESSIONS = 2
PAGE = "security"
BLANK = ["sec_patch_vuln", "sec_risk_register", "sec_server_hardening", "sec_central_logging",
         "sec_incident_response", "sec_network_zoning", "sec_backup", "sec_monitoring_soc"]
LABELS = {"yes": "Đạt", "partly": "Đạt một phần", "no": "Chưa đạt"}
THINK = (0.5, 1.5)
RATIO = 1.3  # goal: p95 ≤ RATIO × the bare script's p95, same clicks, same run
MIB = 1024 * 1024

# Click → saved, timed by the page itself. Timed from Python, the figure would also hold Playwright's
# work before its click lands (scrolling, waiting for two animation frames of stillness, a hit test:
# CDP round trips that busy renderers slow down) and the lag of its polling wait (it looks again
# after 0, 20, 50, 100, 100 ms, then every 500 ms), neither of which a leader waits for. Here the clock
# starts at the pointer going down on a question (the event's own time stamp: when the browser took
# the input) and stops at the first frame after the question's saved mark appears (a MutationObserver
# sees the mark; a requestAnimationFrame callback and a task after it mark the frame drawn). Python
# awaits a promise, so nothing polls. A mark counts when its text is new since the press, so answering
# the same question twice within one second would not resolve (the benchmark answers each question once).
SAVED_CLOCK = r"""
(() => {
  if (window.__pressdxSaved) return;
  const MARK = "Đã lưu lúc";
  const pending = new Map();  // qid -> {down, before}
  const done = new Map();     // qid -> milliseconds, press -> frame with the mark
  const waiters = new Map();  // qid -> resolve
  const boxOf = (qid) => document.querySelector(`.st-key-saved_${qid}`);
  const textOf = (qid) => { const b = boxOf(qid); return b ? b.textContent : ""; };
  const finish = (qid, ms) => {
    done.set(qid, ms);
    const w = waiters.get(qid);
    if (w) { waiters.delete(qid); done.delete(qid); w(ms); }
  };
  const observer = new MutationObserver(() => {
    for (const [qid, p] of pending) {
      const text = textOf(qid);
      if (!text.includes(MARK) || text === p.before) continue;
      pending.delete(qid);
      requestAnimationFrame(() => setTimeout(() => finish(qid, performance.now() - p.down)));
    }
    if (!pending.size) observer.disconnect();
  });
  addEventListener("pointerdown", (e) => {
    const q = e.isTrusted && e.target.closest && e.target.closest('[class*="st-key-question_"]');
    const cls = q && [...q.classList].find((c) => c.startsWith("st-key-question_"));
    if (!cls) return;
    const qid = cls.slice("st-key-question_".length);
    if (!pending.size) observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    pending.set(qid, {down: e.timeStamp, before: textOf(qid)});
  }, true);
  window.__pressdxSaved = (qid) => new Promise((resolve) => {
    if (done.has(qid)) { const ms = done.get(qid); done.delete(qid); resolve(ms); }
    else waiters.set(qid, resolve);
  });
})();
"""


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds, click → saved mark (the page's clock)
    driven: list[float] = field(default_factory=list)  # seconds, the same from Python: Playwright's click included
    first: list[float] = field(default_factory=list)  # seconds, each leader's first answer (all within ~1 s)
    later: list[float] = field(default_factory=list)  # seconds, the other answers
    wire: list[float] = field(default_factory=list)  # seconds, rerun request → run finished, on the wire
    submit: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    chosen: dict[str, dict[str, str]] = field(default_factory=dict)  # agency → question → code
    rss_idle: int = 0
    rss_one: int = 0
    rss_all: int = 0
    rss_peak: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # seconds of the server's CPU while the leaders answered
    browser_cpu: float = 0.0  # the same for Chromium's processes
    driver_cpu: float = 0.0  # and for Playwright (its node driver and this process)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase, for the notes
    questions: list[str] = field(default_factory=lambda: list(BLANK))  # what each leader answers, in order
    sessions: int = SESSIONS


class WireTimer:
    """On one page, the time from each rerun request leaving the browser to that run's "finished"
    arriving, taken from the DevTools protocol's own timestamps (the browser's network thread): the
    server's queue and work and the loopback, without the browsers' rendering, which is the rest of
    click → saved. Recorded only while `active`."""

    def __init__(self) -> None:
        self.active = False
        self.sent: float | None = None
        self.durations: list[float] = []

    @classmethod
    async def attach(cls, tab: Tab) -> WireTimer:
        timer = cls()
        cdp = await tab.context.new_cdp_session(tab.page)
        cdp.on("Network.webSocketFrameSent", timer._on_sent)
        cdp.on("Network.webSocketFrameReceived", timer._on_received)
        await cdp.send("Network.enable")
        return timer

    @staticmethod
    def _message(params: dict, cls: type):
        frame = params.get("response", {})
        if frame.get("opcode") != 2:  # binary frames only: Streamlit's protobuf messages
            return None
        return parse_message(base64.b64decode(frame.get("payloadData", "")), cls)

    def _on_sent(self, params: dict) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = self._message(params, BackMsg) if self.active else None
        if msg is not None and msg.WhichOneof("type") == "rerun_script":
            self.sent = params["timestamp"]

    def _on_received(self, params: dict) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = self._message(params, ForwardMsg) if self.sent is not None else None
        if msg is not None and run_finished(msg):
            self.durations.append(params["timestamp"] - self.sent)
            self.sent = None


def _rss(pid: int) -> int:
    return psutil.Process(pid).memory_info().rss


async def _sample_peak(pid: int, run: Run, stop: asyncio.Event) -> None:
    while not stop.is_set():
        run.rss_peak = max(run.rss_peak, _rss(pid))
        await asyncio.sleep(0.25)


async def _leader(i: int, tab: Tab, agency_id: str | None, run: Run, submit: bool, start: asyncio.Event,
                  answered: asyncio.Barrier, go: asyncio.Event) -> None:
    rng = random.Random(1000 + i)
    page = tab.page
    await start.wait()
    try:
        await _answer(i, tab, agency_id, run, rng)
    except Exception as exc:  # counted, and the others go on
        run.errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    await answered.wait()
    await go.wait()
    try:
        if submit:
            nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tổng quan và nộp phiếu", exact=True)
            await tab.rerun_after(nav.click)
            await tab.rerun_after(page.get_by_role("button", name="Nộp phiếu tự đánh giá").click)
            t0 = time.perf_counter()
            await page.get_by_role("dialog").get_by_role("button", name="Nộp phiếu", exact=True).click()
            await page.get_by_text("Đã nộp phiếu. Cảm ơn!").wait_for(timeout=60_000)
            run.submit.append(time.perf_counter() - t0)
        if await tab.exceptions():
            run.errors.append(f"session {i}: an exception on the page")
    except Exception as exc:  # counted, and the others go on
        run.errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


async def _answer(i: int, tab: Tab, agency_id: str | None, run: Run, rng: random.Random) -> None:
    page = tab.page
    for n, qid in enumerate(run.questions):
        await asyncio.sleep(rng.uniform(*THINK))
        code = rng.choice(list(LABELS))
        box = page.locator(f".st-key-question_{qid}")
        saved = box.locator(f".st-key-saved_{qid}").get_by_text("Đã lưu lúc", exact=False)
        t0 = time.perf_counter()
        await box.get_by_text(LABELS[code], exact=True).click()
        ms = await asyncio.wait_for(page.evaluate("qid => window.__pressdxSaved(qid)", qid), 60)
        run.driven.append(time.perf_counter() - t0)
        run.latencies.append(ms / 1000)
        (run.later if n else run.first).append(ms / 1000)
        if not await saved.count():
            run.errors.append(f"session {i}: {qid}: no saved mark")
        if agency_id:
            run.chosen.setdefault(agency_id, {})[qid] = code
        alerts = box.get_by_test_id("stAlert")
        if await alerts.count():
            run.errors.append(f"session {i}: {qid}: " + " ".join(await alerts.all_inner_texts()))


def _cpu(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _client_cpu() -> tuple[float, float]:
    """CPU seconds so far of Chromium's processes and of Playwright's (its node driver and this
    process): where the two cores went besides the server."""
    browser = driver = 0.0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            if "chrom" in proc.name():
                browser += times.user + times.system
            elif proc is me or "node" in proc.name():
                driver += times.user + times.system
        except psutil.Error:  # a process that ended meanwhile
            continue
    return browser, driver


class Browser:
    """One Chromium and its contexts (one a leader), kept for all the runs: the servers are started on the same
    port one after the other, so each context's cache keeps the app's scripts (only the cookies are
    changed between runs)."""

    def __init__(self, pw, browser, contexts: list) -> None:
        self.pw, self.browser, self.contexts = pw, browser, contexts

    @classmethod
    async def start(cls, n: int) -> Browser:
        from playwright.async_api import async_playwright

        from harness.page import LOCALE, VIEWPORT

        path, problem = chromium_or_reason()
        if path is None:
            raise RuntimeError(problem)
        pw = await async_playwright().start()
        browser = await launch(pw, path)
        contexts = [await browser.new_context(viewport=VIEWPORT, locale=LOCALE) for _ in range(n)]
        for context in contexts:
            await context.add_init_script(script=SAVED_CLOCK)
        return cls(pw, browser, contexts)

    async def close(self) -> None:
        await self.browser.close()
        await self.pw.stop()


async def _drive(browser: Browser, server: StreamlitServer, tokens: list[tuple[str | None, str | None]],
                 submit: bool, questions: list[str]) -> Run:
    from bench.browser import SESSION_COOKIE

    run = Run(questions=questions, sessions=len(tokens))
    pid = server.pid
    assert pid is not None
    run.rss_idle = _rss(pid)
    base = server.url
    t_load = time.perf_counter()
    tabs = []
    for context, (token, _) in zip(browser.contexts, tokens, strict=True):
        await context.clear_cookies()
        if token:
            await context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])
        tabs.append(Tab(context, await context.new_page()))
    try:
        await tabs[0].goto(f"{base}/{PAGE}")  # one session first: the server's imports and caches
        await asyncio.sleep(0.5)
        run.rss_one = _rss(pid)
        await asyncio.gather(*(t.goto(f"{base}/{PAGE}") for t in tabs[1:]))
        run.phases["open"] = time.perf_counter() - t_load
        timers = [await WireTimer.attach(t) for t in tabs]
        for timer in timers:
            timer.active = True
        start, stop, go = asyncio.Event(), asyncio.Event(), asyncio.Event()
        answered = asyncio.Barrier(len(tabs) + 1)
        sampler = asyncio.create_task(_sample_peak(pid, run, stop))
        leaders = [asyncio.create_task(_leader(i, t, aid, run, submit, start, answered, go))
                   for i, (t, (_, aid)) in enumerate(zip(tabs, tokens, strict=True))]
        t0, cpu0, (browser0, driver0) = time.perf_counter(), _cpu(pid), _client_cpu()
        start.set()
        await answered.wait()
        run.seconds, run.server_cpu = time.perf_counter() - t0, _cpu(pid) - cpu0
        browser1, driver1 = _client_cpu()
        run.browser_cpu, run.driver_cpu = browser1 - browser0, driver1 - driver0
        for timer in timers:
            timer.active = False
            run.wire += timer.durations
        await asyncio.sleep(0.5)
        run.rss_all = _rss(pid)  # every session, each with its answers in its state
        stop.set()
        await sampler
        t_submit = time.perf_counter()
        go.set()
        await asyncio.gather(*leaders)
        run.phases["answer"] = run.seconds
        run.phases["submit"] = time.perf_counter() - t_submit
    finally:
        for t in tabs:
            await t.page.close()
    return run


def _log_errors(server: StreamlitServer, since: int) -> list[str]:
    text = server.log_path.read_text(errors="replace")[since:]
    return [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]


def _lost(url: str, run: Run) -> list[str]:
    from store import assessments, clock, db
    from store.access import SYSTEM_ACTOR

    engine = db.get_engine(url)
    lost = []
    for agency_id, chosen in run.chosen.items():
        info = assessments.get_assessment(engine, SYSTEM_ACTOR, agency_id, clock.now().year)
        assert info is not None
        rows = assessments.load_answers(engine, SYSTEM_ACTOR, info.id)
        lost += [f"{agency_id}/{qid}" for qid, code in chosen.items() if qid not in rows or rows[qid].value != code]
        if info.status != "submitted":
            lost.append(f"{agency_id}: not submitted ({info.status})")
    return lost


async def _backend(browser: Browser, port: int, name: str, pg_url: str | None, tmp: Path, questions: list[str]
                   ) -> tuple[Run, list[str], list[str]]:
    cat = load_catalog()
    with world.database(pg_url, tmp / name) as url:
        from store import db

        engine = db.get_engine(url)
        agencies = world.build(engine, cat, len(browser.contexts), blank=questions)  # complete once they are answered
        server = StreamlitServer(REPO_ROOT / "asgi.py", {"DATABASE_URL": url}, port=port,
                                 log_path=tmp / f"server-{name}.log", extra_args=server_args())
        server.start()
        try:
            mark = len(server.log_path.read_text(errors="replace"))
            run = await _drive(browser, server, [(a.token, a.id) for a in agencies], True, questions)
            errors = run.errors + _log_errors(server, mark)
        finally:
            server.stop()
        db.dispose_engines()
        lost = _lost(url, run)
        return run, errors, lost


async def _floor(browser: Browser, port: int, tmp: Path, questions: list[str], script: str = "floor_app.py") -> Run:
    server = StreamlitServer(REPO_ROOT / "bench" / script, port=port, log_path=tmp / f"server-{script}.log",
                             extra_args=server_args())
    server.start()
    try:
        return await _drive(browser, server, [(None, None)] * len(browser.contexts), False, questions)
    finally:
        server.stop()


class _Postgres:
    """A throwaway cluster from scripts/pg_test_server.sh, in its own folder (directly in the temporary
    folder: the server runs as `postgres`, which must reach it), stopped and deleted at the end."""

    def __init__(self, folder: Path) -> None:
        self.env = {**os.environ, "PRESSDX_PG_DIR": str(folder)}
        self.script = REPO_ROOT / "scripts" / "pg_test_server.sh"

    def __enter__(self) -> str:
        done = subprocess.run([str(self.script), "start"], env=self.env, capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()[-300:]}")
        return done.stdout.strip().splitlines()[-1]

    def __exit__(self, *exc: object) -> None:
        subprocess.run([str(self.script), "stop"], env=self.env, capture_output=True, timeout=120)


def _cpu_split(run: Run) -> str:
    """Where the machine's CPU went while the leaders answered: the server, the browsers, the driver."""
    n = len(run.latencies)
    total = run.server_cpu + run.browser_cpu + run.driver_cpu
    if not n or not total:
        return ""
    parts = (("the server", run.server_cpu), ("Chromium", run.browser_cpu), ("Playwright", run.driver_cpu))
    shares = ", ".join(f"{who} {sec / n * 1000:.0f} ms ({sec / total:.0%})" for who, sec in parts)
    capacity = run.seconds * (os.cpu_count() or 1)
    return f"per answer {shares}; {total / capacity:.0%} of the machine's {os.cpu_count()} cores busy"


def _figures(name: str, run: Run, errors: list[str], lost: list[str], floor: Run | None) -> list[Figure]:
    p95 = percentile(run.latencies, 95) * 1000 if run.latencies else None
    floor_p95 = percentile(floor.latencies, 95) * 1000 if floor and floor.latencies else None
    cpu = run.server_cpu / len(run.latencies) * 1000 if run.latencies else None
    floor_cpu = floor.server_cpu / len(floor.latencies) * 1000 if floor and floor.latencies else None
    med = percentile(run.latencies, 50) * 1000 if run.latencies else 0
    driven = percentile(run.driven, 95) * 1000 if run.driven else float("nan")
    burst = (f"the first answers (all {run.sessions} within about a second) "
             f"p95 {percentile(run.first, 95) * 1000:.0f} ms, "
             f"the later ones {percentile(run.later, 95) * 1000:.0f} ms; ") if run.first and run.later else ""
    submit = f"; submit → confirmation median {percentile(run.submit, 50):.2f} s" if run.submit else ""
    wire = percentile(run.wire, 95) * 1000 if run.wire else None
    wire_med = percentile(run.wire, 50) * 1000 if run.wire else 0
    floor_wire = percentile(floor.wire, 95) * 1000 if floor and floor.wire else None
    return [
        Figure(f"concurrency, {name}: {run.sessions} sessions answering and submitting — p95 click → saved",
               p95, "ms", f"≤ {RATIO} × floor" + (f" = {RATIO * floor_p95:.0f}" if floor_p95 else ""), floor_p95,
               p95 is not None and floor_p95 is not None and p95 <= RATIO * floor_p95,
               note=f"{len(run.latencies)} answers, median {med:.0f} ms{submit}; timed in the page (pointer down → "
                    f"first frame with the mark); {burst}timed from Python, Playwright's click action included, "
                    f"p95 {driven:.0f} ms; seconds to open the pages, answer, submit: "
                    f"{', '.join(f'{v:.0f}' for v in run.phases.values())}; floor: the bare script under the same "
                    "clicks"),
        Figure(f"concurrency, {name}: p95 rerun request → run finished, on the wire", wire, "ms", None, floor_wire,
               None, note=f"{len(run.wire)} answers, median {wire_med:.0f} ms; timestamps of the browser's network "
                          "thread (DevTools protocol): the server's queue and work and the loopback; the rest of "
                          "click → saved is the browsers'"),
        Figure(f"concurrency, {name}: server CPU per answer", cpu, "ms", None, floor_cpu, None,
               note="the server process's CPU time while the leaders answered, per answer; "
                    + _cpu_split(run)),
        Figure(f"concurrency, {name}: errors", len(errors), "errors", "0", None, not errors,
               note="; ".join(errors[:3])),
        Figure(f"concurrency, {name}: lost answers", len(lost), "answers", "0", None, not lost,
               note="; ".join(lost[:3])),
    ]


def run(quick: bool = False) -> list[Figure]:
    _, problem = chromium_or_reason()
    if problem:
        return [failed("concurrency", "", problem, "runs")]
    with tempfile.TemporaryDirectory(prefix="pressdx-bench-load-") as tmp_name:
        return asyncio.run(_run(Path(tmp_name), quick))


async def _run(tmp: Path, quick: bool) -> list[Figure]:
    """The floor, the smallest page, SQLite, PostgreSQL; `quick`: two leaders, two answers each, floor and
    SQLite only."""
    figures: list[Figure] = []
    questions = BLANK[:2] if quick else BLANK
    port = free_port()
    browser = await Browser.start(QUICK_SESSIONS if quick else SESSIONS)
    floor = None
    try:
        try:
            floor = await _floor(browser, port, tmp, questions)
        except Exception as exc:
            figures.append(failed("concurrency floor (bare script)", "ms", f"{type(exc).__name__}: {exc}"))
        if not quick:
            figures += await _tiny(browser, port, tmp, questions)
        try:
            run, errors, lost = await _backend(browser, port, "SQLite", None, tmp, questions)
            figures += _figures("SQLite", run, errors, lost, floor)
        except Exception as exc:
            figures.append(failed("concurrency, SQLite", "ms", f"{type(exc).__name__}: {exc}", "runs"))
        if quick:
            return figures
        try:
            with _Postgres(Path(tempfile.gettempdir()) / f"pressdx-bench-pg-{os.getpid()}") as pg_url:
                run, errors, lost = await _backend(browser, port, "PostgreSQL", pg_url, tmp, questions)
            figures += _figures("PostgreSQL", run, errors, lost, floor)
        except Exception as exc:
            figures.append(failed("concurrency, PostgreSQL", "ms", f"{type(exc).__name__}: {exc}", "runs"))
    finally:
        await browser.close()
    return figures


async def _tiny(browser: Browser, port: int, tmp: Path, questions: list[str]) -> list[Figure]:
    try:
        tiny = await _floor(browser, port, tmp, questions, "tiny_page.py")
    except Exception as exc:
        return [failed("concurrency, the smallest page", "ms", f"{type(exc).__name__}: {exc}")]
    p95 = percentile(tiny.latencies, 95) * 1000 if tiny.latencies else None
    return [Figure(
        f"concurrency, the smallest page ({len(questions)} questions, nothing else): {tiny.sessions} sessions — "
        "p95 click → saved",
        p95, "ms", None, None, None,
        note=f"bench/tiny_page.py under the same clicks: what these browsers allow any Streamlit page; "
             f"median {percentile(tiny.latencies, 50) * 1000:.0f} ms; timed from Python "
             f"p95 {percentile(tiny.driven, 95) * 1000:.0f} ms; on the wire (request → finished) "
             f"p95 {percentile(tiny.wire, 95) * 1000 if tiny.wire else float('nan'):.0f} ms; "
             f"errors {len(tiny.errors)}" if tiny.latencies else "; ".join(tiny.errors[:3]))]
