"""Form 03: refusal to accept or resolve a dossier, with its reasons (A5)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.platypus import Flowable, Spacer

from onestop.documents.data import RefusalData
from onestop.documents.fonts import register_fonts
from onestop.documents.layout import (
    TITLE,
    RenderedForm,
    addressee_lines,
    build_form,
    content_width,
    esc,
    form_header,
    format_place_date,
    p,
    signature_block,
)

TITLE_TEXT = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"


def refusal_form(data: RefusalData) -> RenderedForm:
    """Render form 03 on A5: why the dossier cannot be accepted or resolved."""
    register_fonts()
    width = content_width(A5)
    procedure = f"Nội dung yêu cầu giải quyết: <b>{esc(data.procedure_name)}</b>"
    if data.case_code:
        procedure += f" (mã hồ sơ: {esc(data.case_code)})"
    story: list[Flowable] = [
        form_header(
            data.unit.unit_name,
            data.unit.parent_unit_name,
            width,
            date_line=format_place_date(data.unit.place_name, data.issued_at),
            number=data.number,
        ),
        p(TITLE_TEXT, TITLE),
        *addressee_lines(data.applicant),
        p(procedure),
        p(
            "Qua nghiên cứu, đối chiếu với các quy định hiện hành, Bộ phận tiếp nhận và trả "
            f"kết quả {esc(data.unit.unit_name)} thông báo không tiếp nhận, giải quyết hồ sơ "
            "này với lý do cụ thể như sau:"
        ),
    ]
    story += [p(f"{n}. {esc(reason)}") for n, reason in enumerate(data.reasons, start=1)]
    story += [
        p(
            f"Mọi vướng mắc, Ông/Bà liên hệ {esc(data.help_contact)} để được hướng dẫn. "
            "Xin thông báo để Ông/Bà được biết và thực hiện./."
        ),
        Spacer(1, 8),
        signature_block(
            width,
            [("", "", ""), ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", data.officer_name)],
        ),
    ]
    return build_form(story, A5, title=TITLE_TEXT, author=data.unit.unit_name)


def render_refusal(data: RefusalData) -> bytes:
    """Render form 03 as PDF bytes."""
    return refusal_form(data).pdf
