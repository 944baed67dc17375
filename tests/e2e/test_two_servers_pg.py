"""Two `streamlit run` servers on one PostgreSQL database, as behind a load balancer: a leader
submits through the first; the department, reading through the second, sees the submission, and the
leader's own sign-in (a session row in the shared database) is honoured by the second server too.

Marked `postgres`: skipped with the reason without PRESSDX_TEST_DATABASE_URL, failed under CI=true."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import LOCALE, VIEWPORT, click_and_wait, goto_app, screenshot, track_runs
from tests.pg import postgres_url_or_skip, scratch_database

from .flows import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LEADER = "dai-pttv-vinh-long"
REVIEWER = "sovhttdl"


@pytest.fixture
def shared_database():
    with scratch_database(postgres_url_or_skip()) as url:
        yield url


def metric_value(page, label: str):
    """The value of the metric labelled exactly `label` ("Đã nộp" must not find "Cơ quan đã nộp phiếu" of
    the page before: `has_text` ignores case)."""
    label_el = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=label_el).get_by_test_id("stMetricValue")


def metric(page, label: str) -> str:
    return metric_value(page, label).inner_text().strip()


def test_a_submission_through_one_server_is_seen_through_the_other(start_server, shared_database, browser, page):
    env = {"DATABASE_URL": shared_database, "PRESSDX_DEMO": "1"}
    first = start_server(env, start=False)
    first.manage("seed-demo")
    first.start()
    second = start_server(env)
    assert first.port != second.port and first.env["DATABASE_URL"] == second.env["DATABASE_URL"]

    # the department, through the second server, before: the demo's open year, some agencies sent
    department = browser.new_context(viewport=VIEWPORT, locale=LOCALE).new_page()
    track_runs(department)
    try:
        sign_in(department, second, REVIEWER)
        heading = department.get_by_role("heading", level=1).inner_text()
        year = int(heading.rsplit(" ", 1)[-1])
        sent, total = (int(n) for n in metric(department, "Cơ quan đã nộp phiếu").split("/"))
        assert sent < total

        # the leader (whose assessment was returned for correction) submits through the first server
        sign_in(page, first, LEADER)
        expect(page.get_by_role("heading", name=f"Tự đánh giá năm {year}")).to_be_visible()
        click_and_wait(page, page.get_by_role("button", name="Nộp phiếu tự đánh giá"))
        click_and_wait(page, page.get_by_role("dialog").get_by_role("button", name="Nộp phiếu", exact=True))
        expect(page.get_by_text("Đã nộp phiếu. Cảm ơn!")).to_be_visible()

        # the leader's sign-in lives in the database: the second server knows it without a new sign-in
        goto_app(page, second)
        expect(page.get_by_text("Đã nộp lúc")).to_be_visible()
        screenshot(page, "two-servers-leader-on-second")

        # the department, still on the second server, sees one more submission that year
        goto_app(department, second)
        expect(department.get_by_role("heading", name=f"Chỉ tiêu chuyển đổi số báo chí của tỉnh năm {year}")) \
            .to_be_visible()
        assert metric(department, "Cơ quan đã nộp phiếu") == f"{sent + 1}/{total}"
        open_page(department, "Tiến độ nộp phiếu")
        expect(metric_value(department, "Đã nộp")).to_have_text(str(sent + 1))
        screenshot(department, "two-servers-department-on-second")
    finally:
        department.context.close()
