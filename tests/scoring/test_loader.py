"""The loader refuses every kind of bad file with the file, the item and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scoring.loader import QuestionnaireError, load_questionnaire
from tests.scoring.builders import build, q, t, write


def problems(root: Path) -> list[str]:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(root)
    return [str(p) for p in info.value.problems]


def edit(path: Path, fn) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_question(doc):
    return doc["sections"][0]["questions"][0]


def test_a_good_questionnaire_loads_with_a_stable_hash(tmp_path):
    qn = build(tmp_path, {"d1": [q("a"), q("b", "level")]})
    assert set(qn.questions) >= {"a", "b", "agency_type"}
    assert qn.domain_ids == ("d1",)
    again = load_questionnaire(tmp_path)
    assert again.content_hash == qn.content_hash
    edit(tmp_path / "d1.yaml", lambda d: first_question(d).update(weight=3))
    assert load_questionnaire(tmp_path).content_hash != qn.content_hash


def test_unknown_question_type(tmp_path):
    write(tmp_path, {"d1": [q("a", "slider")]})
    [msg] = problems(tmp_path)
    assert msg.startswith("questionnaires/d1.yaml: a (type): ") or "d1.yaml: a (type)" in msg
    assert ("'yes_no'" in msg and "slider" not in msg) or "Input should be" in msg


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, {"d1": [q("a")], "d2": [q("a")]})
    [msg] = problems(tmp_path)
    assert "d2.yaml: a: duplicate question id (also in" in msg and "d1.yaml" in msg


def test_show_if_naming_a_missing_question(tmp_path):
    write(tmp_path, {"d1": [q("a", show_if={"question": "ghost", "equals": "yes"})]})
    assert problems(tmp_path) == [f"{tmp_path.name}/d1.yaml: a: show_if names an unknown question 'ghost'"]


def test_cap_naming_a_missing_question_or_level(tmp_path):
    write(tmp_path, {"d1": [q("a")]}, caps={"d1": [
        {"id": "c1", "when": {"question": "ghost", "equals": "yes"}, "max_level": "trung_binh", "reason": t("x")},
        {"id": "c2", "when": {"question": "a", "equals": "no"}, "max_level": "legendary", "reason": t("x")},
    ]})
    msgs = problems(tmp_path)
    assert any("c1: when names an unknown question 'ghost'" in m for m in msgs)
    assert any("c2: cap names an unknown level 'legendary'" in m for m in msgs)


def test_options_without_scores(tmp_path):
    write(tmp_path, {"d1": [q("a", "single_choice", options=[{"code": "x", "label": t("x")},
                                                               {"code": "y", "label": t("y"), "score": 1}])]})
    [msg] = problems(tmp_path)
    assert "d1.yaml: a (options 'x'.score): Field required" in msg


def test_score_out_of_range(tmp_path):
    write(tmp_path, {"d1": [q("a", "single_choice", options=[{"code": "x", "label": t("x"), "score": 2},
                                                               {"code": "y", "label": t("y"), "score": 1}])]})
    [msg] = problems(tmp_path)
    assert "a (options 'x'.score)" in msg and "less than or equal to 1" in msg


@pytest.mark.parametrize("weight", [0, -1])
def test_weight_must_be_positive(tmp_path, weight):
    write(tmp_path, {"d1": [q("a", weight=weight)]})
    [msg] = problems(tmp_path)
    assert "d1.yaml: a (weight): Input should be greater than 0" in msg


def test_label_missing_a_language(tmp_path):
    write(tmp_path, {"d1": [q("a", label={"vi": "Chỉ tiếng Việt"})]})
    [msg] = problems(tmp_path)
    assert "d1.yaml: a (label.en): Field required" in msg


def test_a_source_needs_both_languages(tmp_path):
    """Sources are shown on English pages too: a bare string (the old format) is refused, and says why."""
    ok = {"vi": "NĐ 85/2016/NĐ-CP (giám sát)", "en": "Decree 85/2016/NĐ-CP (monitoring)"}
    qn = build(tmp_path, {"d1": [q("a", source=[ok])]})
    assert [s.get("en") for s in qn.questions["a"].source] == ["Decree 85/2016/NĐ-CP (monitoring)"]
    write(tmp_path, {"d1": [q("a", source=[ok, "NĐ 85/2016/NĐ-CP"])]})
    [msg] = problems(tmp_path)
    assert "d1.yaml: a (source)" in msg and "“NĐ 85/2016/NĐ-CP” needs both languages" in msg, msg


def test_bad_yaml_syntax_names_the_line(tmp_path):
    write(tmp_path, {"d1": [q("a")]})
    text = (tmp_path / "d1.yaml").read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + " ]["
    (tmp_path / "d1.yaml").write_text("\n".join(text), encoding="utf-8")
    [msg] = problems(tmp_path)
    assert msg.startswith(f"{tmp_path.name}/d1.yaml: line ") and "YAML syntax error" in msg


def test_unknown_field_is_a_typo_not_ignored(tmp_path):
    write(tmp_path, {"d1": [q("a", requird=False)]})
    [msg] = problems(tmp_path)
    assert "a (requird): Extra inputs are not permitted" in msg


def test_yaml_aliases_and_python_tags_are_refused(tmp_path):
    write(tmp_path, {"d1": [q("a")]})
    (tmp_path / "d1.yaml").write_text("x: &a [1]\ny: *a\n", encoding="utf-8")
    assert "anchors (&a) are not allowed" in problems(tmp_path)[0]
    (tmp_path / "d1.yaml").write_text("x: !!python/object/apply:os.system [echo hi]\n", encoding="utf-8")
    assert "python/object/apply:os.system is not allowed" in problems(tmp_path)[0]


def test_huge_file_is_refused_before_parsing(tmp_path):
    write(tmp_path, {"d1": [q("a")]})
    (tmp_path / "d1.yaml").write_text("x: " + "a" * (3 * 1024 * 1024), encoding="utf-8")
    assert "larger than" in problems(tmp_path)[0]


def test_condition_tests_must_fit_the_question(tmp_path):
    write(tmp_path, {"d1": [
        q("a", "level"),
        q("b", show_if={"question": "a", "equals": "l9"}),
        q("c", show_if={"question": "a", "gte": 2}),
        q("d", show_if={"question": "a", "includes": "l1"}),
    ]})
    msgs = problems(tmp_path)
    assert any("b: show_if: 'l9' is not an option of 'a'" in m for m in msgs)
    assert any("c: show_if: gt/gte/lt/lte need a number or percent question" in m for m in msgs)
    assert any("d: show_if: includes/count_gte need a multi_choice question" in m for m in msgs)


def test_applies_if_only_on_profile_and_no_cycles(tmp_path):
    write(tmp_path, {"d1": [
        q("a", applies_if={"question": "b", "equals": "yes"}),
        q("b", show_if={"question": "c", "equals": "yes"}),
        q("c", show_if={"question": "b", "equals": "yes"}),
    ]})
    msgs = problems(tmp_path)
    assert any("a: applies_if may only refer to profile questions, not 'b'" in m for m in msgs)
    assert any("show_if/applies_if form a cycle" in m for m in msgs)


def test_condition_without_a_test_and_unknown_condition_kind(tmp_path):
    write(tmp_path, {"d1": [q("a", show_if={"question": "agency_type"}), q("b", show_if={"whenever": 1})]})
    msgs = problems(tmp_path)
    assert any("a (show_if): a condition on question 'agency_type' needs exactly one test" in m for m in msgs)
    assert any("b (show_if): a condition starts with one of" in m for m in msgs)


def test_type_specific_rules(tmp_path):
    write(tmp_path, {"d1": [
        q("a", "yes_no", options=[{"code": "x", "label": t("x"), "score": 1}]),
        q("b", "single_choice", options=[{"code": "x", "label": t("x"), "score": 1}]),
        q("c", "text", min=1),
        q("d", "percent", max=150),
        q("e", "single_choice", options=[{"code": "x", "label": t("x"), "score": 1},
                                         {"code": "x", "label": t("y"), "score": 0}]),
    ]})
    msgs = "\n".join(problems(tmp_path))
    assert "a: a yes_no question has built-in options" in msgs
    assert "b: a single_choice question needs at least two options" in msgs
    assert "c: min, max and target only apply to number and percent" in msgs
    assert "d: a percent lies in 0..100" in msgs
    assert "e: duplicate option code(s): x" in msgs


def test_per_year_marks_only_a_figure(tmp_path):
    """`per_year` (a figure of the assessment year, confirmed after a copy from last year) is data the
    loader checks: on a number or percent, and a boolean."""
    write(tmp_path, {"d1": [q("a", "number", per_year=True), q("b", "yes_no", per_year=True),
                            q("c", "percent", per_year="sometimes")]})
    found = problems(tmp_path)
    assert len(found) == 2, found  # nothing about a
    assert found[0].endswith("d1.yaml: b: per_year marks a figure (number or percent), not a yes_no question")
    assert "d1.yaml: c (per_year): Input should be a valid boolean" in found[1]


def test_missing_file_and_model_mismatch(tmp_path):
    write(tmp_path, {"d1": [q("a")]})
    (tmp_path / "d1.yaml").unlink()
    assert problems(tmp_path) == [f"{tmp_path.name}/d1.yaml: (file): file not found"]


def test_site_letterhead_is_validated_naming_file_and_item(tmp_path):
    """The report's letterhead is data: a symbol that cannot follow "BC-" or a missing recipient list
    is refused when the site file loads, naming the file and the item."""
    import shutil

    from scoring.catalog import load_catalog
    from scoring.loader import DEFAULT_ROOT

    shutil.copytree(DEFAULT_ROOT, tmp_path, dirs_exist_ok=True)
    assert load_catalog(tmp_path).site.letterhead.place.vi == "Vĩnh Long"

    def spoil(doc):
        doc["letterhead"]["symbol"] = "bc/sở thử"
        del doc["letterhead"]["recipients"]

    edit(tmp_path / "site.yaml", spoil)
    with pytest.raises(QuestionnaireError) as info:
        load_catalog(tmp_path)
    said = [str(p) for p in info.value.problems]
    assert any("site.yaml" in p and "letterhead.symbol" in p for p in said), said
    assert any("site.yaml" in p and "letterhead.recipients" in p for p in said), said
