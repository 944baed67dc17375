"""Altair charts shared by the app's pages and the PDF documents: data in, `alt.Chart` out.

The builders return unconfigured charts so a page can still compose or theme them; `to_png` applies the
document look (DejaVu Sans, which has every Vietnamese letter, and no network access) when rendering.
Labels and numbers are formatted in Python, so a chart reads the same in the browser and in a PDF.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from reports.data import COUNTED_STATUSES, AgencyRow
from reports.text import indicator_short, level_label, num, pct, signed, tr
from scoring.engine import Result
from scoring.loader import Questionnaire
from scoring.models import ModelFile
from scoring.plans import PlanFile

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu Sans"
INK = "#1f3b5c"  # bars, the "actual" line
TARGET = "#c2571a"  # the plan's targets
HELD = "#e3a47f"  # a target held after the plan's last yearly one (`hold_after`), told apart
PREVIOUS = "#222222"
# A red-to-green ramp: the five national labels (Yếu … Xuất sắc) take these; another number of levels is
# spread over the same ramp, so the colours follow the YAML, not a hard-coded list of level codes.
RAMP = ("#d7301f", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")

_fonts_lock = threading.Lock()
_fonts_registered = False


def level_colors(model: ModelFile) -> list[str]:
    n = len(model.levels)
    if n == len(RAMP):
        return list(RAMP)

    def mix(a: str, b: str, t: float) -> str:
        ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
        cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))

    out = []
    for k in range(n):
        pos = k * (len(RAMP) - 1) / max(1, n - 1)
        i = min(int(pos), len(RAMP) - 2)
        out.append(mix(RAMP[i], RAMP[i + 1], pos - i))
    return out


def level_scale(model: ModelFile, lang: str) -> alt.Scale:
    return alt.Scale(domain=[lv.label.get(lang) for lv in model.levels], range=level_colors(model))


def level_bands(model: ModelFile, lang: str = "vi") -> pd.DataFrame:
    mins = [lv.min for lv in model.levels]
    ends = [*mins[1:], 100.0]
    return pd.DataFrame({
        "level": [lv.label.get(lang) for lv in model.levels],
        "start": mins,
        "end": ends,
    })


# --- domain indices ------------------------------------------------------------------------------


def domain_frame(qn: Questionnaire, result: Result, lang: str = "vi",
                 previous: Result | None = None) -> pd.DataFrame:
    rows = []
    for order, d in enumerate(qn.domains):
        r = result.domains[d.id]
        prev = previous.domains.get(d.id) if previous is not None else None
        before = prev.index if prev is not None else None
        label_at = _label_at(r.index, before)
        rows.append({
            "order": order,
            "domain": d.file.title.get(lang),
            "index": r.index,
            "text": num(r.index, lang) if r.index is not None else tr("no_index", lang),
            "level": level_label(qn.model, r.level, lang),
            "previous": before,
            "label_at": label_at,
            # near 100 the label would run off the chart: written inside the bar's end, in white
            "inside": r.index is not None and r.index > LABEL_SPAN and label_at > 100 - LABEL_SPAN,
        })
    return pd.DataFrame(rows)


LABEL_SPAN = 9.0  # index points a bar's value label covers after the bar's end (at the chart's width)


def _label_at(index: float | None, previous: float | None) -> float:
    """Where a bar's value label starts: after the bar, or after last year's mark when that mark falls
    where the label would be (else the mark is drawn through "72,2")."""
    at = index or 0.0
    if previous is not None and at - 0.5 <= previous <= at + LABEL_SPAN:
        return max(at, previous)
    return at


def domain_chart(qn: Questionnaire, result: Result, lang: str = "vi", previous: Result | None = None,
                 width: int = 440) -> alt.LayerChart | alt.FacetChart:
    """Each domain's index as a bar over the level bands, so the level is read off the colour behind it."""
    df = domain_frame(qn, result, lang, previous)
    x_scale = alt.Scale(domain=[0, 100], nice=False)
    df["domain"] = df["domain"].map(lambda s: _wrap(s, 30))
    order = list(df["domain"])
    y = alt.Y("domain:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=260, labelFontSize=11, labelExpr="split(datum.label, '|')"))
    bands = alt.Chart(level_bands(qn.model, lang)).mark_rect(opacity=0.4).encode(
        x=alt.X("start:Q", scale=x_scale, title=f"{tr('index', lang)} (0–100)"),
        x2="end:Q",
        color=alt.Color("level:N", scale=level_scale(qn.model, lang), sort=None,
                        legend=alt.Legend(title=tr("level", lang), orient="bottom", direction="horizontal",
                                          labelLimit=0)),
    )
    bars = alt.Chart(df).mark_bar(color=INK, size=16).encode(
        y=y, x=alt.X("index:Q", scale=x_scale),
        tooltip=[alt.Tooltip("domain:N", title=tr("domain", lang)), alt.Tooltip("text:N", title=tr("index", lang)),
                 alt.Tooltip("level:N", title=tr("level", lang))],
    )
    labels = alt.Chart(df).mark_text(align="left", dx=5, fontSize=11, fontWeight="bold", color=INK).encode(
        y=y, x=alt.X("label_at:Q", scale=x_scale), text="text:N",
    ).transform_filter("!datum.inside")
    inside = alt.Chart(df).mark_text(align="right", dx=-5, fontSize=11, fontWeight="bold", color="white").encode(
        y=y, x=alt.X("index:Q", scale=x_scale), text="text:N",
    ).transform_filter("datum.inside")
    layers: list[Any] = [bands, bars, labels, inside]
    if previous is not None and df["previous"].notna().any():
        prev_label = tr("previous", lang)
        ticks = alt.Chart(df.dropna(subset=["previous"]).assign(series=prev_label)).mark_tick(
            thickness=2.5, size=24).encode(
            y=y, x=alt.X("previous:Q", scale=x_scale),
            color=alt.Color("series:N", scale=alt.Scale(domain=[prev_label], range=[PREVIOUS]),
                            legend=alt.Legend(title=None, orient="bottom", symbolType="M0,-1L0,1",
                                              symbolStrokeWidth=3, symbolStrokeColor=PREVIOUS)),
        )
        layers.append(ticks)
    chart = alt.layer(*layers).properties(width=width, height=max(120, 38 * len(df)))
    return chart.resolve_scale(color="independent") if len(layers) > 4 else chart


# --- the plan's indicators over the years -----------------------------------------------------------


def trajectory_frame(plan: PlanFile, series: Mapping[str, Mapping[int, float | None]], lang: str = "vi",
                     indicators: Iterable[str] | None = None) -> pd.DataFrame:
    """Long form: one row per indicator × year × (actual | target), values in percent.

    `series` maps an indicator id to its province value (a fraction) per year. The target series runs
    through the plan's last year (2030), so the road still ahead is visible next to the road travelled.
    """
    ids = list(indicators) if indicators is not None else [i.id for i in plan.indicators]
    actual_label, target_label, held_label = tr("actual", lang), tr("target_series", lang), \
        tr("target_held_series", lang)
    rows = []
    for order, iid in enumerate(ids):
        spec = plan.indicator(iid)
        title = f"{order + 1}. {indicator_short(iid, lang)}"
        for year, value in sorted(series.get(iid, {}).items()):
            if value is not None:
                target = spec.target(int(year))
                # the value's label goes under its point when the year's target point sits above it
                below = target is not None and float(value) < float(target.value)
                rows.append({"indicator": iid, "order": order, "title": title, "year": int(year),
                             "series": actual_label, "value": float(value) * 100, "text": pct(value, lang, 0),
                             "below": below})
        for year in sorted(spec.targets):
            target = spec.target(year)
            if target is not None:
                rows.append({"indicator": iid, "order": order, "title": title, "year": int(year),
                             "series": target_label, "value": float(target.value) * 100,
                             "text": target.label, "below": False})
        # a held target is its own series, drawn on from the year it holds
        held = [spec.hold_after, *spec.held_years()] if spec.held_years() else []
        for year in held:
            target = spec.target(year)
            if target is not None:
                rows.append({"indicator": iid, "order": order, "title": title, "year": int(year),
                             "series": held_label, "value": float(target.value) * 100,
                             "text": f"{target.label} ({tr('held', lang, year=spec.hold_after)})", "below": False})
    return pd.DataFrame(rows, columns=["indicator", "order", "title", "year", "series", "value", "text", "below"])


def _trajectory_layers(df: pd.DataFrame, lang: str, years: list[int]) -> alt.LayerChart | alt.FacetChart:
    actual_label, target_label = tr("actual", lang), tr("target_series", lang)
    held_label = tr("target_held_series", lang)
    series = [actual_label, target_label, held_label]
    color = alt.Color("series:N", scale=alt.Scale(domain=series, range=[INK, TARGET, HELD]),
                      legend=alt.Legend(title=None, orient="bottom"))
    x = alt.X("year:O", scale=alt.Scale(domain=years), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", scale=alt.Scale(domain=[0, 100]), title="%", axis=alt.Axis(tickCount=5))
    base = alt.Chart()
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, color=color,
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[1, 0], [5, 3], [2, 3]]),
                                  legend=None),
    )
    points = base.mark_point(filled=True, size=40).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("year:O", title=tr("year", lang)), alt.Tooltip("series:N", title=tr("series", lang)),
                 alt.Tooltip("text:N", title=tr("value", lang))],
    )
    def labels(dy: int, below: bool) -> alt.Chart:
        return base.mark_text(dy=dy, fontSize=9, color=INK, fontWeight="bold").encode(
            x=x, y=y, text="text:N",
        ).transform_filter((alt.datum.series == actual_label) & (alt.datum.below == below))

    return alt.layer(lines, points, labels(-9, False), labels(12, True))


def _years(df: pd.DataFrame) -> list[int]:
    if df.empty:
        return []
    return list(range(int(df["year"].min()), int(df["year"].max()) + 1))


def trajectory_chart(plan: PlanFile, indicator_id: str, values: Mapping[int, float | None], lang: str = "vi",
                     width: int = 420, height: int = 200) -> alt.LayerChart | alt.FacetChart:
    """One indicator: the province's value per year against the plan's yearly targets."""
    df = trajectory_frame(plan, {indicator_id: values}, lang, [indicator_id])
    title = df["title"].iloc[0] if not df.empty else indicator_short(indicator_id, lang)
    chart = _trajectory_layers(df, lang, _years(df))
    return alt.layer(*chart.layer, data=df).properties(width=width, height=height, title=title)


def trajectories_chart(plan: PlanFile, series: Mapping[str, Mapping[int, float | None]], lang: str = "vi",
                       columns: int = 2, width: int = 230, height: int = 120) -> alt.FacetChart:
    """All eight indicators as small multiples on one shared year axis."""
    df = trajectory_frame(plan, series, lang)
    titles = list(dict.fromkeys(df.sort_values("order")["title"]))
    chart = _trajectory_layers(df, lang, _years(df)).properties(width=width, height=height)
    return alt.layer(*chart.layer, data=df).properties(width=width, height=height).facet(
        facet=alt.Facet("title:N", sort=titles, title=None,
                        header=alt.Header(labelFontSize=11, labelFontWeight="bold", labelLimit=width + 40)),
        columns=columns, spacing={"row": 18, "column": 24},
    )


# --- agencies × domains --------------------------------------------------------------------------------

JUMP = 15.0  # index points, about one level: a self-assessment that moves this much deserves a question


def jumps(row: AgencyRow) -> dict[str, float]:
    """Where the agency's index moved by `JUMP` points or more since last year, per domain (a jump in
    one domain hides in the overall mean) and "overall": the change, by domain id. Only a sent
    assessment is compared: a draft's unanswered domain reads 0 and would flag a fall that is only
    work not done yet."""
    if row.result is None or row.status not in COUNTED_STATUSES:
        return {}
    now = {did: d.index for did, d in row.result.domains.items()} | {"overall": row.result.index}
    before = dict(row.previous_domains or {}) | {"overall": row.previous_index}
    out = {}
    for key, index in now.items():
        prev = before.get(key)
        if index is not None and prev is not None and abs(index - prev) >= JUMP:
            out[key] = round(index - prev, 1)
    return out


def heatmap_frame(qn: Questionnaire, rows: Iterable[AgencyRow], lang: str = "vi") -> pd.DataFrame:
    """One row per agency × domain (and overall); a cell whose index jumped since last year (`jumps`)
    carries ▲ or ▼ and the change."""
    out = []
    # The domains' short names: full titles in columns a cell wide ran into each other
    columns = [(d.id, (d.file.short or d.file.title).get(lang)) for d in qn.domains]
    columns.append(("overall", tr("overall", lang)))
    for row in rows:
        if row.result is None:
            continue
        moved = jumps(row)
        for order, (did, title) in enumerate(columns):
            if did == "overall":
                index, level = row.result.index, row.result.level
            else:
                index, level = row.result.domains[did].index, row.result.domains[did].level
            change = moved.get(did)
            text = num(index, lang) if index is not None else "—"
            out.append({"agency": row.name, "agency_id": row.agency_id, "domain": title, "order": order,
                        "index": index, "text": text if change is None else f"{text} {'▲' if change > 0 else '▼'}",
                        "level": level_label(qn.model, level, lang) if level else tr("no_index", lang),
                        "jump": "" if change is None else tr("jump", lang, change=signed(change, lang))})
    return pd.DataFrame(out, columns=["agency", "agency_id", "domain", "order", "index", "text", "level", "jump"])


def heatmap_chart(qn: Questionnaire, rows: Iterable[AgencyRow], lang: str = "vi",
                  cell_width: int = 84, cell_height: int = 28) -> alt.LayerChart | alt.FacetChart:
    """Agencies down, domains across, each cell coloured by its level: where the province is weak."""
    rows = list(rows)
    df = heatmap_frame(qn, rows, lang)
    domains = list(dict.fromkeys(df.sort_values("order")["domain"])) if not df.empty else []
    agencies = list(dict.fromkeys(df["agency"]))
    wrapped = df.assign(domain=df["domain"].map(lambda s: _wrap(s, 14)),
                        agency=df["agency"].map(lambda s: _wrap(s, 26)))
    agencies = [_wrap(s, 26) for s in agencies]
    y = alt.Y("agency:N", sort=agencies, title=None,
              axis=alt.Axis(labelLimit=200, labelFontSize=10, labelExpr="split(datum.label, '|')"))
    x = alt.X("domain:N", sort=[_wrap(s, 14) for s in domains], title=None,
              axis=alt.Axis(orient="bottom", labelAngle=0, labelLimit=cell_width * 2, labelFontSize=10,
                            labelExpr="split(datum.label, '|')", labelLineHeight=12, labelPadding=4))
    cells = alt.Chart(wrapped).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y,
        color=alt.Color("level:N", scale=level_scale(qn.model, lang), sort=None,
                        legend=alt.Legend(title=tr("level", lang), orient="bottom", direction="horizontal",
                                          labelLimit=0)),
        tooltip=[alt.Tooltip("agency:N", title=tr("agency", lang)), alt.Tooltip("domain:N", title=tr("domain", lang)),
                 alt.Tooltip("text:N", title=tr("index", lang)), alt.Tooltip("level:N", title=tr("level", lang)),
                 alt.Tooltip("jump:N", title=tr("change", lang))],
    )
    # a jump since last year is ringed, so it stands out whatever its level's colour
    ringed = alt.Chart(wrapped).mark_rect(fill=None, stroke=PREVIOUS, strokeWidth=2.5).encode(
        x=x, y=y).transform_filter(alt.datum.jump != "")
    ink = {lv.label.get(lang): ("#ffffff" if _dark(c) else "#111111")
           for lv, c in zip(qn.model.levels, level_colors(qn.model), strict=True)}
    wrapped["ink"] = wrapped["level"].map(lambda lv: ink.get(lv, "#111111"))
    text = alt.Chart(wrapped).mark_text(fontSize=10).encode(
        x=x, y=y, text="text:N", color=alt.Color("ink:N", scale=None, legend=None))
    return alt.layer(cells, ringed, text).properties(width=cell_width * len(domains),
                                             height=cell_height * max(1, len(agencies)))


def _dark(hex_color: str) -> bool:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _wrap(text: str, width: int) -> str:
    """Break a long axis label into lines joined by '|' (split again by the axis's labelExpr).

    Hyphens are break points too: "Information-system" is one word to a space splitter and would run
    into the next column.
    """
    lines: list[str] = []
    for token in re.findall(r"[^\s-]+-?|-", text):
        glue = "" if lines and lines[-1].endswith("-") else " "
        if lines and len(lines[-1]) + len(glue) + len(token) <= width:
            lines[-1] += glue + token
        else:
            lines.append(token)
    return "|".join(lines)


# --- rendering -------------------------------------------------------------------------------------------


def _register_fonts() -> None:
    global _fonts_registered
    with _fonts_lock:
        if not _fonts_registered:
            vlc.register_font_directory(str(FONT_DIR))
            _fonts_registered = True


DOCUMENT_CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": "#bbbbbb"},
    "axis": {"labelColor": "#222222", "titleColor": "#222222", "gridColor": "#e3e3e3"},
    "legend": {"labelFontSize": 10, "symbolSize": 90},
}


def to_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = 2) -> bytes:
    """PNG bytes, rendered offline with the committed DejaVu fonts (never the machine's own fonts)."""
    _register_fonts()
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return vlc.vegalite_to_png(spec, scale=scale, config=DOCUMENT_CONFIG, allowed_base_urls=[])


def to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    _register_fonts()
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return vlc.vegalite_to_svg(spec, config=DOCUMENT_CONFIG, allowed_base_urls=[])
