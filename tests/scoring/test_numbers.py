"""Numbers written the way each language writes them: read, refused with a way to write them, and
written back so that they read the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.answers import AnswerError, loads_answer_file
from scoring.catalog import load_catalog
from scoring.invalid import Invalid
from scoring.numbers import format_number, is_jump, parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("110.000", 110000), ("1.234.567", 1234567), ("104.000", 104000), ("12", 12), ("0", 0), ("-3", -3),
    ("110 000", 110000), ("110\u00a0000", 110000), ("1\u202f234\u202f567", 1234567), (" 40 ", 40),
    ("12,0", 12), ("007", 7), ("1000000", 1000000), ("", None), ("   ", None),
])
def test_vietnamese_counts(text, value):
    got = parse_number(text, "vi", whole=True)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("text", "value"), [
    ("12,5", 12.5), ("0,5", 0.5), ("1.234,5", 1234.5), ("1.234.567,25", 1234567.25), ("0,001", 0.001),
    ("1,2340", 1.234), ("99,99", 99.99),
])
def test_vietnamese_decimals(text, value):
    assert parse_number(text, "vi", whole=False) == value


@pytest.mark.parametrize(("text", "value"), [
    ("110,000", 110000), ("1,234,567", 1234567), ("12", 12), ("110 000", 110000), ("12.0", 12),
])
def test_english_counts(text, value):
    assert parse_number(text, "en", whole=True) == value


@pytest.mark.parametrize(("text", "value"), [
    ("12.5", 12.5), ("1.5", 1.5), ("0.5", 0.5), ("1,234.5", 1234.5), ("1.2340", 1.234), ("0.001", 0.001),
])
def test_english_decimals(text, value):
    assert parse_number(text, "en", whole=False) == value


@pytest.mark.parametrize(("text", "lang", "said"), [
    # what the other language writes as thousands would be a decimal here: never read as 110
    ("110,000", "vi", "hãy viết 110.000"), ("1,234,567", "vi", "hãy viết 1.234.567"),
    ("110.000", "en", "write 110,000"), ("1.234.567", "en", "write 1,234,567"),
    # a dot not followed by three digits on a Vietnamese page, a comma likewise on an English one
    ("12.5", "vi", "dấu chấm tách hàng nghìn"), ("1.5", "vi", "dấu phẩy là dấu thập phân"),
    ("1.2345", "vi", "nhóm ba chữ số"), ("1.234.56", "vi", "không đúng cách viết số"),
    ("12,5", "en", "a dot marks the decimals"), ("1,23", "en", "comma groups thousands"),
    # not numbers at all
    ("mười", "vi", "không phải là số"), ("1e5", "en", "not a number"), ("12 người", "vi", "không phải là số"),
    ("1,2,3", "vi", "không đúng"), ("1.234,5,6", "vi", "không đúng"), ("--5", "vi", "không đúng"),
    ("5-", "en", "not written as a number"), (",5", "vi", "không đúng"), ("1.000 000", "vi", "không đúng"),
    ("12%", "vi", "không phải là số"), ("1" * 41, "vi", "không phải là số"),
])
def test_what_is_refused_says_how_to_write_it(text, lang, said):
    with pytest.raises(Invalid) as caught:
        parse_number(text, lang, whole=False)
    assert said in caught.value.message(lang)


@pytest.mark.parametrize(("text", "lang"), [("12,5", "vi"), ("12.5", "en"), ("0,5", "vi"), ("1.234,5", "vi")])
def test_a_count_takes_no_decimal(text, lang):
    with pytest.raises(Invalid) as caught:
        parse_number(text, lang, whole=True)
    assert caught.value.message("vi").endswith("(số nguyên)") and "count" in caught.value.en


def test_a_count_refused_as_ambiguous_is_not_told_about_decimals():
    with pytest.raises(Invalid) as caught:
        parse_number("110,000", "vi", whole=True)
    assert "thập phân có ba chữ số" not in caught.value.vi
    with pytest.raises(Invalid) as caught:
        parse_number("1,234", "vi", whole=False)
    assert "1,2340" in caught.value.vi


def test_a_percent_may_end_in_a_percent_sign():
    assert parse_number("12,5 %", "vi", whole=False, percent=True) == 12.5
    assert parse_number("45%", "en", whole=False, percent=True) == 45


def test_a_broken_character_is_quoted_by_its_code():
    with pytest.raises(Invalid) as caught:
        parse_number("1\ud8002", "vi", whole=True)
    assert "\\ud800" in caught.value.vi and "\ud800" not in caught.value.vi


@pytest.mark.parametrize(("value", "vi", "en"), [
    (110000, "110.000", "110,000"), (1234567, "1.234.567", "1,234,567"), (12, "12", "12"), (0, "0", "0"),
    (12.5, "12,5", "12.5"), (1234.5, "1.234,5", "1,234.5"), (110000.0, "110.000", "110,000"),
    (1.234, "1,2340", "1.2340"), (0.001, "0,001", "0.001"), (-1234.5, "-1.234,5", "-1,234.5"), (-5, "-5", "-5"),
])
def test_format(value, vi, en):
    assert format_number(value, "vi") == vi and format_number(value, "en") == en


LANGS = st.sampled_from(["vi", "en"])


@given(st.integers(-10**12, 10**12), LANGS)
def test_a_whole_number_reads_back_as_written(value, lang):
    assert parse_number(format_number(value, lang), lang, whole=True) == value


# numbers as answers hold them: up to a million million, up to four decimals
DECIMALS = st.builds(lambda n, places: n / 10**places, st.integers(-10**12, 10**12), st.integers(0, 4))


@given(DECIMALS, LANGS)
def test_any_number_reads_back_as_written(value, lang):
    got = parse_number(format_number(value, lang), lang, whole=False)
    assert got == value


@given(st.text(max_size=30), LANGS, st.booleans())
def test_any_text_is_a_number_or_a_refusal(text, lang, whole):
    try:
        got = parse_number(text, lang, whole=whole)
    except Invalid as exc:
        assert exc.message(lang)
    else:
        assert got is None or isinstance(got, int | float)
        if whole:
            assert got is None or isinstance(got, int)


@pytest.mark.parametrize(("value", "previous", "jump"), [
    (110000, 104000, False), (520000, 104000, False), (520001, 104000, True), (20800, 104000, False),
    (20799, 104000, True), (110, 104000, True), (5, None, False), (5, 0, False), (0, 104000, False),
])
def test_a_jump_is_more_than_five_times_or_less_than_a_fifth(value, previous, jump):
    assert is_jump(value, previous) is jump


FILE = "agency: {id: bao-a, name: Báo A}\nyear: 2025\nanswers:\n"


@pytest.mark.parametrize(("answer", "said"), [
    ("staff_total: 12.5", "12.5 is not a whole number: this question asks for a count"),
    ('staff_total: "12,5"', "not written as a number"),
    ('staff_total: "110.000"', "ambiguous"),  # a file's text is read as English writes numbers
])
def test_an_answers_file_gives_a_count_as_a_whole_number(answer, said):
    with pytest.raises(AnswerError, match=said):
        loads_answer_file(load_catalog().questionnaire, FILE + "  " + answer + "\n")


def test_an_answers_file_may_write_a_count_as_text():
    text = FILE + '  print_circulation_urban: "110,000"\n  staff_trained: 12.0\n'
    af = loads_answer_file(load_catalog().questionnaire, text)
    assert af.answers["print_circulation_urban"].value == 110000 and af.answers["staff_trained"].value == 12
