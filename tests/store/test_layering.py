"""store/ must stay usable without streamlit: by manage.py, the reports and these tests."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import store

ROOT = Path(__file__).resolve().parents[2]


def test_no_store_module_imports_streamlit() -> None:
    modules = [f"store.{m.name}" for m in pkgutil.iter_modules(store.__path__)]
    assert {"store.accounts", "store.sessions"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"store imports streamlit: {result.stdout.strip()}"
