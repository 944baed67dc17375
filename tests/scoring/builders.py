"""Small questionnaires written to a temporary folder, so each test states exactly what it scores."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from scoring.catalog import Catalog, load_catalog
from scoring.loader import Questionnaire, load_questionnaire


def t(vi: str, en: str | None = None) -> dict[str, str]:
    return {"vi": vi, "en": en or vi}


def q(qid: str, qtype: str = "yes_no", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": qid, "type": qtype, "label": t(f"Câu {qid}", f"Question {qid}")}
    if qtype in ("single_choice", "level") and "options" not in extra:
        out["options"] = [
            {"code": f"l{i}", "label": t(f"Mức {i}", f"Level {i}"), "score": i / 4} for i in range(5)
        ]
    if qtype == "multi_choice" and "options" not in extra:
        out["options"] = [
            {"code": "a", "label": t("A"), "score": 0.5},
            {"code": "b", "label": t("B"), "score": 0.5},
            {"code": "c", "label": t("C"), "score": 0.5},
            {"code": "none", "label": t("Không có", "None"), "score": 0, "exclusive": True},
        ]
    out.update(extra)
    return out


PROFILE = [
    q("agency_type", "single_choice", options=[
        {"code": c, "label": t(c), "score": 0} for c in ("newspaper", "radio_tv", "magazine", "multimedia")]),
    q("media_types", "multi_choice", options=[
        {"code": c, "label": t(c), "score": 0} for c in ("print", "online", "radio", "tv")]),
    q("has_electronic_outlet", "yes_no"),
    q("staff_total", "number", min=0),
    q("staff_trained", "number", min=0, max_from="staff_total"),
]


def model(domains: list[tuple[str, float]]) -> dict[str, Any]:
    return {
        "id": "test-model", "version": "1", "title": t("Thử"),
        "levels": [
            {"code": "yeu", "min": 0, "label": t("Yếu", "Weak")},
            {"code": "trung_binh", "min": 50, "label": t("Trung bình", "Average")},
            {"code": "kha", "min": 65, "label": t("Khá", "Fair")},
            {"code": "tot", "min": 80, "label": t("Tốt", "Good")},
            {"code": "xuat_sac", "min": 90, "label": t("Xuất sắc", "Excellent")},
        ],
        "profile": "profile.yaml",
        "domains": [{"id": d, "file": f"{d}.yaml", "weight": w} for d, w in domains],
    }


def domain_file(did: str, questions: list[dict[str, Any]], caps: list[dict[str, Any]] | None = None,
                kind: str = "domain") -> dict[str, Any]:
    out: dict[str, Any] = {"id": did, "kind": kind, "version": "1", "title": t(f"Lĩnh vực {did}", f"Domain {did}"),
                           "sections": [{"id": "main", "title": t("Chính", "Main"), "questions": questions}]}
    if caps:
        out["caps"] = caps
    return out


LETTERHEAD = {"superior": t("UBND tỉnh Thử", "Test committee"), "symbol": "ST", "place": t("Thử", "Test"),
              "addressees": [t("UBND tỉnh Thử", "Test committee")], "recipients": [t("Như trên", "As above")],
              "signer_title": t("GIÁM ĐỐC", "DIRECTOR")}


def write(root: Path, domains: dict[str, list[dict[str, Any]]], *, weights: dict[str, float] | None = None,
          caps: dict[str, list[dict[str, Any]]] | None = None, profile: list[dict[str, Any]] | None = None,
          plans: dict[str, Any] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    weights = weights or {}
    dump(root / "model.yaml", model([(d, weights.get(d, 1)) for d in domains]))
    dump(root / "profile.yaml", domain_file("profile", copy.deepcopy(profile or PROFILE), kind="profile"))
    for did, qs in domains.items():
        dump(root / f"{did}.yaml", domain_file(did, qs, (caps or {}).get(did)))
    dump(root / "site.yaml", {"province": t("Tỉnh Thử", "Test province"), "department": t("Sở Thử", "Test dept"),
                              "department_short": t("Sở", "Dept"), "letterhead": LETTERHEAD})
    (root / "plans").mkdir(exist_ok=True)
    for pid, plan in (plans or {}).items():
        dump(root / "plans" / f"{pid}.yaml", plan)
    return root


def dump(path: Path, doc: Any) -> None:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(root: Path, domains: dict[str, list[dict[str, Any]]], **kw: Any) -> Questionnaire:
    return load_questionnaire(write(root, domains, **kw))


def build_catalog(root: Path, domains: dict[str, list[dict[str, Any]]], **kw: Any) -> Catalog:
    return load_catalog(write(root, domains, **kw))
