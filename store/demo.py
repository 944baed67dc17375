"""The demo accounts, as data: the demo seeding creates them and the sign-in page lists them when
PRESSDX_DEMO=1. One leader account per agency of the sample province (named after the agency's id),
plus the department and the administrator. The password is public on purpose; these accounts must
never exist outside a demo database."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scoring.yamlsafe import YamlProblem, load_path

# The demo's current year, agency by agency, so every role's first screen has something to do: the
# department finds submissions on time and late, one returned with its comment and one not started
# (return, what-if and the report can all be tried at once); a leader of Báo điện tử Cửu Long lands on
# a draft half done, with last year's submission there to copy; Báo Vĩnh Long's draft holds last
# year's answers, ready to check and send. An agency not named here has not started.
STORY: dict[str, str] = {
    "bao-dien-tu-cuu-long": "half_done",
    "bao-vinh-long": "copied",
    "dai-pttv-vinh-long": "returned",
    "tap-chi-kinh-te-phat-trien-cuu-long": "late",
    "tap-chi-van-nghe-cuu-long": "on_time",
    "trung-tam-truyen-thong-da-phuong-tien": "on_time",
}
RETURN_COMMENT = ("Đề nghị bổ sung minh chứng cho các câu về an toàn thông tin (văn bản phê duyệt hồ sơ cấp độ) "
                  "và cập nhật số người được đào tạo trong năm.")
DEADLINE_PASSED_DAYS = 3  # the year's deadline, this many days before the demo is seeded

DEMO_PASSWORD = "demo-pressdx-2026"  # noqa: S105 (public demo password, shown on the demo sign-in page)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    role: str  # agency | reviewer | admin
    agency_id: str | None
    label_vi: str
    label_en: str


def _example_agencies(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(root.glob("*/*.yaml")):
        try:
            doc = load_path(path)
        except YamlProblem:
            continue
        agency = doc.get("agency") if isinstance(doc, dict) else None
        if isinstance(agency, dict) and isinstance(agency.get("id"), str):
            found[agency["id"]] = str(agency.get("name") or agency["id"])
    return found


@lru_cache(maxsize=1)
def demo_accounts(root: Path = EXAMPLES) -> tuple[DemoAccount, ...]:
    """Admin first, then the department, then one leader account per example agency."""
    accounts = [
        DemoAccount("admin", DEMO_PASSWORD, "admin", None, "Quản trị hệ thống", "System administrator"),
        DemoAccount("sovhttdl", DEMO_PASSWORD, "reviewer", None, "Sở (cơ quan quản lý báo chí)",
                    "Provincial department"),
    ]
    for agency_id, name in sorted(_example_agencies(root).items()):
        accounts.append(DemoAccount(agency_id, DEMO_PASSWORD, "agency", agency_id, name, name))
    return tuple(accounts)
