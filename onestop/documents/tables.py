"""Ruled tables shared by the forms."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from onestop.documents.fonts import REGULAR
from onestop.documents.layout import CELL, CELL_CENTER, CELL_HEAD, esc, p


def count(n: int) -> str:
    """Print a paper count the way forms do: '01', '12', and '-' for none."""
    return f"{n:02d}" if n > 0 else "-"


def ruled_table(
    header: Sequence[str | Flowable],
    rows: Sequence[Sequence[str | Flowable]],
    col_widths: Sequence[float],
    centred: Sequence[int] = (),
    head_style: ParagraphStyle = CELL_HEAD,
    cell_style: ParagraphStyle = CELL,
    centre_style: ParagraphStyle = CELL_CENTER,
    repeat_rows: int = 1,
    extra_header_rows: Sequence[Sequence[str]] = (),
    extra_header_style: ParagraphStyle | None = None,
) -> Table:
    """Build a fully ruled table; text cells wrap, flowable cells go in as they are."""
    data: list[list[Flowable]] = [
        [cell if isinstance(cell, Flowable) else p(esc(cell), head_style) for cell in header]
    ]
    extra_style = extra_header_style or head_style
    data += [[p(esc(text), extra_style) for text in row] for row in extra_header_rows]
    for row in rows:
        data.append(
            [
                cell
                if isinstance(cell, Flowable)
                else p(esc(cell), centre_style if index in centred else cell_style)
                for index, cell in enumerate(row)
            ]
        )
    table = Table(data, colWidths=list(col_widths), repeatRows=repeat_rows)
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not Helvetica, even for empty cells
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, repeat_rows), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )
    return table
