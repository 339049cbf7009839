"""Form 02: request to supplement and complete the dossier (A5)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.platypus import Flowable, Spacer

from onestop.documents.data import SupplementData
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
from onestop.documents.tables import count, ruled_table

TITLE_TEXT = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"


def supplement_form(data: SupplementData) -> RenderedForm:
    """Render form 02 on A5: the one complete list of what the applicant must still bring."""
    register_fonts()
    width = content_width(A5)
    procedure = f"Hồ sơ đề nghị giải quyết thủ tục: <b>{esc(data.procedure_name)}</b>"
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
            "Sau khi xem xét, đối chiếu với quy định hiện hành, Bộ phận tiếp nhận và trả kết quả "
            f"{esc(data.unit.unit_name)} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm "
            "những nội dung sau:"
        ),
        Spacer(1, 3),
        ruled_table(
            ("TT", "Nội dung, giấy tờ cần bổ sung", "Bản chính", "Bản sao chứng thực", "Bản photo"),
            [
                (
                    str(n),
                    item.name,
                    count(item.originals),
                    count(item.certified_copies),
                    count(item.photocopies),
                )
                for n, item in enumerate(data.items, start=1)
            ],
            col_widths=(22, width - 22 - 3 * 50, 50, 50, 50),
            centred=(0, 2, 3, 4),
        ),
        Spacer(1, 4),
        p(f"Lý do: {esc(data.reason)}"),
        p(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ "
            f"{esc(data.help_contact)} để được hướng dẫn."
        ),
        Spacer(1, 8),
        signature_block(
            width, [("", "", ""), ("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", data.officer_name)]
        ),
    ]
    return build_form(story, A5, title=TITLE_TEXT, author=data.unit.unit_name)


def render_supplement(data: SupplementData) -> bytes:
    """Render form 02 as PDF bytes."""
    return supplement_form(data).pdf
