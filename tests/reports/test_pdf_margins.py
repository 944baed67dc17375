"""Every page of the province's and the agency's PDF, rendered to an image as a printer would, has no ink
outside the margins `reports.pdf` sets (the footer's band in the bottom margin aside)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from reports import assessment_draft as ad
from reports import pdf as layout
from reports.agency import agency_pdf
from reports.data import AgencyReport, ProvinceReport
from reports.province import province_pdf
from scoring.catalog import Catalog

DPI = 60
INK = 200  # a grey level below this is ink; lighter is paper or a wash of colour's faint edge
SLACK_MM = 0.6  # one pixel's worth at DPI: a rule drawn on the margin's line antialiases into it


@dataclass(frozen=True)
class Box:
    """Where ink may be on a page, in pixels: [left, right) × [top, bottom)."""

    left: int
    top: int
    right: int
    bottom: int


def page_box(width_px: int, height_px: int, dpi: int = DPI) -> Box:
    """The margins of `reports.pdf` on a page rendered at `dpi`, the footer's band kept inside."""
    mm = dpi / 25.4
    return Box(left=int((layout.MARGIN_LEFT - SLACK_MM) * mm), top=int((layout.MARGIN_TOP - SLACK_MM) * mm),
               right=width_px - int((layout.MARGIN_RIGHT - SLACK_MM) * mm),
               bottom=height_px - int((layout.FOOTER_TOP - layout.FOOTER_HEIGHT - SLACK_MM) * mm))


def ink_outside(page: Image.Image, dpi: int = DPI) -> list[tuple[int, int]]:
    """The pixels of `page` darker than paper that lie outside its margins."""
    grey = page.convert("L")
    box, levels, width = page_box(grey.width, grey.height, dpi), grey.tobytes(), grey.width
    return [(x, y) for y in range(grey.height) for x in range(width)
            if not (box.left <= x < box.right and box.top <= y < box.bottom) and levels[y * width + x] < INK]


def rendered(data: bytes) -> list[Image.Image]:
    """The PDF's pages as images, drawn by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=120)
        return [Image.open(io.BytesIO(p.read_bytes())) for p in sorted(Path(tmp).glob("page-*.png"))]


def _blank_a4() -> Image.Image:
    mm = DPI / 25.4
    return Image.new("L", (round(210 * mm), round(297 * mm)), 255)


def test_the_checker_sees_ink_in_each_margin_and_none_inside() -> None:
    mm = DPI / 25.4
    inside = _blank_a4()
    ImageDraw.Draw(inside).rectangle([round(23 * mm), round(16 * mm), round(193 * mm), round(280 * mm)], fill=0)
    assert ink_outside(inside) == []
    for x_mm, y_mm in ((10, 100), (200, 100), (100, 5), (100, 294)):
        page = _blank_a4()
        ImageDraw.Draw(page).rectangle([round(x_mm * mm), round(y_mm * mm), round(x_mm * mm) + 2,
                                        round(y_mm * mm) + 2], fill=0)
        assert ink_outside(page), (x_mm, y_mm)


def _check(data: bytes) -> None:
    pages = rendered(data)
    assert pages
    for n, page in enumerate(pages, start=1):
        outside = ink_outside(page)
        assert not outside, f"page {n}: ink outside the margins at {outside[:5]} (px at {DPI} dpi)"
    # the box is the page's, not a looser one: the text reaches within 3 mm of its left margin
    first = pages[0].convert("L")
    box, near = page_box(first.width, first.height), int(3 * DPI / 25.4)
    levels = first.tobytes()
    assert any(levels[y * first.width + x] < INK
               for y in range(box.top, box.bottom) for x in range(box.left, box.left + near))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_province_report_stays_inside_its_margins(province_report: ProvinceReport, catalog: Catalog,
                                                      lang: str) -> None:
    texts = ad.final(ad.draft(province_report, lang), {})
    _check(province_pdf(province_report, lang, texts, catalog.site.letterhead))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_province_figures_alone_stay_inside_their_margins(province_report: ProvinceReport, lang: str) -> None:
    _check(province_pdf(province_report, lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_agency_report_stays_inside_its_margins(agency_report: AgencyReport, lang: str) -> None:
    _check(agency_pdf(agency_report, lang))
