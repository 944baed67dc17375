"""Imports go one way: ui → reports → store → scoring; webentry (the web entry's middleware) reads the
store only. A reader knows from a file's folder what it may touch; these tests keep it true."""

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


def test_only_the_ui_imports_streamlit():
    allowed = {"app.py", "asgi.py"}
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "ui", "bench"} or str(rel) in allowed:
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
