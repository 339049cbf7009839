"""The period table (06a) and the overdue list as PDF (ReportLab) and Excel (XlsxWriter), pure.

Renderers take plain data and return bytes; the views only send them. In the workbooks every
piece of user text goes through write_string, so a name starting with "=" stays text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from onestop.documents.fonts import ITALIC, register_fonts
from onestop.documents.layout import (
    CELL,
    CELL_CENTER,
    CELL_HEAD,
    TITLE,
    build_pdf,
    content_width,
    esc,
    form_header,
    local,
    nfc,
    p,
    page_footer,
)
from onestop.documents.tables import ruled_table
from onestop.reports.formulas import Figures
from onestop.reports.labels import PERIOD_COLUMNS, PERIOD_GROUPS, RATE_PRINTED, cell_value

PAGE = landscape(A4)
MARGINS = (12 * mm, 10 * mm, 12 * mm, 15 * mm)
FONT = "Times New Roman"
SIZE = 9
SMALL_CELL = ParagraphStyle("report_cell", parent=CELL, fontSize=SIZE, leading=SIZE * 1.2)
SMALL_CENTER = ParagraphStyle(
    "report_center", parent=CELL_CENTER, fontSize=SIZE, leading=SIZE * 1.2
)
SMALL_HEAD = ParagraphStyle("report_head", parent=CELL_HEAD, fontSize=SIZE, leading=SIZE * 1.2)
SUBTITLE = ParagraphStyle(
    "report_subtitle", parent=SMALL_CENTER, fontName=ITALIC, fontSize=11, leading=14
)
PERIOD_TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
OVERDUE_TITLE = "DANH SÁCH HỒ SƠ QUÁ HẠN"
OVERDUE_COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên cá nhân, tổ chức",
    "Đơn vị đang giữ hồ sơ",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Số ngày quá hạn",
    "Đã có phiếu xin lỗi",
    "Ghi chú",
)


@dataclass(frozen=True)
class PeriodReport:
    unit_name: str
    parent_unit_name: str
    first: date
    last: date
    by_label: str  # "Đơn vị" or "Lĩnh vực": the first column's heading
    rows: list[tuple[str, Figures]]
    total: Figures


@dataclass(frozen=True)
class OverdueRow:
    case_code: str
    procedure_name: str
    applicant_name: str
    holder: str
    accepted_at: datetime | None
    due_at: datetime | None
    days_late: int
    apology: bool
    supplement_requests: int = 0  # more than one makes the case late whatever its due date

    @property
    def note(self) -> str:
        """Why a case counts as late before its due date (printed in the lists)."""
        if self.supplement_requests > 1:
            return f"Yêu cầu bổ sung {self.supplement_requests} lần"
        return ""


@dataclass(frozen=True)
class OverdueReport:
    unit_name: str
    parent_unit_name: str
    as_of: datetime
    rows: list[OverdueRow]


def period_text(first: date, last: date) -> str:
    return f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"


def _rate(figures: Figures) -> str:
    rate = figures.on_time_rate
    return "-" if rate is None else f"{rate:.1f}".replace(".", ",")


def _numbers(figures: Figures) -> list[str]:
    return [str(cell_value(figures, c)) for c in PERIOD_COLUMNS] + [_rate(figures)]


# ---- PDF ------------------------------------------------------------------------------------


def render_period_pdf(report: PeriodReport) -> bytes:
    """Render the 06a table on A4 landscape with its two heading rows repeated on every page."""
    register_fonts()
    width = content_width(PAGE, MARGINS)
    groups = ["STT", report.by_label]
    for group in PERIOD_GROUPS:
        groups += [group.printed] + [""] * (len(group.columns) - 1)
    groups.append(RATE_PRINTED)
    second = ["", ""] + [c.printed for c in PERIOD_COLUMNS] + [""]
    body = [
        [str(i), label, *_numbers(figures)]  # ruled_table escapes every cell
        for i, (label, figures) in enumerate(report.rows, 1)
    ]
    body.append(["", "Tổng cộng", *_numbers(report.total)])
    first_w, name_w = 24.0, 150.0
    rest = (width - first_w - name_w) / (len(PERIOD_COLUMNS) + 1)
    table = ruled_table(
        groups,
        body,
        col_widths=[first_w, name_w] + [rest] * (len(PERIOD_COLUMNS) + 1),
        centred=tuple(i for i in range(len(groups)) if i != 1),
        head_style=SMALL_HEAD,
        cell_style=SMALL_CELL,
        centre_style=SMALL_CENTER,
        extra_header_rows=[second],
        extra_header_style=SMALL_HEAD,
        repeat_rows=2,
    )
    # Merge the group headings across their columns, and the single headings down both rows.
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    col = 2
    for group in PERIOD_GROUPS:
        spans.append(("SPAN", (col, 0), (col + len(group.columns) - 1, 0)))
        col += len(group.columns)
    spans.append(("SPAN", (col, 0), (col, 1)))
    table.setStyle(spans)
    story: list[Flowable] = [
        form_header(report.unit_name, report.parent_unit_name, width, size=11),
        Spacer(1, 4),
        p(PERIOD_TITLE, TITLE),
        p(esc(period_text(report.first, report.last)), SUBTITLE),
        Spacer(1, 6),
        table,
    ]
    return build_pdf(
        story,
        PAGE,
        title=f"{PERIOD_TITLE} - {report.unit_name}",
        author=report.unit_name,
        margins=MARGINS,
        on_page_end=page_footer(f"{PERIOD_TITLE} - {period_text(report.first, report.last)}"),
    )


def _when(moment: datetime | None) -> str:
    return "" if moment is None else f"{local(moment):%H:%M %d/%m/%Y}"


def render_overdue_pdf(report: OverdueReport) -> bytes:
    """Render the overdue list on A4 landscape."""
    register_fonts()
    width = content_width(PAGE, MARGINS)
    rows = [
        [
            str(i),
            # Plain text: ruled_table escapes every cell itself.
            r.case_code,
            r.procedure_name,
            r.applicant_name,
            r.holder,
            _when(r.accepted_at),
            _when(r.due_at),
            str(r.days_late),
            "Có" if r.apology else "Chưa",
            r.note,
        ]
        for i, r in enumerate(report.rows, 1)
    ]
    fixed = {0: 24.0, 1: 120.0, 5: 62.0, 6: 62.0, 7: 44.0, 8: 44.0, 9: 64.0}
    rest = (width - sum(fixed.values())) / 3
    widths = [fixed.get(i, rest) for i in range(len(OVERDUE_COLUMNS))]
    story: list[Flowable] = [
        form_header(report.unit_name, report.parent_unit_name, width, size=11),
        Spacer(1, 4),
        p(OVERDUE_TITLE, TITLE),
        p(esc(f"Tính đến {_when(report.as_of)}"), SUBTITLE),
        Spacer(1, 6),
        ruled_table(
            OVERDUE_COLUMNS,
            rows or [["", "Không có hồ sơ quá hạn.", *[""] * (len(OVERDUE_COLUMNS) - 2)]],
            col_widths=widths,
            centred=(0, 5, 6, 7, 8),
            head_style=SMALL_HEAD,
            cell_style=SMALL_CELL,
            centre_style=SMALL_CENTER,
        ),
    ]
    return build_pdf(
        story,
        PAGE,
        title=f"{OVERDUE_TITLE} - {report.unit_name}",
        author=report.unit_name,
        margins=MARGINS,
        on_page_end=page_footer(OVERDUE_TITLE),
    )


# ---- Excel ----------------------------------------------------------------------------------


def _workbook(buffer: io.BytesIO, title: str, author: str) -> xlsxwriter.Workbook:
    # No automatic conversions: user text is never turned into a formula, number or link.
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": nfc(title), "author": nfc(author)})
    return workbook


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Format]:
    base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
    cell = {**base, "border": 1}
    return {
        "title": workbook.add_format({**base, "align": "center", "bold": True, "font_size": 14}),
        "sub": workbook.add_format({**base, "align": "center", "italic": True}),
        "head": workbook.add_format({**cell, "bold": True, "align": "center", "valign": "vcenter"}),
        "text": workbook.add_format(cell),
        "bold": workbook.add_format({**cell, "bold": True}),
        "number": workbook.add_format({**cell, "align": "center"}),
        "rate": workbook.add_format({**cell, "align": "center", "num_format": "0.0"}),
        "when": workbook.add_format({**cell, "align": "center", "num_format": "hh:mm dd/mm/yyyy"}),
    }


def _text(sheet: Worksheet, row: int, col: int, value: str, fmt: Format) -> None:
    """Write user text as a string cell, never as a formula."""
    if value:
        sheet.write_string(row, col, nfc(value), fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def _heading(sheet: Worksheet, formats: dict[str, Format], title: str, sub: str, last: int) -> None:
    sheet.merge_range(0, 0, 0, last, "", formats["title"])
    _text(sheet, 0, 0, title, formats["title"])
    sheet.merge_range(1, 0, 1, last, "", formats["sub"])
    _text(sheet, 1, 0, sub, formats["sub"])


def render_period_xlsx(report: PeriodReport) -> bytes:
    """The 06a table as a workbook: numbers as numbers, the rate as a number with one decimal."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer, PERIOD_TITLE, report.unit_name)
    f = _formats(workbook)
    sheet = workbook.add_worksheet("06a")
    last = 2 + len(PERIOD_COLUMNS)
    _heading(
        sheet,
        f,
        PERIOD_TITLE,
        f"{report.unit_name} - {period_text(report.first, report.last)}",
        last,
    )
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, last, 12)
    top = 3
    sheet.merge_range(top, 0, top + 1, 0, "", f["head"])
    _text(sheet, top, 0, "STT", f["head"])
    sheet.merge_range(top, 1, top + 1, 1, "", f["head"])
    _text(sheet, top, 1, report.by_label, f["head"])
    col = 2
    for group in PERIOD_GROUPS:
        sheet.merge_range(top, col, top, col + len(group.columns) - 1, "", f["head"])
        _text(sheet, top, col, group.printed, f["head"])
        for offset, column in enumerate(group.columns):
            _text(sheet, top + 1, col + offset, column.printed, f["head"])
        col += len(group.columns)
    sheet.merge_range(top, col, top + 1, col, "", f["head"])
    _text(sheet, top, col, RATE_PRINTED, f["head"])
    sheet.set_row(top + 1, 60)

    def write(at: int, number: int | None, label: str, figures: Figures, style: str) -> None:
        if number is None:
            sheet.write_blank(at, 0, None, f["number"])
        else:
            sheet.write_number(at, 0, number, f["number"])
        _text(sheet, at, 1, label, f[style])
        for i, column in enumerate(PERIOD_COLUMNS):
            sheet.write_number(at, 2 + i, cell_value(figures, column), f["number"])
        rate = figures.on_time_rate
        if rate is None:
            sheet.write_blank(at, last, None, f["rate"])
        else:
            sheet.write_number(at, last, round(rate, 1), f["rate"])

    at = top + 2
    for n, (label, figures) in enumerate(report.rows, 1):
        write(at, n, label, figures, "text")
        at += 1
    write(at, None, "Tổng cộng", report.total, "bold")
    sheet.freeze_panes(top + 2, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def render_overdue_xlsx(report: OverdueReport) -> bytes:
    """The overdue list as a workbook."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer, OVERDUE_TITLE, report.unit_name)
    f = _formats(workbook)
    sheet = workbook.add_worksheet("Quá hạn")
    last = len(OVERDUE_COLUMNS) - 1
    _heading(sheet, f, OVERDUE_TITLE, f"{report.unit_name} - Tính đến {_when(report.as_of)}", last)
    for col, width in enumerate((5, 26, 36, 24, 28, 16, 16, 10, 10, 22)):
        sheet.set_column(col, col, width)
    for col, title in enumerate(OVERDUE_COLUMNS):
        _text(sheet, 3, col, title, f["head"])
    for i, r in enumerate(report.rows):
        at = 4 + i
        sheet.write_number(at, 0, i + 1, f["number"])
        for col, value in (
            (1, r.case_code),
            (2, r.procedure_name),
            (3, r.applicant_name),
            (4, r.holder),
        ):
            _text(sheet, at, col, value, f["text"])
        for col, moment in ((5, r.accepted_at), (6, r.due_at)):
            if moment is None:
                sheet.write_blank(at, col, None, f["when"])
            else:
                sheet.write_datetime(at, col, local(moment).replace(tzinfo=None), f["when"])
        sheet.write_number(at, 7, r.days_late, f["number"])
        _text(sheet, at, 8, "Có" if r.apology else "Chưa", f["number"])
        _text(sheet, at, 9, r.note, f["text"])
    sheet.freeze_panes(4, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()
