"""Both partners' check-in means over time, as a self-contained SVG and a data table.

`trust_chart_svg` is a pure function: no request, no CSS, no external references, only
inline presentation attributes, so the same markup works on a page and in a PDF. Each
partner gets a colour AND a point shape AND a dash style, so it reads in grayscale too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from markupsafe import Markup, escape

from ..clock import local_time
from ..couples.models import Couple
from .services import checkins_of

FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
INK, GRID, MUTED = "#1f2a30", "#d9e0e3", "#4c5a62"
STYLES = (  # (colour, dash pattern, marker): blue solid circles, orange dashed squares
    ("#1f5f8b", "", "circle"),
    ("#b4491d", "7 4", "square"),
)
LEFT, RIGHT, TOP, BOTTOM = 52, 30, 44, 50
MAX_X_LABELS = 6


@dataclass(frozen=True)
class Point:
    when: datetime  # already in the zone the dates should be read in
    value: float  # 0..10


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Row:
    when: datetime
    partner: str
    mean: float
    change: float | None
    checkin_id: int


@dataclass(frozen=True)
class ChartData:
    series: tuple[Series, ...]
    rows: tuple[Row, ...]  # one per check-in, oldest first

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @cached_property
    def svg(self) -> Markup:
        return trust_chart_svg(self.series, 640, 300)

    @cached_property
    def svg_compact(self) -> Markup:
        """For phones: drawn narrow so its text stays legible instead of being shrunk."""
        return trust_chart_svg(self.series, 360, 280, title_id="trust-chart-compact-title")


def chart_data(couple: Couple) -> ChartData:
    by_partner: dict[int, list] = {p.id: [] for p in couple.partners}
    rows = []
    for checkin in checkins_of(couple):
        earlier = by_partner[checkin.client_id]
        change = round(checkin.mean - earlier[-1].mean, 1) if earlier else None
        earlier.append(checkin)
        when = local_time(checkin.answered_at)
        rows.append(Row(when, checkin.client.display_name, checkin.mean, change, checkin.id))
    series = tuple(
        Series(
            p.display_name,
            tuple(Point(local_time(c.answered_at), c.mean) for c in by_partner[p.id]),
        )
        for p in couple.partners
    )
    return ChartData(series=series, rows=tuple(rows))


def _short_date(when: datetime, with_year: bool) -> str:
    return f"{when:%b} {when.day}" + (f", {when.year}" if with_year else "")


def _marker(shape: str, x: float, y: float, colour: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    if shape == "circle":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="1.5">{title}</circle>'
        )
    return (
        f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="2.5">{title}</rect>'
    )


def trust_chart_svg(
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
    *,
    title_id: str = "trust-chart-title",
) -> Markup:
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    # Seconds since the epoch, not wall-clock differences: between two times in one zone
    # Python subtracts wall clocks, an hour out across a clock change.
    times = sorted((p.when for s in series for p in s.points), key=datetime.timestamp)
    first = times[0].timestamp() if times else 0.0
    span = times[-1].timestamp() - first if times else 0.0

    def x_of(when: datetime) -> float:
        if not span:
            return LEFT + plot_w / 2
        return LEFT + (when.timestamp() - first) / span * plot_w

    def y_of(value: float) -> float:
        return TOP + (10 - value) / 10 * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id}">',
        f'<title id="{title_id}">Trust check-ins over time: each partner\'s mean '
        "score from 0 to 10. The table beside the chart lists every value.</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for tick in range(0, 11, 2):
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{MUTED}" {FONT}>{tick}</text>'
        )
    parts.append(
        f'<text transform="rotate(-90 14 {TOP + plot_h / 2:.1f})" x="14" '
        f'y="{TOP + plot_h / 2:.1f}" text-anchor="middle" font-size="12" fill="{INK}" '
        f"{FONT}>Mean score (0\u201310)</text>"
    )
    parts.extend(_x_axis(times, x_of, TOP + plot_h, width))
    for index, one in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        coords = [(x_of(p.when), y_of(p.value)) for p in one.points]
        if len(coords) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{joined}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
            )
        for point, (x, y) in zip(one.points, coords, strict=True):
            tip = f"{one.label}, {_short_date(point.when, True)}: {point.value:g}"
            parts.append(_marker(shape, x, y, colour, tip))
        parts.append(_legend_entry(index, one.label, colour, dash, shape))
    if not times:
        parts.append(
            f'<text x="{width / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
            f'font-size="14" fill="{MUTED}" {FONT}>No check-ins yet</text>'
        )
    parts.append("</svg>")
    # Safe: the only text from outside (names, dates) went through escape() above; the rest
    # is our own literals and formatted numbers.
    return Markup("".join(parts))  # noqa: S704


def _x_axis(times: list[datetime], x_of, baseline: float, width: int) -> list[str]:
    parts = [
        f'<line x1="{LEFT}" y1="{baseline:.1f}" x2="{width - RIGHT}" y2="{baseline:.1f}" '
        f'stroke="{MUTED}" stroke-width="1"/>',
        f'<text x="{LEFT + (width - LEFT - RIGHT) / 2:.1f}" y="{baseline + 40:.1f}" '
        f'text-anchor="middle" font-size="12" fill="{INK}" {FONT}>Date answered</text>',
    ]
    days = sorted({t.date(): t for t in times}.values())
    room = max(2, min(MAX_X_LABELS, (width - LEFT - RIGHT) // 80))
    if len(days) > room:  # spread the labels evenly over the dates there are
        step = (len(days) - 1) / (room - 1)
        days = [days[round(i * step)] for i in range(room)]
    with_year = len({t.year for t in times}) > 1
    for when in days:
        x = x_of(when)
        parts.append(
            f'<line x1="{x:.1f}" y1="{baseline:.1f}" x2="{x:.1f}" y2="{baseline + 5:.1f}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{baseline + 19:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}" {FONT}>{escape(_short_date(when, with_year))}</text>'
        )
    return parts


def _legend_entry(index: int, label: str, colour: str, dash: str, shape: str) -> str:
    x, y = LEFT + index * 190, 18
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x}" y1="{y}" x2="{x + 34}" y2="{y}" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attr}/>'
        + _marker(shape, x + 17, y, colour)
        + f'<text x="{x + 42}" y="{y + 4}" font-size="12" fill="{INK}" {FONT}>'
        f"{escape(label)}</text>"
    )
