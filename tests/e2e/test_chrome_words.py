"""Streamlit's own words (the uploader's button and hint, the line under a field being typed in) are
the catalogue's, in the reader's language, in a real browser (ui/chrome.py). They were English on
Vietnamese pages; this also fails if a Streamlit upgrade moves the test ids the stylesheet relies on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, expect_rerun, screenshot
from ui.i18n import t

from .flows import checked_label, choose, open_page, sign_in

pytestmark = pytest.mark.e2e

INSTRUCTIONS = "[data-testid='InputInstructions']"
UPLOAD_BUTTON = "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']"
UPLOAD_HINT = "[data-testid='stFileUploaderDropzoneInstructions'] > div"
STREAMLIT_WORDS = ("Upload", "per file", "Press Enter", "Press Ctrl", "Press ⌘", "submit form")


def _generated(locator, pseudo: str) -> str:
    """What CSS draws in `pseudo` (::before / ::after) of the element, as the reader sees it."""
    content = locator.evaluate(f"e => getComputedStyle(e, '{pseudo}').content")
    return "" if content in ("none", "normal") else content.strip('"')


def _shown(locator) -> str:
    """The element's text as drawn, generated content included (innerText leaves out what is hidden)."""
    return (_generated(locator, "::before") + locator.inner_text() + _generated(locator, "::after")).strip()


def _uploader_words(page, question_id: str, lang: str) -> None:
    box = page.locator(f".st-key-question_{question_id}")
    if box.get_by_test_id("stFileUploader").count() == 0:
        click_and_wait(page, box.get_by_test_id("stExpander").locator("summary"))
    uploader = box.get_by_test_id("stFileUploader")
    expect(uploader).to_be_visible()
    assert _shown(uploader.locator(UPLOAD_BUTTON)) == t("chrome.upload_button", lang)
    assert _shown(uploader.locator(UPLOAD_HINT)) == t("chrome.upload_hint", lang)
    if lang == "vi":
        assert not any(w in uploader.inner_text() for w in STREAMLIT_WORDS), uploader.inner_text()


def test_the_uploader_and_the_typing_hints_speak_the_readers_language(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    open_page(page, "An toàn thông tin")
    _uploader_words(page, "sec_policy", "vi")

    note = page.locator(".st-key-evn_sec_policy input")
    note.click()  # focused, nothing typed: only the count is shown, and nothing is put before it
    hints = page.locator(f".st-key-evn_sec_policy {INSTRUCTIONS}")
    expect(hints).to_be_visible()
    assert _generated(hints, "::before") == ""
    assert "/2000" in hints.inner_text()
    note.press("End")
    note.type(" (bản sao)")  # typed, not yet saved: the instruction, then the count
    expect(hints).to_contain_text("/2000")
    assert _generated(hints, "::before") == t("chrome.enter_apply", "vi")
    assert not any(w in hints.inner_text() for w in STREAMLIT_WORDS), hints.inner_text()
    with expect_rerun(page):
        note.press("Enter")

    # A question's own rerun (a fragment) leaves the page's stylesheet in place.
    choose(page, "sec_backup", "Chưa đạt" if checked_label(page, "sec_backup") != "Chưa đạt" else "Đạt")
    _uploader_words(page, "sec_policy", "vi")

    click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("English", exact=True))
    _uploader_words(page, "sec_policy", "en")
    expect_no_exception(page)


def test_a_number_field_and_a_form_field_say_what_enter_does(demo_server, page):
    sign_in(page, demo_server, "bao-vinh-long")
    open_page(page, "Thông tin cơ quan")
    number = page.locator(".st-key-q_staff_total input")
    number.click()
    number.press("End")
    number.type("1")
    hints = page.locator(f".st-key-q_staff_total {INSTRUCTIONS}")
    expect(hints).to_be_attached()
    assert _generated(hints, "::before") == t("chrome.enter_apply", "vi")
    assert not any(w in hints.inner_text() for w in STREAMLIT_WORDS), hints.inner_text()
    # its character count ("2/40") is not for a number: hidden, the instruction kept
    assert "/40" not in hints.inner_text(), hints.inner_text()
    expect(hints.locator("span").last).to_be_hidden()
    shot = screenshot(page, "number-field-typing", full_page=False)
    page.locator(".st-key-question_staff_total").screenshot(path=str(shot.with_name("number-field-only.png")))
    with expect_rerun(page):
        number.press("Enter")

    open_page(page, "Tài khoản của tôi")
    password = page.locator(".st-key-pw_old input")
    password.click()
    password.type("x")
    hints = page.locator(f".st-key-pw_old {INSTRUCTIONS}")
    expect(hints).to_contain_text("1/")  # the count stays
    assert _generated(hints, "::before") == t("chrome.enter_submit", "vi")
    assert not any(w in hints.inner_text() for w in STREAMLIT_WORDS), hints.inner_text()
    expect_no_exception(page)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_file_the_browser_refuses_says_so_in_the_readers_language(demo_server, page, tmp_path, lang):
    """Streamlit's tooltip on a refused file ("text/plain files are not allowed.", "File must be 5.0MB
    or smaller.") reads in the page's language."""
    sign_in(page, demo_server, "bao-vinh-long")
    if lang == "en":
        click_and_wait(page, page.get_by_test_id("stSidebar").get_by_text("English", exact=True))
        open_page(page, "Security")
    else:
        open_page(page, "An toàn thông tin")
    box = page.locator(".st-key-question_sec_policy")
    if box.get_by_test_id("stFileUploader").count() == 0:
        click_and_wait(page, box.get_by_test_id("stExpander").locator("summary"))
    text_file, big_pdf = tmp_path / "ghi-chu.txt", tmp_path / "lon.pdf"
    text_file.write_text("x")
    big_pdf.write_bytes(b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024))
    for refused in (text_file, big_pdf):
        box.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(refused))
        chip = box.get_by_test_id("stFileChip").filter(has_text=refused.name)
        chip.hover()
        tooltip = page.get_by_test_id("stTooltipErrorContent")
        expect(tooltip).to_be_visible()
        assert _generated(tooltip, "::after") == t("chrome.upload_refused", lang)
        # Streamlit's own words are drawn at no size: the reader sees only the catalogue's
        assert tooltip.evaluate("e => getComputedStyle(e).fontSize") == "0px"
        assert tooltip.evaluate("e => getComputedStyle(e, '::after').fontSize") != "0px"
        page.mouse.move(0, 0)
        expect(tooltip).to_have_count(0)
