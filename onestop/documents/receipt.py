"""Form 01: receipt of the dossier and appointment for the result (A5, two copies)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, Spacer, Table

from onestop.documents.codes import BarcodeFlowable, QrFlowable, qr_matrix
from onestop.documents.data import ReceiptData
from onestop.documents.fonts import ITALIC, REGULAR, register_fonts
from onestop.documents.layout import (
    BODY_LEFT,
    HEAD,
    TITLE,
    RenderedForm,
    build_form,
    content_width,
    esc,
    form_header,
    format_datetime_vn,
    format_place_date,
    nfc,
    p,
    signature_block,
)
from onestop.documents.tables import count, ruled_table

TITLE_TEXT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPY_LABELS = ("Liên 1: Lưu", "Liên 2: Giao người nộp")
_LABEL_ATTR = "_onestop_copy_label"


class _CopyMarker(Flowable):
    """Invisible marker telling the page hook which copy the following pages belong to."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        setattr(self.canv, _LABEL_ATTR, self.label)


def _draw_copy_label(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Print the copy label in the top right corner of every page of that copy."""
    label = getattr(canvas, _LABEL_ATTR, "")
    canvas.saveState()
    canvas.setFont(ITALIC, 9.5)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, doc.pagesize[1] - 6.5 * mm, label)
    canvas.restoreState()


def _codes_row(data: ReceiptData, qr: list[list[bool]], width: float) -> Table:
    """Put the case code barcode at left and the QR code of the lookup page at right."""
    qr_size = 58.0
    barcode_cell: list[Flowable] = [BarcodeFlowable(data.case_code, module=0.8, bar_height=24)]
    if data.lookup_code:
        barcode_cell.append(
            p(f"Mã tra cứu: <b>{esc(data.lookup_code)}</b> (quét mã QR để xem tiến độ)", HEAD)
        )
    left_width = width - qr_size - 8
    table = Table(
        [[barcode_cell, QrFlowable(qr, size=qr_size)]],
        colWidths=[left_width, width - left_width],
    )
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not Helvetica, even for empty cells
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def _copy(data: ReceiptData, qr: list[list[bool]], label: str, width: float) -> list[Flowable]:
    """Lay out one copy of the receipt."""
    applicant = data.applicant
    contact = [
        f"Số CCCD/định danh: {esc(applicant.id_number)}" if applicant.id_number else "",
        f"Điện thoại: {esc(applicant.phone)}" if applicant.phone else "",
    ]
    story: list[Flowable] = [
        _CopyMarker(label),
        form_header(
            data.unit.unit_name,
            data.unit.parent_unit_name,
            width,
            date_line=format_place_date(data.unit.place_name, data.received_at),
        ),
        p(TITLE_TEXT, TITLE),
        _codes_row(data, qr, width),
        Spacer(1, 3),
        p(f"Bộ phận tiếp nhận và trả kết quả {esc(data.unit.unit_name)} đã tiếp nhận hồ sơ của:"),
        p(f"Ông/Bà: <b>{esc(applicant.name)}</b>"),
    ]
    if applicant.address:
        story.append(p(f"Địa chỉ: {esc(applicant.address)}"))
    if any(contact):
        story.append(p("; ".join(part for part in contact if part), BODY_LEFT))
    if applicant.email:
        story.append(p(f"Email: {esc(applicant.email)}", BODY_LEFT))
    story += [
        p(f"Nội dung yêu cầu giải quyết: <b>{esc(data.procedure_name)}</b>"),
        p("1. Thành phần hồ sơ nộp gồm:"),
        Spacer(1, 2),
        ruled_table(
            ("TT", "Tên giấy tờ", "Bản chính", "Bản sao"),
            [
                (str(n), line.name, count(line.originals), count(line.copies))
                for n, line in enumerate(data.documents, start=1)
            ],
            col_widths=(22, width - 22 - 2 * 50, 50, 50),
            centred=(0, 2, 3),
        ),
        Spacer(1, 3),
        p(f"2. Số lượng hồ sơ: {count(data.sets)} bộ."),
        p(f"3. Thời gian giải quyết hồ sơ theo quy định: {esc(data.processing_time_text)}."),
        p(f"4. Thời gian nhận hồ sơ: {format_datetime_vn(data.received_at)}."),
        p(f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{format_datetime_vn(data.due_at)}</b>."),
        p(f"6. Nhận kết quả tại: {esc(data.collect_at)}."),
        p(
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {esc(data.register_book)}, "
            f"Số thứ tự: {esc(data.register_line)}."
        ),
        Spacer(1, 6),
        signature_block(
            width,
            [
                ("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", applicant.name),
                ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", data.officer_name),
            ],
        ),
    ]
    return story


def receipt_form(data: ReceiptData) -> RenderedForm:
    """Render form 01 on A5: copy 1 for the file, copy 2 for the applicant."""
    register_fonts()
    width = content_width(A5)
    qr = qr_matrix(data.lookup_url)
    story: list[Flowable] = []
    for index, label in enumerate(COPY_LABELS):
        if index:
            story.append(PageBreak())
        story += _copy(data, qr, label, width)
    return build_form(
        story,
        A5,
        title=f"{TITLE_TEXT} {data.case_code}",
        author=nfc(data.unit.unit_name),
        on_page_end=_draw_copy_label,
    )


def render_receipt(data: ReceiptData) -> bytes:
    """Render form 01 as PDF bytes."""
    return receipt_form(data).pdf
