"""Hostile and malformed answers files, shared by the parser's tests (tests/scoring) and the import
page's tests (tests/ui): each is refused with a clear message and changes nothing.

`HOSTILE_FILES`: name → (file content as bytes, a fragment the refusal must contain). The content
imitates a real file of agency `bao-a` for 2025 except for the one thing that is wrong."""

from __future__ import annotations

HEAD = "agency: {id: bao-a, name: Báo A}\nyear: 2025\nanswers:\n"


def _file(answers: str, head: str = HEAD) -> bytes:
    return (head + answers).encode("utf-8")


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
)

HALF_A_MILLION = 495_000  # 990 KB: under the import page's 1 MB, and 24 s of CPU to refuse when built whole

HOSTILE_FILES: dict[str, tuple[bytes, str]] = {
    # YAML itself
    "syntax error": (_file("  agency_type: [newspaper\n  staff_total: 3\n"), "line"),
    "tab indentation": (_file("\tagency_type: newspaper\n"), "line"),
    "not a mapping": (b"- just\n- a list\n", "agency, year and answers"),
    "empty file": (b"", "agency, year and answers"),
    "billion laughs": (BILLION_LAUGHS.encode(), "anchors"),
    "alias into answers": (_file("  agency_type: &x newspaper\n  outlets: *x\n"), "anchors"),
    "python object tag": (_file('  outlets: !!python/object/apply:os.system ["touch /tmp/pwned"]\n'), "tag"),
    "python name tag": (_file("  outlets: !!python/name:os.system\n"), "tag"),
    "unknown local tag": (_file("  outlets: !include /etc/passwd\n"), "tag"),
    "binary tag": (_file("  outlets: !!binary aGVsbG8=\n"), "binary"),
    "set tag": (_file("  media_types: !!set {print, online}\n"), "set"),
    "deep nesting": (_file("  outlets: " + "[" * 5000 + "]" * 5000 + "\n"), "nested"),
    "duplicate question": (_file("  agency_type: newspaper\n  agency_type: magazine\n"), "twice"),
    "huge integer": (_file("  staff_total: 1" + "0" * 5000 + "\n"), "too long"),
    "half a million list items": (_file("  media_types: [" + ",".join(["a"] * HALF_A_MILLION) + "]\n"),
                                  "more than 10000 values"),
    # the file's frame
    "agency not a mapping": (_file("", head="agency: bao-a\nyear: 2025\nanswers:\n"), "agency"),
    "agency id with path characters": (_file("", head="agency: {id: ../../etc, name: X}\nyear: 2025\n"), "agency"),
    "year as text": (_file("", head="agency: {id: bao-a, name: A}\nyear: 'năm nay'\n"), "year"),
    "year out of range": (_file("", head="agency: {id: bao-a, name: A}\nyear: 99999\n"), "year"),
    "unknown top-level key": (_file("", head="agency: {id: bao-a, name: A}\nyear: 2025\nscript: x\n"), "script"),
    "answers as a list": (_file("  - agency_type\n"), "answers"),
    # answers
    "unknown question id": (_file("  drop_table_answers: 1\n"), "unknown question"),
    "sql in a question id": (_file("  \"agency_type'; DROP TABLE answers; --\": newspaper\n"), "unknown question"),
    "unknown option": (_file("  agency_type: tabloid\n"), "tabloid"),
    "number as text": (_file("  staff_total: mười\n"), "number"),
    "negative number": (_file("  staff_total: -5\n"), "minimum"),
    "number above the maximum": (_file("  cp_domestic_platforms: 51\n"), "maximum"),
    "percent code out of range": (_file("  cp_digital_share: 150\n"), "cp_digital_share"),
    "not a number": (_file("  staff_total: .nan\n"), "out of range"),
    "infinity": (_file("  staff_total: .inf\n"), "out of range"),
    "boolean for a number": (_file("  staff_total: true\n"), "number"),
    "list for a single choice": (_file("  agency_type: [newspaper]\n"), "agency_type"),
    "text for a multi choice": (_file("  media_types: print\n"), "list"),
    "mapping for a text": (_file("  outlets: {a: 1}\n"), "outlets"),
    "oversized text": (_file("  outlets: '" + "x" * 6000 + "'\n"), "too long"),
    "oversized evidence note": (_file("  cp_digital_share: {value: p100, evidence: '" + "y" * 3000 + "'}\n"),
                                "too long"),
    "script link as evidence": (_file("  cp_digital_share: {value: p100, evidence: {link: 'javascript:alert(1)'}}\n"),
                                "http"),
    "unknown answer field": (_file("  agency_type: {value: newspaper, onload: x}\n"), "onload"),
    "N/A without a reason": (_file("  agency_type: {na_reason: ''}\n"), "agency_type"),
    "more trained than staff": (_file("  staff_total: 10\n  staff_trained: 50\n"), "staff_trained"),
}

# Accepted, and stored and shown exactly as written: markup and SQL are only text.
HARMLESS_TEXT = {
    "html and script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "markdown link and image": "[bấm vào](https://evil.example) ![](https://evil.example/p.png)",
    "sql metacharacters": "Robert'); DROP TABLE answers; -- \" ; \\ %_",
    "formula prefix": "=HYPERLINK(\"https://evil.example\",\"x\")",
}
