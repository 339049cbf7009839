"""Show UTC instants in the office's zone (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app


def local_zone() -> ZoneInfo:
    """Return the zone instants are shown in."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def to_local(value: datetime | None) -> datetime | None:
    """Convert an aware instant to the office's zone."""
    return None if value is None else value.astimezone(local_zone())


def format_datetime(value: datetime | None, pattern: str = "%H:%M %d/%m/%Y") -> str:
    """Format an instant as office-local time, the way Vietnamese forms write it."""
    local = to_local(value)
    return "" if local is None else local.strftime(pattern)


def format_date(value: datetime | None) -> str:
    """Format an instant's office-local date as dd/mm/yyyy."""
    return format_datetime(value, "%d/%m/%Y")


def init_app(app: Flask) -> None:
    """Register the Jinja filters."""
    app.jinja_env.filters["localdt"] = format_datetime
    app.jinja_env.filters["localdate"] = format_date
