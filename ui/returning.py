"""Returning a submitted assessment to its agency for correction, with what needs correcting: one
form, on the campaign page (choosing among the submitted agencies) and on an agency's drill-down
(for that agency), recorded in the audit trail by the store."""

from __future__ import annotations

import streamlit as st

from store import assessments
from store.access import Actor
from store.errors import StoreError
from ui import md, runtime, shell
from ui.errors import error_text
from ui.i18n import t


def return_form(actor: Actor, year: int, names: dict[str, str], lang: str, key: str, choose: bool = True) -> None:
    """The form under `key` (`{key}_form`, `{key}_agency`, `{key}_comment`): the agency is chosen
    among `names` (agency id → name) when `choose`, else it is the one agency given."""
    with st.form(f"{key}_form"):
        ids = list(names)
        agency_id = ids[0]
        if choose:
            agency_id = st.selectbox(t("province.col_agency", lang), ids, format_func=lambda a: names[a],
                                     key=f"{key}_agency") or agency_id
        comment = st.text_area(t("campaign.return_comment", lang), max_chars=2000, key=f"{key}_comment",
                               placeholder=t("campaign.return_placeholder", lang))
        if st.form_submit_button(t("campaign.return_button", lang), icon=":material/undo:"):
            _return(actor, year, agency_id, names[agency_id], comment, lang, key)


def _return(actor: Actor, year: int, agency_id: str, name: str, comment: str, lang: str, key: str) -> None:
    try:
        target = assessments.get_assessment(runtime.engine(), actor, agency_id, year)
        if target is None:  # the form is drawn for a submitted assessment only; gone since: nothing to return
            return
        assessments.return_for_correction(runtime.engine(), actor, target.id, comment)
    except StoreError as exc:
        st.error(error_text(exc, lang))
    else:
        shell.forget(f"{key}_comment")
        shell.flash(t("campaign.returned", lang, name=md.escape(name)))
