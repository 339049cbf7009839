"""Form 04: apology for a late case and the new appointment date (A5)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.platypus import Flowable, Spacer

from onestop.documents.data import ApologyData
from onestop.documents.fonts import register_fonts
from onestop.documents.layout import (
    TITLE,
    RenderedForm,
    addressee_lines,
    build_form,
    content_width,
    esc,
    form_header,
    format_datetime_vn,
    format_place_date,
    p,
    signature_block,
)

TITLE_TEXT = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"


def apology_form(data: ApologyData) -> RenderedForm:
    """Render form 04 on A5, signed by the head of the unit."""
    register_fonts()
    width = content_width(A5)
    body = esc(data.issuing_body or data.unit.unit_name)
    story: list[Flowable] = [
        form_header(
            data.unit.unit_name,
            data.unit.parent_unit_name,
            width,
            date_line=format_place_date(data.unit.place_name, data.issued_at),
            number=data.number,
        ),
        p(TITLE_TEXT, TITLE),
        *addressee_lines(data.addressee),
        p(
            f"Vào lúc {format_datetime_vn(data.received_at)}, {body} đã tiếp nhận hồ sơ đề nghị "
            f"<b>{esc(data.procedure_name)}</b> của Ông/Bà, mã hồ sơ: "
            f"<b>{esc(data.case_code)}</b>."
        ),
        p(f"Thời hạn trả kết quả giải quyết hồ sơ: {format_datetime_vn(data.original_due_at)}."),
        p(
            f"Tuy nhiên đến nay, {body} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn. "
            f"Lý do: {esc(data.delay_reason)}"
        ),
        p(
            f"Sự chậm trễ này đã gây phiền hà, tốn kém thời gian và chi phí đi lại của Ông/Bà. "
            f"{body} xin lỗi Ông/Bà và xin hẹn trả kết quả giải quyết hồ sơ vào "
            f"<b>{format_datetime_vn(data.new_due_at)}</b>."
        ),
        p("Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./."),
        Spacer(1, 8),
        signature_block(
            width,
            [
                ("", "", ""),
                (data.head_title.upper(), "(Ký, ghi rõ họ tên và đóng dấu)", data.head_name),
            ],
            space=44,
        ),
    ]
    return build_form(story, A5, title=TITLE_TEXT, author=data.unit.unit_name)


def render_apology(data: ApologyData) -> bytes:
    """Render form 04 as PDF bytes."""
    return apology_form(data).pdf
