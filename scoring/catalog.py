"""Load the questionnaire and its plans once, together, from one folder.

Both the command line and the app need "the questionnaire and the plans that refer to it"; loading them
in one place keeps the two from drifting apart (a plan is only valid against the questions it names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError

from scoring.agency_kinds import FILE as AGENCY_KINDS_FILE
from scoring.agency_kinds import load_agency_kinds
from scoring.loader import (
    DEFAULT_ROOT,
    Problem,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    read_yaml,
    validation_problems,
)
from scoring.models import Strict, Text
from scoring.plans import PlanFile, load_plans


class Letterhead(Strict):
    """What the department's annual report needs to go out as an administrative document (Nghị định
    30/2020/NĐ-CP, docs/administrative-report-form.md): the body above the issuer, the issuer's symbol
    in "Số: …/BC-<symbol>", the short place name of the place line ("Vĩnh Long", never "Tỉnh Vĩnh
    Long"), whom it is addressed to, who else receives it, and who signs. A signer not yet known is left
    blank, to fill by hand."""

    superior: Text
    symbol: str = Field(pattern=r"^[A-ZĐ0-9][A-ZĐ0-9&.-]{0,29}$")
    place: Text
    addressees: list[Text] = Field(min_length=1)
    recipients: list[Text] = Field(min_length=1)
    signer_title: Text  # one line per line of the signature block ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    signer_name: str = ""


class Site(Strict):
    """The installation's own names, shown on pages and reports."""

    province: Text
    department: Text
    department_short: Text
    letterhead: Letterhead

DEFAULT_PLAN = "kh77-vinh-long-2023"


@dataclass(frozen=True)
class Catalog:
    questionnaire: Questionnaire
    plans: dict[str, PlanFile]
    site: Site
    kind_media: dict[str, frozenset[str]] = field(default_factory=dict)  # agency_kinds.yaml

    def plan(self, plan_id: str | None = None) -> PlanFile:
        if plan_id is None:
            plan_id = DEFAULT_PLAN if DEFAULT_PLAN in self.plans else sorted(self.plans)[0]
        try:
            return self.plans[plan_id]
        except KeyError:
            raise KeyError(f"unknown plan '{plan_id}' (plans: {', '.join(sorted(self.plans))})") from None


def load_catalog(root: Path | str = DEFAULT_ROOT) -> Catalog:
    root = Path(root)
    qn = load_questionnaire(root)
    plans = load_plans(qn, root / "plans")
    problems: list[Problem] = []
    raw = read_yaml(root / "site.yaml", root, problems)
    if raw is None:
        raise QuestionnaireError(problems)
    try:
        site = Site.model_validate(raw)
    except ValidationError as exc:
        raise QuestionnaireError(validation_problems("site.yaml", raw, exc)) from None
    # which media types each kind of agency may operate; a questionnaire folder without the file has no such rule
    kinds = load_agency_kinds(qn, root) if (root / AGENCY_KINDS_FILE).is_file() else {}
    return Catalog(qn, plans, site, kinds)
