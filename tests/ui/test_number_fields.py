"""Number fields read numbers as the page's language writes them, refuse what is ambiguous or not a
whole count with a message, echo the saved number, and hold a value far from last year's until the
leader confirms it."""

from __future__ import annotations

from store import assessments, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.records import StoredAnswer

QUESTIONS = "ui/screens/questions.py"


def _answer(engine, year: int, answers: dict) -> None:
    """Answers saved straight through the store, as an earlier visit would have left them."""
    leader = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
    info = assessments.open_assessment(engine, leader, "bao-a", year, "t", "t")
    assert info is not None
    assessments.save_answers(engine, leader, info.id, {k: StoredAnswer(value=v) for k, v in answers.items()},
                             info.row_version)


def _stored(engine, qid: str, year: int = 2025):
    info = assessments.get_assessment(engine, SYSTEM_ACTOR, "bao-a", year)
    row = assessments.load_answers(engine, SYSTEM_ACTOR, info.id).get(qid) if info else None
    return row.value if row else None


def _profile(app, lang: str = "vi"):
    at = app("lanh-dao-a", lang)
    at.switch_page(QUESTIONS).run()
    return at


def _type(at, qid: str, text: str):
    """Type into a question's field and leave it; then a full run, as the next page view would."""
    at.text_input(key=f"q_{qid}").input(text).run()
    assert not at.exception
    return at


def _messages(at, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def test_vietnamese_thousands_are_thousands_and_the_saved_number_is_shown_back(app, world):
    _answer(world, 2025, {"media_types": ["print"]})
    at = _type(_profile(app), "print_circulation_urban", "110.000")
    assert _stored(world, "print_circulation_urban") == 110000  # not 110, with a ✓
    assert at.text_input(key="q_print_circulation_urban").value == "110.000"
    assert any("Đã lưu 110.000 lúc" in c for c in _messages(at, "caption"))
    _type(at, "print_circulation_urban", "1.234.567")
    assert _stored(world, "print_circulation_urban") == 1234567
    assert at.text_input(key="q_print_circulation_urban").value == "1.234.567"
    _type(at, "print_circulation_urban", "2500")
    assert at.text_input(key="q_print_circulation_urban").value == "2.500"  # typed plain, shown grouped
    _type(at, "print_circulation_urban", "")  # emptied: the answer goes
    assert _stored(world, "print_circulation_urban") is None


def test_a_head_count_with_a_decimal_is_refused_with_a_message(app, world):
    at = _profile(app)
    _type(at, "staff_total", "40").run()
    for typed, said in (("12,5", "không phải số nguyên"), ("12.5", "dấu chấm tách hàng nghìn"),
                        ("40,000", "chưa rõ nghĩa"), ("bốn mươi", "không phải là số")):
        _type(at, "staff_total", typed)
        errors = [e for e in _messages(at, "error") if e.startswith("Chưa lưu")]
        assert len(errors) == 1 and said in errors[0], (typed, errors)
        assert _stored(world, "staff_total") == 40  # not 12 for "12.5"
        assert at.text_input(key="q_staff_total").value == typed  # the field keeps what was typed, to correct


def test_the_english_page_reads_numbers_as_english_writes_them(app, world):
    _answer(world, 2025, {"media_types": ["print"]})
    at = _type(_profile(app, "en"), "print_circulation_urban", "110,000")
    assert _stored(world, "print_circulation_urban") == 110000
    assert at.text_input(key="q_print_circulation_urban").value == "110,000"
    assert any("Saved 110,000 at" in c for c in _messages(at, "caption"))
    _type(at, "print_circulation_urban", "110.000")  # a Vietnamese grouping on the English page: not 110
    assert _stored(world, "print_circulation_urban") == 110000
    assert any("ambiguous" in e and "write 110,000" in e for e in _messages(at, "error"))
    at.run()  # a full run shows the saved answer in the page's way
    assert at.text_input(key="q_print_circulation_urban").value == "110,000"


def test_the_saved_number_is_shown_in_the_language_switched_to(app, world):
    _answer(world, 2025, {"media_types": ["print"], "print_circulation_urban": 104000})
    at = _profile(app, "en")
    assert at.text_input(key="q_print_circulation_urban").value == "104,000"
    at.session_state["lang"] = "vi"
    at.run()
    assert at.text_input(key="q_print_circulation_urban").value == "104.000"


def test_a_number_far_from_last_years_waits_for_confirmation(app, world):
    years.set_year_open(world, SYSTEM_ACTOR, 2024, True)
    _answer(world, 2024, {"media_types": ["print"], "print_circulation_urban": 104000})
    years.set_year_open(world, SYSTEM_ACTOR, 2024, False)
    _answer(world, 2025, {"media_types": ["print"]})
    at = _profile(app)
    _type(at, "print_circulation_urban", "110")  # a slip: 110 for 110.000
    assert _stored(world, "print_circulation_urban") is None  # not saved, so not counted
    waiting = [w for w in _messages(at, "warning") if "104.000" in w]
    assert len(waiting) == 1 and "chưa được lưu và chưa được tính" in waiting[0]
    _type(at, "print_circulation_urban", "110.000")  # corrected: near last year's, saved at once
    assert _stored(world, "print_circulation_urban") == 110000
    assert not any(b.key == "qconfirm_print_circulation_urban" for b in at.button)
    _type(at, "print_circulation_urban", "600.000")  # a real jump, confirmed
    assert _stored(world, "print_circulation_urban") == 110000
    at.button(key="qconfirm_print_circulation_urban").click().run()
    assert not at.exception
    assert _stored(world, "print_circulation_urban") == 600000
    assert at.text_input(key="q_print_circulation_urban").value == "600.000"

