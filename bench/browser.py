"""Browser sessions for the benchmarks: many pages at once need Playwright's asyncio API, so these are
the asyncio twins of harness/page.py's waits (same signals: the `script_finished` messages counted
by its `RunTracker`, then connected, not running, no skeleton). The server side is the harness's own
`StreamlitServer`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import settings
from harness.page import CHROMIUM_ARGS, LOCALE, VIEWPORT, RunTracker, chromium_executable, chromium_problem

SESSION_COOKIE = "pressdx_sid"
RUN_TIMEOUT = 60.0


class Tab:
    """One browser context and its page, with its script runs tracked."""

    def __init__(self, context: Any, page: Any) -> None:
        self.context = context
        self.page = page
        self.tracker = RunTracker()
        page.on("websocket", self.tracker.on_websocket)

    @classmethod
    async def open(cls, browser: Any, base_url: str, token: str | None = None) -> Tab:
        context = await browser.new_context(viewport=VIEWPORT, locale=LOCALE)
        if token:
            await context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base_url}])
        return cls(context, await context.new_page())

    async def runs(self, count: int, timeout: float = RUN_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while self.tracker.finished < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no script run finished within {timeout:.0f} s")
            await asyncio.sleep(0.01)

    async def settled(self, timeout: float = RUN_TIMEOUT) -> None:
        ms = timeout * 1000
        page = self.page
        await page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                                     state="attached", timeout=ms)
        await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                                     state="attached", timeout=ms)
        await page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=ms)

    async def goto(self, url: str, timeout: float = RUN_TIMEOUT) -> None:
        target = self.tracker.finished + 1
        response = await self.page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        if response is None or response.status != 200:
            raise RuntimeError(f"GET {url}: {response.status if response else 'no response'}")
        await self.runs(target, timeout)
        await self.settled(timeout)

    async def rerun_after(self, action: Callable[[], Any], timeout: float = RUN_TIMEOUT) -> None:
        target = self.tracker.finished + 1
        await action()
        await self.runs(target, timeout)
        await self.settled(timeout)

    async def exceptions(self) -> int:
        return await self.page.get_by_test_id("stException").count()

    async def close(self) -> None:
        await self.context.close()


def chromium_or_reason() -> tuple[str | None, str | None]:
    path = chromium_executable()
    problem = chromium_problem(path)
    return (None, problem) if problem else (path, None)


async def launch(playwright: Any, path: str) -> Any:
    return await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def server_args() -> list[str]:
    """Extra `streamlit run` options for every server the benchmarks start (env PRESSDX_BENCH_STREAMLIT_ARGS),
    to measure the effect of a setting without editing .streamlit/config.toml."""
    return list(settings.current().bench_streamlit_args)
