"""Form 06 as an Excel workbook, for desks that keep or sort the register in a spreadsheet."""

from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from onestop.documents.data import RegisterData, RegisterRow
from onestop.documents.layout import DESK_NAME, local, nfc
from onestop.documents.register import COLUMNS, TITLE_TEXT, format_period

WIDTHS = (5, 26, 28, 8, 22, 28, 20, 15, 15, 15, 15, 15, 18)
HEADER_ROW = 5  # rows 0-4 hold the unit, the title and the period
FONT = "Times New Roman"  # the font Decree 30 names; Excel substitutes a metric twin


def _text(sheet: Worksheet, row: int, col: int, value: str, fmt: Format) -> None:
    """Write user text as a string cell, never as a formula, number or link."""
    if value:
        sheet.write_string(row, col, nfc(value), fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def _moment(sheet: Worksheet, row: int, col: int, value: datetime | None, fmt: Format) -> None:
    """Write a moment as a real Excel date in Vietnam time, so the register sorts."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_datetime(row, col, local(value).replace(tzinfo=None), fmt)


def _write_row(sheet: Worksheet, at: int, row: RegisterRow, formats: dict[str, Format]) -> None:
    """Write one register line."""
    text, centre, when = formats["text"], formats["centre"], formats["when"]
    contact = ", ".join(part for part in (row.applicant_address, row.applicant_phone) if part)
    sheet.write_number(at, 0, row.number, centre)
    for col, value in (
        (1, row.case_code),
        (2, row.procedure_name),
        (4, row.applicant_name),
        (5, contact),
        (6, row.lead_unit),
        (12, row.note),
    ):
        _text(sheet, at, col, value, text)
    sheet.write_number(at, 3, row.sets, centre)
    for col, moment in (
        (7, row.received_at),
        (8, row.due_at),
        (9, row.transferred_at),
        (10, row.result_received_at),
        (11, row.returned_at),
    ):
        _moment(sheet, at, col, moment, when)


def render_register_xlsx(data: RegisterData) -> bytes:
    """Render the case register as an .xlsx workbook with the same columns as form 06."""
    buffer = io.BytesIO()
    # Belt and braces: no automatic conversions even if someone later calls write().
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": nfc(TITLE_TEXT), "author": nfc(data.unit.unit_name)})
    base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
    cell = {**base, "border": 1}
    formats: dict[str, Format] = {
        "unit": workbook.add_format({**base, "align": "center"}),
        "desk": workbook.add_format({**base, "align": "center", "bold": True}),
        "title": workbook.add_format({**base, "align": "center", "bold": True, "font_size": 15}),
        "period": workbook.add_format({**base, "align": "center", "italic": True}),
        "head": workbook.add_format({**cell, "bold": True, "align": "center", "valign": "vcenter"}),
        "number": workbook.add_format({**cell, "italic": True, "align": "center"}),
        "text": workbook.add_format(cell),
        "centre": workbook.add_format({**cell, "align": "center"}),
        "when": workbook.add_format({**cell, "align": "center", "num_format": "hh:mm dd/mm/yyyy"}),
    }
    sheet = workbook.add_worksheet("Sổ theo dõi")
    last = len(COLUMNS) - 1
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)

    heading = (
        (0, data.unit.parent_unit_name.upper(), "unit"),
        (1, data.unit.unit_name.upper(), "unit"),
        (2, DESK_NAME, "desk"),
    )
    for at, value, name in heading:
        sheet.merge_range(at, 0, at, 3, "", formats[name])
        _text(sheet, at, 0, value, formats[name])
    sheet.merge_range(3, 0, 3, last, "", formats["title"])
    _text(sheet, 3, 0, TITLE_TEXT, formats["title"])
    period = format_period(data.period_start, data.period_end)
    if data.book_number:
        period += f" - Quyển số: {data.book_number}"
    sheet.merge_range(4, 0, 4, last, "", formats["period"])
    _text(sheet, 4, 0, period, formats["period"])

    sheet.set_row(HEADER_ROW, 48)
    for col, title in enumerate(COLUMNS):
        _text(sheet, HEADER_ROW, col, title, formats["head"])
        _text(sheet, HEADER_ROW + 1, col, f"({col + 1})", formats["number"])
    for offset, row in enumerate(data.rows):
        _write_row(sheet, HEADER_ROW + 2 + offset, row, formats)

    sheet.freeze_panes(HEADER_ROW + 2, 0)
    sheet.repeat_rows(HEADER_ROW, HEADER_ROW + 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # all columns on one page width, as many pages as needed
    sheet.set_footer("&R&P/&N")
    workbook.close()
    return buffer.getvalue()
