"""The frame around every page: sign-in gate, navigation by role, language and year pickers.

Which pages a role sees is decided here, but that is only convenience: every read and write below the
pages goes through `store`, which checks the role again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from scoring.answers import Answer
from store import assessments, clock, stamps, years
from store.access import Actor, Role
from store.conversion import to_answers
from store.errors import StoreError
from ui import choices, links, md, runtime
from ui.i18n import t

SCREENS = Path(__file__).resolve().parent / "screens"
PAGE_KEY = runtime.PAGE_KEY
YEAR_KEY = "year"


def require_actor() -> Actor:
    """The signed-in user, looked up again from the cookie: a page or fragment never trusts a copy."""
    actor = runtime.current_actor()
    if actor is None:
        st.warning(t("shell.session_ended", runtime.lang()))
        st.stop()
    return actor


def page(name: str, title: str, icon: str, url_path: str | None = None, default: bool = False) -> st.Page:
    return st.Page(SCREENS / f"{name}.py", title=title, icon=icon, url_path=url_path or name, default=default)


# Who each page is for: the agency pages for leaders, the province's for the department (and the
# administrator, who sees what the department sees), the administration for the administrator.
AUDIENCES: dict[str, tuple[Role, ...]] = {
    "agency": (Role.AGENCY,),
    "department": (Role.REVIEWER, Role.ADMIN),
    "admin": (Role.ADMIN,),
}


@dataclass(frozen=True)
class PageSpec:
    screen: str
    title: str
    icon: str
    url_path: str
    default: bool = False


def _sections(lang: str) -> list[tuple[str, str, list[PageSpec]]]:
    """Every section of the navigation: its audience, its heading, its pages."""
    qn = runtime.catalog().questionnaire
    assess = [PageSpec("overview", t("nav.overview", lang), ":material/checklist:", "overview", default=True),
              PageSpec("questions", qn.profile.short.get(lang), ":material/badge:", "profile")]
    assess += [PageSpec("questions", d.file.short.get(lang), ":material/edit_note:", d.id) for d in qn.domains]
    assess.append(PageSpec("results", t("nav.results", lang), ":material/insights:", "results"))
    province = [
        PageSpec("province", t("nav.province", lang), ":material/monitoring:", "province", default=True),
        PageSpec("agencies_glance", t("nav.agencies_glance", lang), ":material/grid_view:", "agencies_glance"),
        PageSpec("campaign", t("nav.campaign", lang), ":material/event_available:", "campaign"),
        PageSpec("agency_detail", t("nav.agency_detail", lang), ":material/search:", "agency_detail"),
        PageSpec("whatif", t("nav.whatif", lang), ":material/lightbulb:", "whatif"),
    ]
    admin = [
        PageSpec("admin_agencies", t("nav.admin_agencies", lang), ":material/domain:", "admin_agencies"),
        PageSpec("admin_users", t("nav.admin_users", lang), ":material/group:", "admin_users"),
        PageSpec("admin_years", t("nav.admin_years", lang), ":material/calendar_month:", "admin_years"),
        PageSpec("admin_audit", t("nav.admin_audit", lang), ":material/history:", "admin_audit"),
    ]
    return [("agency", t("nav.section_assess", lang), assess),
            ("department", t("nav.section_province", lang), province),
            ("admin", t("nav.section_admin", lang), admin)]


def build_navigation(actor: Actor | None, lang: str) -> dict[str, list[st.Page]]:
    """The pages `actor`'s role may open, and, hidden from the menu, every other page's address leading
    to a notice saying whom that page is for: a leader who follows a link to the campaign learns it is
    the department's, rather than landing on the home page without a word. The notice is a page of its
    own; the other role's page itself is never registered for them, so it can never run."""
    if actor is None:
        return {"": [page("sign_in", t("nav.sign_in", lang), ":material/login:", default=True)]}
    nav: dict[str, list[st.Page]] = {}
    hidden: list[st.Page] = []
    for audience, heading, specs in _sections(lang):
        if actor.role in AUDIENCES[audience]:
            nav[heading] = [page(s.screen, s.title, s.icon, s.url_path, s.default) for s in specs]
        else:
            hidden += [st.Page(SCREENS / "not_for_role.py", title=s.title, url_path=s.url_path, visibility="hidden")
                       for s in specs]
    nav[t("nav.section_account", lang)] = [page("account", t("nav.account", lang), ":material/person:"), *hidden]
    return nav


def audience_of(url_path: str) -> str | None:
    """Whom the page at `url_path` is for ("agency", "department", "admin"), or None for a page of all."""
    return next((audience for audience, _, specs in _sections("vi") if any(s.url_path == url_path for s in specs)),
                None)


def home_link(lang: str) -> None:
    """A link to the signed-in user's home page (the navigation's default, served at the root)."""
    link("", t("not_for_role.home", lang), icon=":material/home:")


def remember_page(pg: st.Page, nav: dict[str, list[st.Page]]) -> None:
    """Tell the shared questionnaire page which questionnaire it is showing (its URL says so), and
    keep this run's pages so any page can link to another by its URL path."""
    st.session_state[PAGE_KEY] = pg.url_path
    st.session_state["_nav"] = {p.url_path: p for pages in nav.values() for p in pages}


def flash(message: str) -> None:
    """Say something after a change and redraw the page, so every table shows the change."""
    st.session_state["_flash"] = message
    st.rerun()


def forget(*keys: str) -> None:
    """Empty a form's fields once it has done its work. A form that refuses keeps what was typed (a
    form cleared on every submit wiped all of it for one short password), so emptying is done here,
    on success only, before the page is redrawn."""
    for key in keys:
        st.session_state.pop(key, None)


def show_flash() -> None:
    if message := st.session_state.pop("_flash", None):
        st.success(message)


def link(url_path: str, label: str, icon: str = ":material/arrow_forward:") -> None:
    target = st.session_state.get("_nav", {}).get(url_path)
    if target is not None:
        st.page_link(target, label=label, icon=icon)
    else:
        st.markdown(f"**{label}**")


DETAIL_PAGE = "agency_detail"
AGENCY_PARAM = "agency"  # the drill-down's address names the agency it shows: ?agency=<id>
_PICKED = "_picked_agency"


def agency_table(data: Any, agency_ids: list[str], key: str, **shown: Any) -> None:
    """`st.dataframe(data, **shown)` whose row i leads to agency `agency_ids[i]`'s drill-down: choosing
    a row opens that agency's answers (see `follow_agency_pick`)."""
    st.dataframe(data, key=key, on_select=lambda: _pick(key, agency_ids), selection_mode="single-row", **shown)


def _pick(key: str, agency_ids: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows and rows[0] < len(agency_ids):
        st.session_state[_PICKED] = agency_ids[rows[0]]


def follow_agency_pick() -> None:
    """Open the drill-down on the agency whose row was just chosen, if one was (called at the top of
    a page with such a table: the choice's callback ran just before)."""
    agency_id = st.session_state.pop(_PICKED, None)
    target = st.session_state.get("_nav", {}).get(DETAIL_PAGE)
    if agency_id is not None and target is not None:
        st.switch_page(target, query_params={AGENCY_PARAM: agency_id})


def current_questionnaire_page() -> str:
    file_id = st.session_state.get(PAGE_KEY) or "profile"
    qn = runtime.catalog().questionnaire
    return file_id if file_id == "profile" or file_id in qn.domain_ids else "profile"


def _years(actor: Actor) -> list[years.YearInfo]:
    return runtime.once_per_run(("years", actor.user_id), lambda: years.list_years(runtime.engine(), actor))


def year_choices() -> list[int]:
    actor = require_actor()
    known = sorted({y.year for y in _years(actor)}, reverse=True)
    return known or [clock.today().year]


def default_year(options: list[int]) -> int:
    """Agencies open on the year they should be filling in; the department on a year whose figures
    mean something (`department_year`)."""
    actor = require_actor()
    if actor.role == Role.AGENCY and (owed := owed_years(actor)):
        return owed[0]
    open_years = [y.year for y in _years(actor) if y.is_open]
    current = max(open_years) if open_years else options[0]
    if actor.role in (Role.REVIEWER, Role.ADMIN):
        counts = runtime.once_per_run("submission_counts",
                                      lambda: stamps.submission_counts(runtime.engine(), actor))
        return department_year(current, _years(actor), counts)
    return current


def department_year(current: int, known: list[years.YearInfo], counts: dict[int, tuple[int, int]]) -> int:
    """The current year once most (more than half) of its agencies have sent; before that, the
    latest year up to it whose campaign has closed (deadline passed, or the year closed) with
    something sent, so the department does not open on a year with one submission, nor on an empty
    one; the current year if there is no such year."""
    sent, total = counts.get(current, (0, 0))
    if total and 2 * sent > total:
        return current
    closed = [y.year for y in known if y.year <= current and counts.get(y.year, (0, 0))[0]
              and (not y.is_open or years.days_left(y.deadline) < 0)]
    return max(closed, default=current)


def owed_years(actor: Actor) -> list[int]:
    """The open years whose assessment the leader's agency has not submitted, oldest first: a leader
    lands on the oldest, so opening next year's campaign never sends an agency that still owes this
    year's to next year's form."""
    if actor.agency_id is None:
        return []
    sent = runtime.once_per_run(("sent_years", actor.user_id), lambda: {
        a.year for a in assessments.list_assessments(runtime.engine(), actor) if a.status == "submitted"})
    return sorted(y.year for y in _years(actor) if y.is_open and y.year not in sent)


def other_open_years(actor: Actor, year: int, lang: str) -> None:
    """On the leader's home page: each other open year the agency still owes, with a way to it (an
    earlier one as a warning: it is the one to finish first)."""
    for other in owed_years(actor):
        if other == year:
            continue
        if other < year:
            st.warning(t("shell.owes_earlier_year", lang, year=other), icon=":material/assignment_late:")
        else:
            st.info(t("shell.later_year_open", lang, year=other), icon=":material/event_available:")
        st.button(t("shell.go_to_year", lang, year=other), key=f"go_to_year_{other}", on_click=_go_to_year,
                  args=(other,), icon=":material/swap_horiz:")


def _go_to_year(year: int) -> None:
    st.session_state[YEAR_KEY] = year


def selected_year() -> int:
    options = year_choices()
    year = st.session_state.get(YEAR_KEY)
    return year if year in options else default_year(options)


def year_open(year: int) -> bool:
    return runtime.once_per_run(("year_open", year), lambda: years.is_open(runtime.engine(), year))


def assessment_target(actor: Actor) -> tuple[str | None, int]:
    """The agency and year a page works on: an agency user's own agency, always."""
    return actor.agency_id, selected_year()


def last_year_answers(actor: Actor, agency_id: str, year: int) -> dict[str, Answer]:
    cache_key = ("last_year", agency_id, year)
    cached = st.session_state.get("_last_year")
    if cached is not None and cached[0] == cache_key:
        return cached[1]
    try:
        info = assessments.get_assessment(runtime.engine(), actor, agency_id, year - 1)
        rows = assessments.load_answers(runtime.engine(), actor, info.id) if info else {}
    except StoreError:
        rows = {}
    answers = to_answers(rows)
    st.session_state["_last_year"] = (cache_key, answers)
    return answers


def sidebar(actor: Actor | None, lang: str) -> None:
    with st.sidebar:
        st.segmented_control("Ngôn ngữ / Language", ["vi", "en"], key="lang", default=lang,
                             format_func={"vi": "Tiếng Việt", "en": "English"}.__getitem__, selection_mode="single")
        if actor is None:
            return
        options = year_choices()
        st.selectbox(t("shell.year", lang), options, index=options.index(selected_year()), key=YEAR_KEY)
        if actor.role in (Role.REVIEWER, Role.ADMIN):
            plan_picker(lang)
        who = actor.display_name or actor.username
        st.caption(t("shell.signed_in_as", lang, name=md.escape(who), role=t(f"role.{actor.role.value}", lang)))
        if runtime.oidc_enabled():
            st.button(t("shell.sign_out", lang), on_click=st.logout, icon=":material/logout:", key="oidc_logout")
        else:
            links.sign_out_button(t("shell.sign_out", lang), lang, runtime.sign_out_proof_for_session())


def plan_picker(lang: str) -> str:
    """The plan the department's pages compare against: the province's by default, the national one
    selectable. The choice is the plan's id, so the page's numbers never depend on a translated label."""
    cat = runtime.catalog()
    ids = sorted(cat.plans, key=lambda p: p != cat.plan().id)
    return st.selectbox(t("shell.plan", lang), ids, key="plan_id", index=choices.keep("plan_id", ids),
                        format_func=lambda p: cat.plans[p].short.get(lang))
