"""Steps the browser tests share: sign in through the real form, move between pages, answer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.page import RUN_TIMEOUT, _wait_for_runs, click_and_wait, track_runs, wait_for_app_run

DEMO_PASSWORD = "demo-pressdx-2026"


def sign_in(page, server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(server.url + "/auth/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    tracker = track_runs(page)
    target = tracker.finished + 1
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=RUN_TIMEOUT * 1000)
    _wait_for_runs(page, target, RUN_TIMEOUT, f"signing in as {username}")
    wait_for_app_run(page)


def open_page(page, name: str) -> None:
    click_and_wait(page, page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True))


def choose(page, question_id: str, option_label: str) -> None:
    """Pick a radio option of a question and wait until its saved mark shows."""
    box = page.locator(f".st-key-question_{question_id}")
    click_and_wait(page, box.get_by_text(option_label, exact=True))
    box.locator(f".st-key-saved_{question_id}").get_by_text("Đã lưu lúc").wait_for(timeout=RUN_TIMEOUT * 1000)


def checked_label(page, question_id: str) -> str:
    box = page.locator(f".st-key-q_{question_id}")
    checked = box.locator("input[type=radio]:checked")
    return checked.locator("xpath=ancestor::label[1]").inner_text().strip()


def pdf_text(path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF back")
    return subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
