"""The housekeeping commands speak the language chosen with --lang, Vietnamese unless told, as the
scoring commands do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRESSDX_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**env, "PRESSDX_NEW_PASSWORD": "mat-khau-du-dai-2026"}, check=False)


def test_init_and_create_user_say_it_in_vietnamese_unless_told(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pressdx.db'}"
    vi = _manage("init", "--database-url", url)
    assert vi.returncode == 0, vi.stderr
    assert "Cơ sở dữ liệu sẵn sàng" in vi.stdout and "Chưa có tài khoản quản trị" in vi.stdout
    assert "database ready" not in vi.stdout
    en = _manage("--lang", "en", "create-user", "--role", "admin", "--username", "quantri", "--database-url", url)
    assert en.returncode == 0, en.stderr
    assert "created" in en.stdout and "'quantri'" in en.stdout and "Đã tạo" not in en.stdout
    again = _manage("init", "--database-url", url)
    assert "Chưa có tài khoản quản trị" not in again.stdout
