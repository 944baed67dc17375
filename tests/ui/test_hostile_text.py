"""Text people type is shown as text: Markdown links, images, colour directives and HTML in agency
names, display names, comments, answers and file names never turn into links, images or markup.

Streamlit reads most of its text elements as Markdown; the pages escape what users typed
(`ui.md.escape`). Here each page's elements are read back and no unescaped link, image, directive
or tag may be left in them; `test_escape_*` show that the escaped Markdown still reads as the text."""

from __future__ import annotations

import re

import pytest

from store import accounts, agencies, assessments, evidence, years
from store.access import SYSTEM_ACTOR, Actor, Role
from store.records import StoredAnswer
from store.uploads import safe_filename
from tests.store.helpers import PDF
from ui.md import WORD_JOINER, escape

HOSTILE = ("[Báo A](https://evil.example/steal) ![x](https://evil.example/p.png) <script>alert(1)</script> "
           "<img src=x onerror=alert(2)> :red[đỏ] **đậm** `mã` # tiêu đề $x^2$")
LEADER = Actor(user_id=None, username="lanh-dao-a", display_name="A", role=Role.AGENCY, agency_id="bao-a")
REVIEWER = Actor(user_id=None, username="so", display_name="Sở", role=Role.REVIEWER)
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error")
# Markdown that would render: a link or image, a Streamlit directive, an HTML tag, an autolink. A link
# to a heading of the page itself (`](#section-…)`, the questionnaire page's contents) goes nowhere else.
LIVE = re.compile(r"(?<!\\)\]\((?!\s|#)|(?<!\\):red\[|(?<!\\)<(script|img|a )|(?<!\\)!\[")


def shown_texts(at) -> list[str]:
    out = [str(e.value) for kind in TEXT_KINDS for e in getattr(at, kind)]
    out += [b.label for b in at.download_button] + [b.label for b in at.button]
    return out


def live_markup(at) -> list[str]:
    return [text for text in shown_texts(at) if LIVE.search(text)]


@pytest.fixture
def hostile_world(world):
    agencies.update_agency(world, SYSTEM_ACTOR, "bao-a", name=HOSTILE)
    leader = next(u for u in accounts.list_users(world, SYSTEM_ACTOR) if u.username == "lanh-dao-a")
    accounts.update_user(world, SYSTEM_ACTOR, leader.id, display_name="[Nguyễn](javascript:alert(3)) <b>A</b>")
    return world


def test_escape_keeps_every_character_and_leaves_no_markup():
    escaped = escape(HOSTILE)
    unescaped = re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "")
    assert unescaped == HOSTILE  # undoing the escapes gives back exactly what was typed
    assert not LIVE.search(escaped)
    assert escape("Báo Vĩnh Long 2025") == "Báo Vĩnh Long 2025"  # letters, digits and spaces unchanged


def test_agency_name_comment_and_display_name_stay_text_for_the_leader(app, hostile_world, catalog):
    w = hostile_world
    qn = catalog.questionnaire
    info = assessments.open_assessment(w, LEADER, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    version = assessments.save_answers(w, LEADER, info.id, {"agency_type": StoredAnswer("newspaper")},
                                       info.row_version)
    assessments.submit(w, LEADER, info.id, version, qn.version, qn.content_hash)
    assessments.return_for_correction(w, REVIEWER, info.id, "Xem [đây](https://evil.example) <script>x</script>")
    at = app("lanh-dao-a")
    assert not at.exception
    assert not live_markup(at), live_markup(at)
    texts = "\n".join(shown_texts(at))
    assert escape(HOSTILE) in texts  # the whole name, shown as typed
    assert escape("Xem [đây](https://evil.example) <script>x</script>") in texts
    assert escape("[Nguyễn](javascript:alert(3)) <b>A</b>") in texts
    at.switch_page("ui/screens/account.py").run()
    assert not at.exception and not live_markup(at)


def test_last_years_text_answer_stays_text(app, hostile_world, catalog):
    w = hostile_world
    qn = catalog.questionnaire
    years.set_year_open(w, SYSTEM_ACTOR, 2024, True)
    info = assessments.open_assessment(w, LEADER, "bao-a", 2024, qn.version, qn.content_hash)
    assert info is not None
    assessments.save_answers(w, LEADER, info.id, {"outlets": StoredAnswer("[Báo in](https://evil.example) <i>x</i>")},
                             info.row_version)
    years.set_year_open(w, SYSTEM_ACTOR, 2024, False)
    at = app("lanh-dao-a")
    at.switch_page("ui/screens/questions.py").run()
    assert not at.exception
    assert any(escape("[Báo in](https://evil.example) <i>x</i>") in c.value for c in at.caption)
    assert not live_markup(at), live_markup(at)


def test_file_names_and_names_stay_text_for_the_department(app, hostile_world, catalog):
    w = hostile_world
    qn = catalog.questionnaire
    info = assessments.open_assessment(w, LEADER, "bao-a", 2025, qn.version, qn.content_hash)
    assert info is not None
    assessments.save_answers(w, LEADER, info.id, {"cp_digital_share": StoredAnswer("p100")}, info.row_version)
    evidence.attach_file(w, LEADER, info.id, "cp_digital_share", "[bấm](evil.example) ![i](x).pdf", None, PDF)
    at = app("so")
    at.session_state["year"] = 2025
    for page in ("province", "agencies_glance", "campaign", "agency_detail"):
        at.switch_page(f"ui/screens/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert not live_markup(at), (page, live_markup(at))
    at.selectbox(key="detail_agency").set_value("bao-a").run()
    assert not live_markup(at), live_markup(at)
    labels = [b.label for b in at.download_button]
    assert any(escape(safe_filename("[bấm](evil.example) ![i](x).pdf")) in label for label in labels), labels
