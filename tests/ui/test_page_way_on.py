"""A questionnaire page says what it holds at its top (its sections, each with its required questions
answered, linking to it) and leads on at its end (the next page, the overview); the required totals
say "so far" while the answers that decide them are still to give."""

from __future__ import annotations

from scoring.answers import parse_answers
from store import assessments
from store.access import Actor, Role
from store.conversion import to_stored
from tests.conftest import present
from tests.ui.conftest import complete_answers
from tests.ui.test_answer_page_evidence import _open_domain_page


def _contents(at) -> str:
    return "\n".join(m.value for m in at.markdown if "](#section-" in m.value)


def _links(at) -> list[str]:
    return [e.proto.label for e in at.get("page_link")]


def test_a_domain_page_lists_its_sections_with_their_counts_and_links(app, catalog):
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    assert not at.exception
    toc = _contents(at)
    sections = catalog.questionnaire.domain("security").file.sections
    for s in sections:
        assert f"[{s.title.vi}](#section-{s.id}) — 0/" in toc.replace("\\", ""), toc
    assert [h.proto.anchor for h in at.subheader] == [f"section-{s.id}" for s in sections]


def test_answering_a_question_moves_its_sections_count(app, world, catalog):
    at = app("lanh-dao-a")
    _open_domain_page(at, "security")
    first = catalog.questionnaire.domain("security").file.sections[0]
    line = next(x for x in _contents(at).splitlines() if f"#section-{first.id})" in x)
    assert " — 0/" in line
    at.radio(key="q_sec_inventory").set_value("yes").run()
    assert not at.exception
    line = next(x for x in _contents(at).splitlines() if f"#section-{first.id})" in x)
    assert " — 1/" in line, line


def test_a_page_ends_with_the_next_page_and_the_overview(app):
    at = app("lanh-dao-a")
    _open_domain_page(at, "content_platforms")
    assert "Trang tiếp: Dữ liệu và AI" in _links(at)
    assert "Về trang tổng quan" in _links(at)
    _open_domain_page(at, "profile")
    assert "Trang tiếp: Nền tảng số" in _links(at)


def test_the_last_page_leads_only_to_the_overview(app):
    at = app("lanh-dao-a", lang="en")
    _open_domain_page(at, "security")
    assert not [x for x in _links(at) if x.startswith("Next page")]
    assert "Back to overview" in _links(at)
    _open_domain_page(at, "data_ai")
    assert "Next page: Converged newsroom" in _links(at)


def _total(at, start: str) -> str:
    return next(p.proto.text for p in at.get("progress") if p.proto.text.startswith(start))


def _save(engine, qn, raw: dict) -> None:
    leader = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
    info = present(assessments.get_assessment(engine, leader, "bao-a", 2025)
                   or assessments.open_assessment(engine, leader, "bao-a", 2025, qn.version, qn.content_hash))
    changes = {qid: to_stored(a) for qid, a in parse_answers(qn, raw).items()}
    assessments.save_answers(engine, leader, info.id, changes, info.row_version)


def test_the_total_is_so_far_until_the_answers_that_decide_it_are_given(app, world, catalog):
    """0/80 at the start, 91/91 at the end: while the profile may still add questions the total says
    so; then while a domain's answer may open follow-ups; then it is the plain count."""
    qn = catalog.questionnaire
    at = app("lanh-dao-a")
    assert "80 câu đến nay; hồ sơ cơ quan có thể mở thêm câu" in _total(at, "Toàn phiếu")
    en = app("lanh-dao-a", lang="en")
    assert "80 so far; more may follow from your profile" in _total(en, "Whole assessment")
    _open_domain_page(at, "profile")
    assert "đến nay" in _total(at, "Đã trả lời")
    _save(world, qn, {"agency_type": "newspaper", "media_types": ["print", "online"], "has_electronic_outlet": "yes"})
    at = app("lanh-dao-a")
    assert "một số câu trả lời có thể mở thêm câu hỏi tiếp theo" in _total(at, "Toàn phiếu")
    _open_domain_page(at, "profile")
    assert "đến nay" not in _total(at, "Đã trả lời")  # nothing left on the profile decides its count
    _open_domain_page(at, "data_ai")
    assert "đến nay" in _total(at, "Đã trả lời")  # its own follow-ups are still open
    _save(world, qn, complete_answers(qn))
    at = app("lanh-dao-a")
    line = _total(at, "Toàn phiếu")
    assert "đến nay" not in line and line.endswith("câu bắt buộc đã trả lời"), line
