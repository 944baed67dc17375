"""manage.py validate / score / aggregate, as the contract in DESIGN.md says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from scoring.plans import INDICATOR_IDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True)


def test_validate_ships_valid_files():
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("OK:")


def test_validate_names_the_file_item_and_reason_on_a_broken_copy(tmp_path):
    copy = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", copy)
    path = copy / "security.yaml"
    text = path.read_text(encoding="utf-8").replace("id: sec_backup\n", "id: sec_policy\n", 1)
    path.write_text(text, encoding="utf-8")
    plan = copy / "plans" / "kh77-vinh-long-2023.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("cn_central_desk", "cn_ghost", 1), encoding="utf-8")
    r = run("validate", str(copy))
    assert r.returncode == 1
    assert "questionnaires/security.yaml: sec_policy: duplicate question id" in r.stderr


def test_validate_reports_plan_problems(tmp_path):
    copy = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", copy)
    plan = copy / "plans" / "kh77-vinh-long-2023.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("cn_central_desk", "cn_ghost", 1), encoding="utf-8")
    r = run("validate", str(copy))
    assert r.returncode == 1
    assert "plans/kh77-vinh-long-2023.yaml: converged_newsroom: met_if names an unknown question 'cn_ghost'" in r.stderr


def test_score_json_contract():
    r = run("score", str(EXAMPLES / "2025" / "bao-vinh-long.yaml"), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == {"overall", "domains", "indicators"}
    assert set(doc["overall"]) == {"index", "level"} and 0 <= doc["overall"]["index"] <= 100
    assert set(doc["domains"]) == {"content_platforms", "data_ai", "converged_newsroom", "staff_training", "security"}
    assert set(doc["indicators"]) == set(INDICATOR_IDS)
    for v in doc["indicators"].values():
        assert set(v) == {"applicable", "met", "numerator", "denominator"}


def test_score_text_and_explain():
    r = run("score", str(EXAMPLES / "2025" / "bao-vinh-long.yaml"), "--explain")
    assert r.returncode == 0 and "Báo Vĩnh Long" in r.stdout and "sec_backup" in r.stdout


def test_aggregate_json_contract():
    files = sorted(str(p) for p in (EXAMPLES / "2025").glob("*.yaml"))
    r = run("aggregate", "--year", "2025", *files, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["year"] == 2025 and doc["plan"] == "kh77-vinh-long-2023"
    conv = doc["indicators"]["converged_newsroom"]
    assert conv == {"numerator": 3, "denominator": 5, "value": 0.6, "target": 0.6, "strict": True, "met": False,
                    "target_held_from": None}
    assert set(doc["indicators"]["urban_rural_balance"]) == set(conv)
    national = json.loads(run("aggregate", "--year", "2025", "--plan", "qd348-national-2023", *files, "--json").stdout)
    assert national["indicators"]["converged_newsroom"]["denominator"] == 7  # the national text counts all agencies
    assert national["indicators"]["autonomy"]["target"] is None


def test_aggregate_refuses_wrong_year_and_duplicates():
    f = str(EXAMPLES / "2024" / "bao-vinh-long.yaml")
    r = run("--lang", "en", "aggregate", "--year", "2025", f)
    assert r.returncode == 1 and "the file is for 2024, not 2025" in r.stderr
    r = run("aggregate", "--year", "2024", f, f, "--lang", "en")
    assert r.returncode == 1 and "already counted" in r.stderr


def test_bad_answers_file_gives_a_clear_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  ghost_question: yes\n  staff_total: -3\n",
                   encoding="utf-8")
    r = run("score", str(bad), "--lang", "en")
    assert r.returncode == 1
    assert "ghost_question: unknown question id" in r.stderr and "staff_total: -3 is below the minimum 0" in r.stderr


def test_it_speaks_vietnamese_unless_told_otherwise(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: {id: bao-a, name: A}\nyear: 2025\nanswers:\n  ghost_question: yes\n", encoding="utf-8")
    assert "ghost_question: mã câu hỏi không tồn tại" in run("score", str(bad)).stderr
    f = str(EXAMPLES / "2024" / "bao-vinh-long.yaml")
    said = run("aggregate", "--year", "2025", f).stderr
    assert "tệp là của năm 2024, không phải 2025" in said and "the file" not in said
    vi, en = run("score", f).stdout, run("--lang", "en", "score", f).stdout
    assert "Tổng thể" in vi and "overall" not in vi and "overall" in en
    assert re.search(r"Tổng thể +\d+,\d ", vi) and re.search(r"overall +\d+\.\d ", en)  # 80,4 and 80.4


def test_aggregate_json_after_2025_holds_the_2025_targets_of_indicators_4_to_8_and_says_so(tmp_path):
    """Appendix I's yearly targets end in 2025: from 2026 indicators 4–8 read "no target" and the
    training and level-3 security gaps vanished; they hold the 2025 level, told apart in the JSON."""
    files = []
    for p in sorted((EXAMPLES / "2025").glob("*.yaml")):  # the 2025 answers, sent again for 2026
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) | {"year": 2026}
        (tmp_path / p.name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        files.append(str(tmp_path / p.name))
    doc = json.loads(run("aggregate", "--year", "2026", *files, "--json").stdout)["indicators"]
    held = ["staff_trained", "security_level3", "urban_rural_balance", "autonomy", "magazine_relicensed"]
    for iid in held:
        assert doc[iid]["target"] is not None and doc[iid]["target_held_from"] == 2025, iid
    assert doc["staff_trained"]["target"] == 1.0 and doc["security_level3"]["met"] is False
    assert doc["autonomy"]["strict"] is True  # "trên 30%" held as it was written
    for iid in ("content_on_digital_platforms", "data_ai_platform", "converged_newsroom"):
        assert doc[iid]["target_held_from"] is None and doc[iid]["target"] is not None  # the plan's own 2026 goals
    text = run("aggregate", "--year", "2026", *files).stdout
    assert "duy trì mức 2025" in text
