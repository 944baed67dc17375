"""Which media types each kind of press agency may operate: data (questionnaires/agency_kinds.yaml),
checked against the profile's own codes so a kind or a media type cannot be misspelt."""

from __future__ import annotations

from pathlib import Path

from scoring.loader import DEFAULT_ROOT, Problem, Questionnaire, QuestionnaireError, read_yaml

FILE = "agency_kinds.yaml"


def load_agency_kinds(qn: Questionnaire, root: Path = DEFAULT_ROOT) -> dict[str, frozenset[str]]:
    """Kind code → the media type codes it may operate; every kind of the profile's `agency_type`
    must be listed, with media types from its `media_types` question."""
    problems: list[Problem] = []
    raw = read_yaml(root / FILE, root, problems)
    if raw is None:
        raise QuestionnaireError(problems)
    kinds = {o.code for o in qn.questions["agency_type"].choices}
    media = {o.code for o in qn.questions["media_types"].choices}
    if not isinstance(raw, dict):
        raise QuestionnaireError([Problem(FILE, "(file)", "expected a mapping of agency kind → media types")])
    out: dict[str, frozenset[str]] = {}
    for kind, listed in raw.items():
        if kind not in kinds:
            problems.append(Problem(FILE, str(kind), f"not a kind of agency_type: {', '.join(sorted(kinds))}"))
        elif not isinstance(listed, list) or not listed or not all(m in media for m in listed):
            problems.append(Problem(FILE, kind, f"expected a list of media types from: {', '.join(sorted(media))}"))
        else:
            out[kind] = frozenset(listed)
    problems += [Problem(FILE, k, "kind missing") for k in sorted(kinds - set(raw))]
    if problems:
        raise QuestionnaireError(problems)
    return out
