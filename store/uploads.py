"""What an evidence upload may be.

The type is decided from both the extension and the file's first bytes, never from the browser's
declared MIME type, which the sender controls. Office files are ZIP archives: only the archive's
directory is read to tell a .docx from a renamed .zip, nothing is decompressed.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable

import settings
from store.errors import InvalidInput

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def _zip_with(member: str) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return False
        return member in names and "[Content_Types].xml" in names

    return check


_TYPES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "pdf": ("application/pdf", lambda d: d.startswith(b"%PDF-")),
    "png": ("image/png", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/document.xml"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/workbook.xml"),
    ),
}
ALLOWED_EXTENSIONS = tuple(_TYPES)


def max_upload_bytes() -> int:
    """From env PRESSDX_MAX_UPLOAD_MB (default 5, a fraction allowed). The evidence uploader is given
    the same limit, rounded up to whole megabytes (Streamlit's unit), so its own hint agrees with the
    page; the store refuses what lies between, and says why."""
    return int(settings.current().max_upload_mb * 1024 * 1024)


def max_upload_megabytes() -> float:
    return max_upload_bytes() / 1024 / 1024


def max_upload_text(lang: str) -> str:
    """The limit in MB as a reader writes it: 5, or 0,5 in Vietnamese and 0.5 in English."""
    mb = f"{max_upload_megabytes():g}"
    return mb.replace(".", ",") if lang == "vi" else mb


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """Return (safe file name, MIME type) for an acceptable upload, else raise InvalidInput."""
    limit = max_upload_bytes()
    if not data:
        raise InvalidInput("empty_file")
    if len(data) > limit:
        raise InvalidInput("file_too_large", mb=max_upload_megabytes())
    name = safe_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = _TYPES.get(extension)
    if kind is None:
        raise InvalidInput("file_type")
    mime, looks_right = kind
    if not looks_right(data):
        raise InvalidInput("file_content", extension=extension)
    return name, mime


def _visible(text: str) -> str:
    """Without Unicode format characters (category Cf): the bidi controls U+202A–U+202E, U+2066–U+2069,
    U+200E/F and U+061C, zero-width spaces and joiners, the byte-order mark. They draw nothing and can
    only disguise a name: 'hoa-don\u202egpj.pdf' is shown as 'hoa-donfdp.jpg'."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def safe_filename(filename: str) -> str:
    """The last path component, without control, format or path characters, at most 200 characters
    with the extension kept: the name is shown and offered back on download."""
    base = re.split(r"[\\/]", _visible(unicodedata.normalize("NFC", filename or "")))[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:200]
    return base or "tep"
