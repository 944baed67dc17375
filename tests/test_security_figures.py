"""The figures in the README's "Security and reliability" section, counted from the tests themselves,
so the section cannot drift from what is tested. `python -m tests.test_security_figures` prints them.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cases(test) -> int:
    """How many cases a parametrized test runs (the product over its parametrize marks)."""
    n = 1
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            n *= len(mark.args[1])
    return n


def figures() -> dict[str, int]:
    from store.access import Action, Role
    from tests.e2e import test_crash
    from tests.hostile import HARMLESS_TEXT, HOSTILE_FILES
    from tests.scoring import test_answer_file_properties as props
    from tests.store import test_access, test_access_matrix, test_evidence, test_transactions
    from tests.ui import test_agency_isolation, test_import_hostile

    operations = len(test_access_matrix.OPS)
    functions = len({name.split("[")[0] for name in test_access_matrix.OPS})
    property_tests = [v for k, v in vars(props).items() if k.startswith("test_") and hasattr(v, "hypothesis")]
    return {
        "roles": len(Role) + 2,  # agency of A, agency of B, reviewer, admin, signed out
        "store_functions": functions,
        "matrix_operations": operations,
        "matrix_cases": _cases(test_access_matrix.test_store_function_access),  # operations × 5 actors
        "rule_cases": _cases(test_access.test_authorize_matrix),
        "actions": len(Action),
        "leader_pages": len(test_agency_isolation.AGENCY_PAGES),
        "forbidden_pages": len(test_agency_isolation.DEPARTMENT_PAGES),
        "hostile_files": len(HOSTILE_FILES),
        "import_page_checks": len(HOSTILE_FILES) + _cases(
            test_import_hostile.test_size_encoding_and_agency_are_checked_before_anything_is_stored),
        "harmless_texts": len(HARMLESS_TEXT),
        "sql_payloads": len(test_transactions.SQL),
        "refused_uploads": _cases(test_evidence.test_wrong_types_and_disguised_content_are_refused),
        "property_tests": len(property_tests),
        "generated_inputs": len(property_tests) * props.SETTINGS.max_examples,  # every one uses SETTINGS
        "crash_answers": sum(len(q) for q in test_crash.PAGES.values()) + 1,
    }


def test_the_readme_quotes_the_counted_figures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## Security and reliability", 1)[1].split("\n## ", 1)[0].split())
    f = figures()
    expected = [
        f"**{f['matrix_cases']}** cases: {f['matrix_operations']} operations on {f['store_functions']} store functions",
        f"**{f['rule_cases']}** cases: {f['actions']} actions",
        f"all **{f['leader_pages']}** of a leader's pages",
        f"none of the **{f['forbidden_pages']}** department and admin pages",
        f"**{f['hostile_files']}** hostile or malformed answers files",
        f"**{f['import_page_checks']}** refusals on the import page",
        f"**{f['harmless_texts']}** texts",
        f"**{f['sql_payloads']}** SQL payloads",
        f"**{f['refused_uploads']}** uploads",
        f"**{f['property_tests']}** property tests",
        f"**{f['generated_inputs']:,}** generated".replace(",", " "),
        f"**{f['crash_answers']}** answers shown as saved",
    ]
    missing = [e for e in expected if e not in section]
    assert not missing, "update README's Security and reliability section:\n" + "\n".join(missing)
    assert re.search(r"answers lost: \*\*0\*\*", section)


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Security and reliability", 1)[1].split("\n## ", 1)[0]


def test_every_test_the_section_cites_exists():
    """The attack table and the bullets cite tests by file (`tests/...py`, or a bare `test_x.py` of a
    folder cited just before) and by function (`file::test_name`): each must exist, so a renamed or
    removed test cannot leave the README claiming it."""
    section = _section()
    known = {path.name: path for path in (ROOT / "tests").rglob("test_*.py")}
    known.update({str(path.relative_to(ROOT)): path for path in (ROOT / "tests").rglob("*.py")})
    cited = re.findall(r"`((?:tests/[\w/]+/)?\w+\.py)(?:::(\w+))?", section.replace("\n  ", ""))
    assert cited, "the section cites no test"
    problems = []
    for file, function in cited:
        path = known.get(file)
        if path is None:
            problems.append(f"{file}: no such test file")
        elif function and not re.search(rf"^def {function}\b", path.read_text(encoding="utf-8"), re.M):
            problems.append(f"{file}::{function}: no such test")
    assert not problems, "README's Security and reliability section cites:\n" + "\n".join(problems)


if __name__ == "__main__":
    for key, value in figures().items():
        print(f"{key:22s} {value}")
