"""Template filters and globals: times in the practice's zone, answers as text."""

from __future__ import annotations

from flask import Flask, current_app

from .clock import format_date, format_datetime, format_time, long_date, practice_today, saved_when
from .library.answers import answer_text
from .library.reading_text import reading_blocks


def register_filters(app: Flask) -> None:
    app.add_template_global(answer_text)
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(long_date)
    app.add_template_filter(saved_when)
    app.add_template_filter(reading_blocks)

    @app.context_processor
    def practice_globals() -> dict:
        return {
            "practice_name": current_app.config["PRACTICE_NAME"],
            "crisis_lines": current_app.config["CRISIS_LINES"],
            "today": practice_today(),
        }
