"""Imports go one way: scoring at the bottom, store and reports each on scoring alone, ui on all three;
webentry (the web entry's middleware) reads the store only; words (the message catalogue) may be imported
by every layer and imports nothing of the app; reference/ (the scoring oracle) reads the questionnaire
loading only. The benchmark and the tests share `harness/` (a server of the app, a browser page that
waits on its runs) and `reference/`, and import each other only where a test tests the benchmark. A
reader knows from a file's folder what it may touch; these tests keep it true."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "scoring": {"streamlit", "store", "reports", "ui", "sqlalchemy"},
    "store": {"streamlit", "reports", "ui"},
    "reports": {"streamlit", "store", "ui"},
    "webentry": {"streamlit", "reports", "ui"},
    "bench": {"tests"},
    "harness": {"tests", "bench"},
    "words": {"streamlit", "sqlalchemy", "scoring", "store", "reports", "ui", "webentry", "app", "asgi", "manage"},
    "reference": {"streamlit", "store", "reports", "ui", "sqlalchemy", "tests", "bench"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downwards(package):
    bad = {}
    for path in (ROOT / package).rglob("*.py"):
        hits = imported_roots(path) & FORBIDDEN[package]
        if hits:
            bad[str(path.relative_to(ROOT))] = sorted(hits)
    assert not bad, f"{package}/ imports what it may not: {bad}"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return found


def is_a_bench_test(rel: Path) -> bool:
    """A test of the benchmark's own code: under tests/bench/, or named test_bench_*."""
    return rel.parts[:2] == ("tests", "bench") or rel.name.startswith("test_bench_")


def test_tests_import_the_bench_only_to_test_it():
    bad = {}
    for path in (ROOT / "tests").rglob("*.py"):
        rel = path.relative_to(ROOT)
        if is_a_bench_test(rel):
            continue
        hits = {m for m in imported_modules(path) if m.split(".")[0] == "bench"}
        if hits:
            bad[str(rel)] = sorted(hits)
    assert not bad, f"tests that do not test the benchmark import it: {bad}"


def test_the_layering_checks_see_a_forbidden_import(tmp_path: Path):
    bench_file = tmp_path / "tool.py"
    bench_file.write_text("from tests.e2e.harness import free_port\nimport bench.load\n", encoding="utf-8")
    assert imported_roots(bench_file) & FORBIDDEN["bench"] == {"tests"}
    assert "bench.load" in imported_modules(bench_file)
    assert is_a_bench_test(Path("tests/e2e/test_bench_clock.py")) and is_a_bench_test(Path("tests/bench/x.py"))
    assert not is_a_bench_test(Path("tests/scoring/test_batch.py"))


# What the reference may take from scoring/: the questionnaire, its answers and the plan files as
# loaded, never the engine it checks.
LOADING = {"scoring.answers", "scoring.catalog", "scoring.loader", "scoring.models"}
PLAN_FILE = {"PlanFile", "IndicatorSpec", "Target", "parse_target"}


def imported_names(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every `from module import name`, and (module, "") of every `import module`."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, "") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out += [(node.module, a.name) for a in node.names]
    return out


def test_the_reference_takes_only_loading_from_scoring():
    bad = [f"{path.name}: {module}.{name}" for path in (ROOT / "reference").glob("*.py") if path.name != "compare.py"
           for module, name in imported_names(path)
           if module.split(".")[0] == "scoring" and module not in LOADING
           and not (module == "scoring.plans" and name in PLAN_FILE)]
    assert not bad, f"reference/ imports more than questionnaire loading: {bad}"


def test_the_comparison_calls_only_the_engines_public_functions():
    """reference/compare.py sets the engine beside the oracle through what other layers call."""
    bad = [f"{module}.{name}" for module, name in imported_names(ROOT / "reference" / "compare.py")
           if module.split(".")[0] == "scoring" and (not name or name.startswith("_"))]
    assert not bad, f"reference/compare.py imports engine internals: {bad}"


def test_only_the_ui_imports_streamlit():
    allowed = {"app.py", "asgi.py"}
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "ui", "bench", "harness", "reference"} or str(rel) in allowed:
            continue
        if "streamlit" in imported_roots(path):
            offenders.append(str(rel))
    assert not offenders


def test_scoring_loads_without_streamlit_or_a_database():
    import scoring

    modules = [f"scoring.{m.name}" for m in pkgutil.iter_modules(scoring.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'sqlalchemy'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", ["settings.py", "logconfig.py"])
def test_settings_and_log_set_up_import_nothing_of_the_project(module):
    """settings.py and logconfig.py sit under every layer (the store, the web entry, the UI, the command
    line and the bench read them); logconfig.py may read settings.py."""
    project = {p.name.removesuffix(".py") for p in ROOT.iterdir()
               if p.suffix == ".py" or (p / "__init__.py").exists()} - {"settings"}
    assert imported_roots(ROOT / module) & (project | {"streamlit", "sqlalchemy"}) == set()


def test_words_loads_without_the_app():
    """Every layer may say things, so the catalogue must stand on its own: importing it and saying a
    word loads no module of the app, Streamlit or the database."""
    app = ("scoring", "store", "reports", "ui", "webentry", "streamlit", "sqlalchemy")
    code = (
        "import datetime, sys, words\n"
        "words.say('nav.results', 'en'); words.number(1.5, 'vi'); words.date_short(datetime.date.today())\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {app!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
