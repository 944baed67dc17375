"""The real questionnaire, made loadable while a domain file is still being written.

The reports are tested against the shipped questions (their Vietnamese labels are what the documents
must render), but another engineer is still finishing the domain files. A missing domain file is
replaced, in a temporary copy, by a small stand-in that defines the questions the plans refer to; once
the real file lands, the real folder is used as is and the stand-in is never written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from scoring.answers import Answer, Evidence
from scoring.catalog import Catalog, load_catalog
from scoring.loader import DEFAULT_ROOT, QuestionnaireError
from scoring.models import Question, QuestionType

SEC_CONTROLS = ("sec_inventory", "sec_policy", "sec_incident_response", "sec_network_zoning", "sec_waf_ddos",
                "sec_mfa_rbac", "sec_backup", "sec_monitoring_soc")


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


SECURITY_STUB: dict[str, Any] = {
    "id": "security", "kind": "domain", "version": "test",
    "title": _t("An toàn thông tin mạng", "Cybersecurity"),
    "sections": [{
        "id": "main", "title": _t("Bảo đảm an toàn hệ thống thông tin", "Information-system security"),
        "questions": [
            {"id": "sec_level_dossier", "type": "single_choice", "weight": 2,
             "label": _t("Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin", "Security level dossier"),
             "recommendation": _t("Lập và trình phê duyệt hồ sơ cấp độ 3.", "Have a level-3 dossier approved."),
             "options": [
                 {"code": "none", "label": _t("Chưa lập hồ sơ", "No dossier"), "score": 0},
                 {"code": "approved_l2", "label": _t("Đã phê duyệt cấp độ 2", "Level 2 approved"), "score": 0.5},
                 {"code": "approved_l3plus", "label": _t("Đã phê duyệt cấp độ 3 trở lên", "Level 3+ approved"),
                  "score": 1}]},
            *({"id": qid, "type": "yes_no", "evidence": "optional",
               "label": _t(f"Biện pháp bảo đảm an toàn: {qid[4:].replace('_', ' ')}",
                           f"Security control: {qid[4:].replace('_', ' ')}"),
               "recommendation": _t(f"Triển khai {qid[4:].replace('_', ' ')}.",
                                    f"Put {qid[4:].replace('_', ' ')} in place.")}
              for qid in SEC_CONTROLS),
        ]}],
}
STUBS = {"security.yaml": SECURITY_STUB}


def real_catalog(tmp: Path) -> Catalog:
    try:
        return load_catalog()
    except QuestionnaireError:
        pass
    root = tmp / "questionnaires"
    if not root.exists():
        shutil.copytree(DEFAULT_ROOT, root)
        for name, doc in STUBS.items():
            if not (root / name).exists():
                (root / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    try:
        return load_catalog(root)
    except QuestionnaireError as exc:
        # A plan file caught mid-edit is left out of the copy; the province plan is what the reports need.
        broken = {p.path for p in exc.problems if p.path.startswith("plans/")}
        if not broken or any(not p.path.startswith("plans/") for p in exc.problems):
            raise
        for rel in broken:
            (root / rel).unlink()
        return load_catalog(root)


def _value(q: Question, strength: float) -> Any:
    """A plausible answer whose score rises with `strength` (0..1), so agencies differ."""
    t = q.type
    if t == QuestionType.TEXT:
        return "Ghi chú"
    if t in (QuestionType.NUMBER, QuestionType.PERCENT):
        hi = q.target or (100 if t == QuestionType.PERCENT else 10)
        lo = q.min or 0
        return max(lo, min(q.max if q.max is not None else hi, round(hi * strength)))
    choices = [o for o in q.choices if not o.exclusive]
    if t == QuestionType.MULTI_CHOICE:
        k = max(1, round(len(choices) * strength))
        return [o.code for o in choices[:k]]
    ranked = sorted(q.choices, key=lambda o: o.score)
    return ranked[min(len(ranked) - 1, int(strength * len(ranked)))].code


def synthetic_answers(cat: Catalog, strength: float, profile: dict[str, Any],
                      skip: frozenset[str] = frozenset()) -> dict[str, Answer]:
    """Answers to every question; profile values given explicitly because they decide applicability."""
    qn = cat.questionnaire
    out: dict[str, Answer] = {}
    for qid, q in qn.questions.items():
        if qid in skip:
            continue
        if qid in profile:
            out[qid] = Answer(value=profile[qid])
        elif qn.question_file[qid] == "profile":
            continue
        else:
            out[qid] = Answer(value=_value(q, strength),
                              evidence=Evidence(note="Biên bản kiểm tra") if strength > 0.5 else Evidence())
    return out
