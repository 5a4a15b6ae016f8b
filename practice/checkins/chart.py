"""Both partners' check-in means over time: the chart as plain data, and a data table.

`chart_geometry` is a pure function that works out where everything goes; the macro
`trust_chart` in templates/checkins/_chart_svg.html turns it into SVG, autoescaped like any
template. The SVG is self-contained (no CSS, no external references, only inline
presentation attributes), so the same markup works on a page and in a PDF. Each partner gets
a colour AND a point shape AND a dash style, so it reads in grayscale too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..clock import local_time
from ..couples.models import Couple
from ..resources import TEMPLATES
from .services import checkins_of

FONT = "DejaVu Sans, Verdana, sans-serif"
STYLES = (  # (colour, dash pattern, marker): blue solid circles, orange dashed squares
    ("#1f5f8b", "", "circle"),
    ("#b4491d", "7 4", "square"),
)
LEFT, RIGHT, TOP, BOTTOM = 52, 30, 44, 50
MAX_X_LABELS = 6
TEMPLATE = "checkins/_chart_svg.html"
# The chart's own Jinja environment, over the app's templates folder: the SVG is drawn the
# same way outside a request (PDFs, tests) as inside one. Autoescaped like the app's.
_jinja = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
)


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


# The drawing as plain data: coordinates in SVG user units, text unescaped. Coordinates the
# drawing rounds to a tenth are floats, whole ones ints (the macro prints them so).
@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Tick:
    mark: Line  # a grid line across the plot (values) or a short mark below it (dates)
    label: Label


@dataclass(frozen=True)
class Axis:
    title: Label
    ticks: tuple[Tick, ...]
    line: Line | None = None  # the value axis has grid lines and no axis line


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    tip: str = ""  # the tooltip: who, when, what


@dataclass(frozen=True)
class Trace:
    """One partner's line, points and legend key, in one style of STYLES."""

    colour: str
    dash: str
    shape: str  # "circle" or "square"
    points: tuple[Marker, ...]
    key_line: Line
    key_marker: Marker
    key_label: Label


@dataclass(frozen=True)
class ChartGeometry:
    width: int
    height: int
    title_id: str
    values: Axis  # 0..10, up the left
    dates: Axis  # along the bottom
    traces: tuple[Trace, ...]
    empty: Label | None  # "No check-ins yet", when there is nothing to draw


@dataclass(frozen=True)
class ChartData:
    series: tuple[Series, ...]
    rows: tuple[Row, ...]  # one per check-in, oldest first

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @cached_property
    def wide(self) -> ChartGeometry:
        return chart_geometry(self.series, 640, 300)

    @cached_property
    def compact(self) -> ChartGeometry:
        """For phones: drawn narrow so its text stays legible instead of being shrunk."""
        return chart_geometry(self.series, 360, 280, title_id="trust-chart-compact-title")


def chart_data(couple: Couple, item: str | None = None) -> ChartData:
    """The mean over time, or one item's score when `item` names one of the measure's."""

    def value(checkin) -> float:
        if item is None:
            return checkin.mean
        return float(checkin.scores.get(item, 0))

    by_partner: dict[int, list] = {p.id: [] for p in couple.partners}
    rows = []
    for checkin in checkins_of(couple):
        if item is not None and item not in checkin.scores:
            continue
        earlier = by_partner[checkin.client_id]
        change = round(value(checkin) - value(earlier[-1]), 1) if earlier else None
        earlier.append(checkin)
        when = local_time(checkin.answered_at)
        rows.append(Row(when, checkin.client.display_name, value(checkin), change, checkin.id))
    series = tuple(
        Series(
            p.display_name,
            tuple(Point(local_time(c.answered_at), value(c)) for c in by_partner[p.id]),
        )
        for p in couple.partners
    )
    return ChartData(series=series, rows=tuple(rows))


def trust_chart_svg(
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
    *,
    title_id: str = "trust-chart-title",
) -> Markup:
    """The chart as SVG markup, for callers outside a template; templates call the macro."""
    macro = _jinja.get_template(TEMPLATE).module.trust_chart
    return Markup(macro(chart_geometry(series, width, height, title_id=title_id)))  # noqa: S704


def chart_geometry(
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
    *,
    title_id: str = "trust-chart-title",
) -> ChartGeometry:
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

    values = Axis(
        title=Label(14, TOP + plot_h / 2, "Mean score (0\u201310)"),
        ticks=tuple(
            Tick(Line(LEFT, y_of(n), LEFT + plot_w, y_of(n)), Label(LEFT - 8, y_of(n) + 4, str(n)))
            for n in range(0, 11, 2)
        ),
    )
    traces = tuple(
        _trace(index, one, [(x_of(p.when), y_of(p.value)) for p in one.points])
        for index, one in enumerate(series)
    )
    empty = None if times else Label(width / 2, TOP + plot_h / 2, "No check-ins yet")
    dates = _date_axis(times, x_of, float(TOP + plot_h), width)
    return ChartGeometry(width, height, title_id, values, dates, traces, empty)


def _short_date(when: datetime, with_year: bool) -> str:
    return f"{when:%b} {when.day}" + (f", {when.year}" if with_year else "")


def _date_axis(times: list[datetime], x_of, baseline: float, width: int) -> Axis:
    days = sorted({t.date(): t for t in times}.values())
    room = max(2, min(MAX_X_LABELS, (width - LEFT - RIGHT) // 80))
    if len(days) > room:  # spread the labels evenly over the dates there are
        step = (len(days) - 1) / (room - 1)
        days = [days[round(i * step)] for i in range(room)]
    with_year = len({t.year for t in times}) > 1
    ticks = tuple(
        Tick(
            Line(x_of(when), baseline, x_of(when), baseline + 5),
            Label(x_of(when), baseline + 19, _short_date(when, with_year)),
        )
        for when in days
    )
    return Axis(
        title=Label(LEFT + (width - LEFT - RIGHT) / 2, baseline + 40, "Date answered"),
        ticks=ticks,
        line=Line(LEFT, baseline, width - RIGHT, baseline),
    )


def _trace(index: int, one: Series, coords: list[tuple[float, float]]) -> Trace:
    colour, dash, shape = STYLES[index % len(STYLES)]
    points = tuple(
        Marker(x, y, f"{one.label}, {_short_date(point.when, True)}: {point.value:g}")
        for point, (x, y) in zip(one.points, coords, strict=True)
    )
    x, y = LEFT + index * 190, 18  # the legend key, above the plot
    return Trace(
        colour,
        dash,
        shape,
        points,
        key_line=Line(x, y, x + 34, y),
        key_marker=Marker(float(x + 17), float(y)),
        key_label=Label(x + 42, y + 4, one.label),
    )
