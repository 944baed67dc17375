"""Passwords are stored as argon2id hashes, and no secret lives in the repository: Streamlit's cookie
secret and the OpenID Connect client secret come from the environment or .streamlit/secrets.toml,
which git ignores."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from store import passwords
from store.models import User
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_hasher_is_argon2id_with_real_costs():
    hasher = passwords.HASHER  # as the store uses it (this test does not ask for the fast test hasher)
    assert hasher.hash("mat-khau-thu-nghiem").startswith("$argon2id$")
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2  # at least OWASP's argon2id minimum


def test_stored_password_hashes_are_argon2id(store_world: World):
    with Session(store_world.engine) as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(store_world.password not in h for h in hashes)


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / p for p in out.decode().split("\0") if p]


SECRET_SETTING = re.compile(r"""(?im)^\s*(cookieSecret|cookie_secret|client_secret)\s*=\s*["']?[^"'\s#]{8,}""")


def test_no_secret_is_tracked_by_git():
    files = tracked_files()
    names = {p.relative_to(ROOT).as_posix() for p in files}
    assert ".streamlit/secrets.toml" not in names
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().split()
    leaks = []
    for path in files:
        if path.suffix in (".toml", ".py", ".yaml", ".yml", ".cfg", ".ini", ".env", ".sh") and path.is_file():
            text = path.read_text(errors="replace")
            leaks += [f"{path.relative_to(ROOT)}: {m.group(1)}" for m in SECRET_SETTING.finditer(text)]
    assert leaks == []
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert not re.search(r"(?m)^\s*cookieSecret", config)
