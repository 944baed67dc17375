"""The harness itself, on a small script written to tmp_path: the waits see slow reruns and fragment
runs, and a server killed with SIGKILL comes back on the same port, where the open page reconnects."""

from __future__ import annotations

import signal
import textwrap

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, expect_rerun, goto_app, wait_for_app_run

pytestmark = pytest.mark.e2e

SCRIPT = textwrap.dedent(
    """
    import os
    import time

    import streamlit as st

    time.sleep(float(os.environ.get("TOY_DELAY", "0")))
    st.title("Toy")
    st.session_state.setdefault("clicks", 0)
    if st.button("Add", key="add"):
        time.sleep(float(os.environ.get("TOY_DELAY", "0")))
        st.session_state.clicks += 1
    st.markdown(f"clicks: {st.session_state.clicks}")
    name = st.text_input("Name", key="name")
    st.markdown(f"hello {name or 'nobody'}")

    @st.fragment
    def part():
        st.session_state.setdefault("frag", 0)
        if st.button("Fragment", key="frag_button"):
            st.session_state.frag += 1
        st.markdown(f"fragment: {st.session_state.frag}")

    part()
    st.markdown(f"pid: {os.getpid()}")
    """
)


@pytest.fixture
def toy(tmp_path):
    path = tmp_path / "toy.py"
    path.write_text(SCRIPT)
    return path


def test_waits_follow_slow_reruns_and_fragments(start_server, page, toy):
    server = start_server({"TOY_DELAY": "0.7"}, target=toy)
    goto_app(page, server)
    expect(page.get_by_role("heading", name="Toy")).to_be_visible(timeout=1)
    for expected in (1, 2):
        click_and_wait(page, page.get_by_role("button", name="Add"))
        # No waiting on the text: the rerun must be drawn when click_and_wait returns.
        assert page.get_by_text(f"clicks: {expected}", exact=True).count() == 1
    click_and_wait(page, ".st-key-frag_button button")
    assert page.get_by_text("fragment: 1", exact=True).count() == 1
    with expect_rerun(page):
        page.locator(".st-key-name input").fill("Ninh Bình")
        page.keyboard.press("Enter")
    assert page.get_by_text("hello Ninh Bình", exact=True).count() == 1
    expect_no_exception(page)


def test_server_survives_sigkill_and_restart(start_server, page, toy):
    server = start_server(target=toy)
    goto_app(page, server)
    old_pid = server.pid
    assert page.get_by_text(f"pid: {old_pid}", exact=True).count() == 1

    assert server.kill(signal.SIGKILL) == -signal.SIGKILL
    expect(page.get_by_test_id("stApp")).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    server.restart()
    assert server.pid != old_pid and server.is_running()
    # The open page reconnects by itself but keeps showing the old run until something reruns the
    # script, which then runs in the new process, in a new session (session state starts afresh).
    wait_for_app_run(page)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    click_and_wait(page, page.get_by_role("button", name="Add"))
    assert page.get_by_text(f"pid: {server.pid}", exact=True).count() == 1
    assert page.get_by_text("clicks: 1", exact=True).count() == 1
