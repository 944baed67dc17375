"""Every text a page shows comes from the message catalogue (tests/test_words.py checks the catalogue
itself): keys built from data all exist, and no message is left that nothing uses."""

from __future__ import annotations

import re
from pathlib import Path

from store.access import Role
from tests.test_words import BUILT, called_ids
from tests.ui.test_error_words import raised_codes
from ui.i18n import known, msgids, t

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ("ui", "reports", "store", "scoring", "webentry", "words")
SOURCES = [*(p for d in APP_DIRS for p in sorted((ROOT / d).rglob("*")) if p.suffix in (".py", ".html")),
           ROOT / "app.py", ROOT / "asgi.py", ROOT / "manage.py"]
# a document's words (`doc.*`) are called by their short key (reports/text.py `tr`), and some by data
NOT_BY_NAME = ("doc.", "indicator_short.")
DYNAMIC = {  # keys built from data: every value the data can take must have a message
    "role.": [r.value for r in Role],
    "kind.": ["newspaper", "radio_tv", "magazine", "multimedia"],
    "media.": ["print", "online", "radio", "tv"],
    "province.status_": ["submitted", "draft", "returned", "not_started"],
    "status.": ["counted", "unanswered", "hidden", "missing_evidence", "na", "not_applicable"],
    "audit.": ["auth.login", "export.province_pdf"],  # all that the store records: tests/ui/test_audit_page.py
    "not_for_role.": ["agency", "department", "admin", "other"],
    "error.": sorted(raised_codes()),  # a store refusal's words (ui/errors.py): tests/ui/test_error_words.py
    # an audit event's details (ui/audit_text.py): every key the store records, and the coded values
    "audit_detail.": ["year", "open", "deadline", "name", "kind", "media_types", "comment", "from", "reason",
                      "reason_unknown_user", "reason_inactive", "reason_bad_password", "from_year", "answers",
                      "questionnaire_version", "questionnaire_hash", "row_version", "file_id", "filename", "size",
                      "declared_mime", "counts", "replaced", "display_name", "role", "agency_id", "block_kind",
                      "username", "client", "unconfirmed", "agencies_recorded", "record_dropped"],
}


def used_keys() -> set[str]:
    """Every string literal shaped like a message key, in either quote (f-strings included), and every
    message a call names by a short code (tests/test_words.py)."""
    keys = set(BUILT)
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""["']([a-z_]+\.[a-z0-9_.]+)["']""", text)) | called_ids(text)
    return keys


def test_every_key_built_from_data_exists():
    for prefix, values in DYNAMIC.items():
        assert all(known(f"{prefix}{v}") for v in values), prefix


def test_no_unused_messages():
    used = used_keys()
    prefixes = (*DYNAMIC, *NOT_BY_NAME)
    unused = sorted(k for k in msgids() if k not in used and not k.startswith(prefixes))
    assert not unused, f"messages nothing uses: {unused}"


def test_unknown_key_shows_itself():
    assert t("no.such.key", "vi") == "⟨no.such.key⟩"
