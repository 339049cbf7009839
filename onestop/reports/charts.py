"""Charts drawn on the server as SVG: no script, no CDN, readable on screen and on paper.

Each chart is an accessible image (role="img", <title> and <desc> naming every value), drawn
in dark strokes with printed values, so a black-and-white printout still reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 44
INK = "#1f2d3d"
BAR = "#3b6ea5"
GRID = "#c8ced6"


def _frame(chart_id: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    # Every piece of text inside went through escape(); the rest is numbers we formatted.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="Liberation Serif, Times New Roman, serif" font-size="12">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _label(x: float, y: float, text: str, anchor: str = "middle", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}">{escape(text)}</text>'
    )


def rate_trend(chart_id: str, title: str, points: Sequence[tuple[str, float | None]]) -> Markup:
    """A line of percentages (0-100) over labelled points; gaps where there is no value."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    body = []
    for pct in (0, 50, 100):
        y = TOP + plot_h * (1 - pct / 100)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_label(LEFT - 6, y + 4, f"{pct}%", "end", 11))
    step = plot_w / max(len(points), 1)
    coords: list[tuple[float, float, float]] = []
    for i, (name, value) in enumerate(points):
        x = LEFT + step * (i + 0.5)
        body.append(_label(x, HEIGHT - BOTTOM + 16, name, size=11))
        if value is not None:
            coords.append((x, TOP + plot_h * (1 - value / 100), value))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="2"/>')
    for x, y, value in coords:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"/>')
        body.append(_label(x, y - 8, f"{value:.1f}".replace(".", ","), size=11))
    desc = "; ".join(
        f"{name}: {'-' if value is None else f'{value:.1f} %'}" for name, value in points
    )
    return _frame(chart_id, title, desc, body)


def volume_bars(chart_id: str, title: str, items: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars, one per named group, each with its number printed at its end."""
    rows = max(len(items), 1)
    height = TOP + BOTTOM // 2 + rows * 26
    biggest = max((n for _, n in items), default=0) or 1
    label_w = 230
    plot_w = WIDTH - label_w - RIGHT - 50
    body = []
    for i, (name, n) in enumerate(items):
        y = TOP + i * 26
        shown = name if len(name) <= 38 else name[:37] + "…"
        body.append(_label(label_w - 8, y + 14, shown, "end"))
        w = plot_w * n / biggest
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" fill="{BAR}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        body.append(_label(label_w + w + 6, y + 15, f"{n:,}".replace(",", "."), "start"))
    desc = "; ".join(f"{name}: {n}" for name, n in items)
    return _frame(chart_id, title, desc, body, height)
