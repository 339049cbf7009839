"""Form 05: the processing control slip that travels with the dossier (A5)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.platypus import Flowable, Spacer

from onestop.documents.codes import BarcodeFlowable
from onestop.documents.data import ControlSlipData, ControlStep
from onestop.documents.fonts import ITALIC, register_fonts
from onestop.documents.layout import (
    BODY_LEFT,
    CELL,
    CELL_HEAD,
    TITLE,
    RenderedForm,
    SignatureSpot,
    build_form,
    content_width,
    esc,
    form_header,
    format_datetime_vn,
    format_place_date,
    format_short_datetime,
    p,
    page_footer,
)
from onestop.documents.tables import ruled_table

TITLE_TEXT = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
RESULT_HINT = "Trước hạn/ Đúng hạn/ Quá hạn"


def _handoff_cell(step: ControlStep) -> Flowable:
    """Describe who handed the dossier to whom, with the people if known."""
    giver = f"<b>Giao:</b> {esc(step.from_unit)}"
    if step.handed_by:
        giver += f" ({esc(step.handed_by)})"
    taker = f"<b>Nhận:</b> {esc(step.to_unit)}"
    if step.received_by:
        taker += f" ({esc(step.received_by)})"
    return p(f"{giver}<br/>{taker}", CELL)


def control_slip_form(data: ControlSlipData) -> RenderedForm:
    """Render form 05 on A5; the handoff table continues on further pages if long."""
    register_fonts()
    width = content_width(A5)
    cooperating = ", ".join(data.cooperating_units) or "không"
    story: list[Flowable] = [
        form_header(
            data.unit.unit_name,
            data.unit.parent_unit_name,
            width,
            date_line=format_place_date(data.unit.place_name, data.received_at),
        ),
        p(TITLE_TEXT, TITLE),
        BarcodeFlowable(data.case_code, module=0.7, bar_height=20, font_size=8.5),
        Spacer(1, 3),
        p(f"Mã hồ sơ: <b>{esc(data.case_code)}</b>", BODY_LEFT),
        p(f"Người nộp: <b>{esc(data.applicant.name)}</b>", BODY_LEFT),
        p(f"Thủ tục: {esc(data.procedure_name)}"),
        p(f"Tiếp nhận: {format_datetime_vn(data.received_at)}"),
        p(f"Hẹn trả kết quả: <b>{format_datetime_vn(data.due_at)}</b>"),
        p(f"Cơ quan chủ trì giải quyết: {esc(data.lead_unit)}"),
        p(f"Cơ quan phối hợp giải quyết: {esc(cooperating)}"),
        Spacer(1, 4),
    ]
    rows: list[list[str | Flowable]] = [
        [
            str(n),
            _handoff_cell(step),
            format_short_datetime(step.handed_over_at),
            step.result.value if step.result else "",
            step.note,
        ]
        for n, step in enumerate(data.steps, start=1)
    ]
    story.append(
        ruled_table(
            (
                "TT",
                "Tên cơ quan, tổ chức giao, nhận",
                "Thời gian giao, nhận",
                p(f"Kết quả<br/><font name={ITALIC} size=8.5>({RESULT_HINT})</font>", CELL_HEAD),
                "Ghi chú",
            ),
            rows,
            col_widths=(20, width - 20 - 62 - 58 - 72, 62, 58, 72),
            centred=(0, 2, 3),
        )
    )
    # The slip has no signature line; the desk's digital signature goes under the table if it fits.
    story.append(SignatureSpot(44, share=0.5, optional=True))
    return build_form(
        story,
        A5,
        title=f"{TITLE_TEXT} {data.case_code}",
        author=data.unit.unit_name,
        # Pages of the slip get separated in the dossier; each says which case it belongs to.
        on_page_end=page_footer(f"Mã hồ sơ {data.case_code}"),
    )


def render_control_slip(data: ControlSlipData) -> bytes:
    """Render form 05 as PDF bytes."""
    return control_slip_form(data).pdf
