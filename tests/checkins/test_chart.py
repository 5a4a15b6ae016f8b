"""The trust chart: both partners over time as self-contained SVG, plus a data table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from practice.checkins.chart import BOTTOM, LEFT, TOP, Point, Series, chart_data, trust_chart_svg
from practice.extensions import db
from practice.models import Couple

from ..notes.records import add_checkin

SVG = "{http://www.w3.org/2000/svg}"


def when(day: int) -> datetime:
    return datetime(2026, 3, day, 12, tzinfo=UTC)


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314  (our own output, not untrusted input)


def test_values_become_points_on_a_0_to_10_scale():
    series = [
        Series("Jordan", (Point(when(1), 10.0), Point(when(8), 5.0), Point(when(15), 0.0))),
        Series("Sam", (Point(when(1), 6.5), Point(when(15), 7.0))),
    ]
    root = parse(trust_chart_svg(series, 640, 300))
    plot_h, plot_w = 300 - TOP - BOTTOM, 640 - LEFT - 30
    first, second = root.findall(f"{SVG}polyline")
    coords = [tuple(map(float, p.split(","))) for p in first.get("points").split()]
    assert coords == [
        (LEFT, TOP),
        (LEFT + plot_w / 2, TOP + plot_h / 2),
        (LEFT + plot_w, TOP + plot_h),
    ]
    # Two partners told apart without colour: a dashed line and square points.
    assert first.get("stroke") != second.get("stroke")
    assert first.get("stroke-dasharray") is None and second.get("stroke-dasharray") == "7 4"
    circles = [c for c in root.findall(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    squares = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(circles) == 3 and len(squares) == 2
    assert [c.find(f"{SVG}title").text for c in circles][1] == "Jordan, Mar 8, 2026: 5"
    assert float(squares[0].get("y")) + 4.5 == TOP + (10 - 6.5) / 10 * plot_h


def test_points_are_spaced_by_time_passed_across_a_clock_change():
    new_york = ZoneInfo("America/New_York")
    # Noon to noon across the spring change is 23 hours, then 24.
    noons = [datetime(2026, 3, day, 12, tzinfo=new_york) for day in (7, 8, 9)]
    root = parse(trust_chart_svg([Series("Jordan", tuple(Point(t, 5.0) for t in noons))]))
    line = root.find(f"{SVG}polyline").get("points").split()
    xs = [float(point.split(",")[0]) for point in line]
    assert round((xs[1] - xs[0]) / (xs[2] - xs[0]), 3) == round(23 / 47, 3)


def test_axes_dates_and_labels_are_present_and_self_contained():
    series = [Series("A", (Point(when(1), 4.0), Point(when(8), 6.0))), Series("B", ())]
    markup = str(trust_chart_svg(series, 640, 300))
    texts = [t.text for t in parse(markup).iter(f"{SVG}text")]
    assert "Mean score (0\u201310)" in texts and "Date answered" in texts
    assert {"0", "2", "4", "6", "8", "10"} <= set(texts)
    assert "Mar 1" in texts and "Mar 8" in texts and "A" in texts and "B" in texts
    assert "class=" not in markup and "style=" not in markup
    assert "href" not in markup and "url(" not in markup


def test_names_are_escaped():
    series = [Series('<script>alert(1)</script>"', (Point(when(1), 5.0),)), Series("B", ())]
    markup = str(trust_chart_svg(series, 640, 300))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(markup)  # still well-formed


def test_an_empty_chart_says_so():
    root = parse(trust_chart_svg([Series("A", ()), Series("B", ())], 640, 300))
    assert "No check-ins yet" in [t.text for t in root.iter(f"{SVG}text")]


def test_chart_data_for_a_couple(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    first, second = (p.id for p in couple.partners)
    add_checkin(app, first, 8, days_ago=14)
    add_checkin(app, second, 6, days_ago=13)
    add_checkin(app, first, 4, days_ago=7)
    with app.app_context():
        chart = chart_data(db.session.get(Couple, couple.id))
        assert [s.label for s in chart.series] == ["Alex", "Riley"]
        assert [p.value for p in chart.series[0].points] == [8.0, 4.0]
        assert [p.value for p in chart.series[1].points] == [6.0]
        assert [(r.partner, r.mean, r.change) for r in chart.rows] == [
            ("Alex", 8.0, None),
            ("Riley", 6.0, None),
            ("Alex", 4.0, -4.0),
        ]
        assert chart.series[0].points[0].when.tzinfo.key == "America/New_York"
    page = signed_in.get(f"/cases/{couple.id}/check-ins")
    body = page.get_data(as_text=True)
    assert "<svg" in body and "<caption>Check-in scores, oldest first</caption>" in body
    assert body.count("<tr>") == 4  # the head row and three check-ins
    assert '<strong class="drop">-4</strong>' in body
