"""Form 06: the case register of one unit for a date range (A4 landscape)."""

from __future__ import annotations

from datetime import date, datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from onestop.documents.data import RegisterData, RegisterRow
from onestop.documents.fonts import ITALIC, REGULAR, register_fonts
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
    p,
    page_footer,
)
from onestop.documents.tables import ruled_table

TITLE_TEXT = "SỔ THEO DÕI HỒ SƠ"
PAGE = landscape(A4)
MARGINS = (12 * mm, 10 * mm, 12 * mm, 15 * mm)

# Shared with the Excel version so both registers have the same columns.
COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
)

SIZE = 8.5
REG_CELL = ParagraphStyle("register_cell", parent=CELL, fontSize=SIZE, leading=SIZE * 1.2)
REG_CENTER = ParagraphStyle(
    "register_center", parent=CELL_CENTER, fontSize=SIZE, leading=SIZE * 1.2
)
REG_HEAD = ParagraphStyle("register_head", parent=CELL_HEAD, fontSize=SIZE, leading=SIZE * 1.2)
REG_NUMBER = ParagraphStyle("register_number", parent=REG_CENTER, fontName=ITALIC, fontSize=8)
SUBTITLE = ParagraphStyle(
    "register_subtitle", parent=REG_CENTER, fontName=ITALIC, fontSize=11, leading=14
)
REG_TITLE = ParagraphStyle("register_title", parent=TITLE, fontSize=15, leading=19)


def format_period(start: date, end: date) -> str:
    """Format the register's date range: 'Từ ngày 01/05/2021 đến ngày 31/05/2021'."""
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def _when(moment: datetime | None) -> Flowable | str:
    """Print a moment as time over date so the narrow date columns stay readable."""
    if moment is None:
        return ""
    moment = local(moment)
    return p(f"{moment:%H:%M}<br/>{moment:%d/%m/%Y}", REG_CENTER)


def _row(row: RegisterRow) -> list[Flowable | str]:
    """Turn one register line into table cells."""
    contact = ", ".join(part for part in (row.applicant_address, row.applicant_phone) if part)
    return [
        str(row.number),
        row.case_code,
        row.procedure_name,
        str(row.sets),
        row.applicant_name,
        contact,
        row.lead_unit,
        _when(row.received_at),
        _when(row.due_at),
        _when(row.transferred_at),
        _when(row.result_received_at),
        _when(row.returned_at),
        row.note,
    ]


def _column_widths(width: float) -> list[float]:
    """Size the columns: the case code on one line, dates on two, text takes the rest."""
    code = stringWidth("000.17.22.H56-210531-0001", REGULAR, SIZE) + 8
    fixed = {0: 26.0, 1: code, 3: 34.0, 7: 50.0, 8: 50.0, 9: 54.0, 10: 54.0, 11: 54.0}
    shares = {2: 1.3, 4: 1.0, 5: 1.3, 6: 1.0, 12: 0.8}
    rest = width - sum(fixed.values())
    unit = rest / sum(shares.values())
    return [fixed[i] if i in fixed else shares[i] * unit for i in range(len(COLUMNS))]


def render_register(data: RegisterData) -> bytes:
    """Render form 06 on A4 landscape; the column headings repeat on every page."""
    register_fonts()
    width = content_width(PAGE, MARGINS)
    story: list[Flowable] = [
        form_header(data.unit.unit_name, data.unit.parent_unit_name, width, size=11),
        Spacer(1, 4),
        p(TITLE_TEXT, REG_TITLE),
        p(esc(format_period(data.period_start, data.period_end)), SUBTITLE),
    ]
    if data.book_number:
        story.append(p(f"Quyển số: {esc(data.book_number)}", SUBTITLE))
    story += [
        Spacer(1, 6),
        ruled_table(
            COLUMNS,
            [_row(row) for row in data.rows],
            col_widths=_column_widths(width),
            centred=(0, 3),
            head_style=REG_HEAD,
            cell_style=REG_CELL,
            centre_style=REG_CENTER,
            extra_header_rows=[[f"({n})" for n in range(1, len(COLUMNS) + 1)]],
            extra_header_style=REG_NUMBER,
            repeat_rows=2,
        ),
    ]
    return build_pdf(
        story,
        PAGE,
        title=f"{TITLE_TEXT} - {data.unit.unit_name}",
        author=data.unit.unit_name,
        margins=MARGINS,
        on_page_end=page_footer(
            f"{TITLE_TEXT} - {format_period(data.period_start, data.period_end)}"
        ),
    )
