"""The period table's columns: translated for the page, in Vietnamese for the printed reports."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from onestop.reports.formulas import Figures


@dataclass(frozen=True)
class Column:
    cell: str  # the drill-down cell in queries.CELLS
    attribute: str  # the Figures property
    label: LazyString  # on the page
    printed: str  # in the PDF and the workbook (form 06a wording)


@dataclass(frozen=True)
class ColumnGroup:
    label: LazyString
    printed: str
    columns: tuple[Column, ...]


PERIOD_GROUPS = (
    ColumnGroup(
        _l("Received in the period"),
        "Số hồ sơ nhận giải quyết",
        (
            Column("total", "total", _l("Total"), "Tổng số"),
            Column("carried", "carried_over", _l("Carried over"), "Từ kỳ trước chuyển sang"),
            Column("online", "new_online", _l("New online"), "Mới tiếp nhận trực tuyến"),
            Column(
                "direct",
                "new_direct",
                _l("New direct or by post"),
                "Mới tiếp nhận trực tiếp hoặc qua dịch vụ bưu chính",
            ),
        ),
    ),
    ColumnGroup(
        _l("Resolved"),
        "Số hồ sơ đã giải quyết",
        (
            Column("resolved", "resolved", _l("Total"), "Tổng số"),
            Column("early", "early", _l("Early"), "Trả trước hạn"),
            Column("on_time", "on_time", _l("On time"), "Trả đúng hạn"),
            Column("late", "late", _l("Late"), "Trả quá hạn"),
        ),
    ),
    ColumnGroup(
        _l("In progress at the end"),
        "Số hồ sơ đang giải quyết",
        (
            Column("in_progress", "in_progress", _l("Total"), "Tổng số"),
            Column(
                "within",
                "within",
                _l("Within the deadline (incl. waiting for a supplement)"),
                "Trong hạn (kể cả chờ bổ sung)",
            ),
            Column("overdue", "overdue", _l("Overdue"), "Quá hạn"),
        ),
    ),
)
PERIOD_COLUMNS = tuple(c for g in PERIOD_GROUPS for c in g.columns)
RATE_PRINTED = "Tỷ lệ đúng hạn (%)"


def cell_value(figures: Figures, column: Column) -> int:
    return int(getattr(figures, column.attribute))


def format_rate(value: float | None) -> str:
    """A percentage with one decimal, Vietnamese style (comma), or a dash."""
    return "-" if value is None else f"{value:.1f}".replace(".", ",")
