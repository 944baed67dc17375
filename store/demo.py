"""The demo accounts, as data: the demo seeding creates them and the sign-in page lists them when
PRESSDX_DEMO=1. The password is public on purpose; these accounts must never exist outside a demo
database."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-pressdx-2026"  # noqa: S105 (public demo password, shown on the demo sign-in page)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    role: str  # agency | reviewer | admin
    agency_id: str | None
    label_vi: str
    label_en: str


_ACCOUNTS = (
    DemoAccount("admin", DEMO_PASSWORD, "admin", None, "Quản trị hệ thống", "System administrator"),
    DemoAccount("sotttt", DEMO_PASSWORD, "reviewer", None, "Sở (cơ quan quản lý báo chí)", "Provincial department"),
    DemoAccount("bvl", DEMO_PASSWORD, "agency", "bao-vinh-long", "Báo Vĩnh Long", "Vinh Long Newspaper"),
    DemoAccount(
        "ptthvl",
        DEMO_PASSWORD,
        "agency",
        "dai-ptth-vinh-long",
        "Đài Phát thanh và Truyền hình Vĩnh Long",
        "Vinh Long Radio and Television",
    ),
    DemoAccount(
        "tcvncl",
        DEMO_PASSWORD,
        "agency",
        "tap-chi-van-nghe-cuu-long",
        "Tạp chí Văn nghệ Cửu Long",
        "Cuu Long Arts and Letters Magazine",
    ),
)


def demo_accounts() -> tuple[DemoAccount, ...]:
    """Admin first, then the department, then one leader account per example agency."""
    return _ACCOUNTS
