"""A case as the national public service portal exchanges it: its field names, codes and date format.

Field names follow the portal's synchronisation format as the provinces use it [unconfirmed in detail:
see DOMAIN.md §2]; dates are yyyyMMddHHmmss in Vietnam time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onestop.calendar.workcal import to_local
from onestop.cases.models import Case, CaseEvent, CaseFile
from onestop.signing.models import SignedDocument

PORTAL_DATE = "%Y%m%d%H%M%S"


def portal_date(value: datetime | None) -> str | None:
    return None if value is None else to_local(value).strftime(PORTAL_DATE)


def parse_portal_date(text: str) -> datetime:
    """Read yyyyMMddHHmmss as Vietnam time."""
    from onestop.calendar.workcal import VN_TZ

    return datetime.strptime(text, PORTAL_DATE).replace(tzinfo=VN_TZ)


def _supplement_rounds(events: list[CaseEvent]) -> list[dict[str, Any]]:
    rounds: list[dict[str, Any]] = []
    for event in events:
        if event.action == "supplement_requested":
            rounds.append(
                {
                    "NguoiYeuCau": event.actor.full_name if event.actor else "",
                    "NoiDungYeuCau": event.note or ", ".join(map(str, event.data.get("items", []))),
                    "NgayYeuCau": portal_date(event.at),
                    "NgayTiepNhanBoSung": None,
                    "NgayHenTraCu": event.data.get("old_due"),
                    "NgayHenTraMoi": event.data.get("new_due"),
                }
            )
        elif event.action == "supplement_received" and rounds:
            rounds[-1]["NgayTiepNhanBoSung"] = portal_date(event.at)
    return rounds


def _steps(events: list[CaseEvent]) -> list[dict[str, Any]]:
    return [
        {
            "NguoiXuLy": event.actor.full_name if event.actor else "",
            "ChucDanh": event.actor.role.value if event.actor else "",
            "PhongBanXuLy": event.actor.department.name
            if event.actor and event.actor.department
            else "",
            "ThoiDiemXuLy": portal_date(event.at),
            "NoiDungXuLy": event.action + (f": {event.note}" if event.note else ""),
            "TrangThai": event.to_status.national_code if event.to_status else None,
        }
        for event in events
    ]


def _results(
    events: list[CaseEvent], files: list[CaseFile], signed: SignedDocument | None
) -> list[dict[str, Any]]:
    """The approved result document, with whether (and by whom) it is digitally signed.

    The signature fields' names follow the portal's style [unconfirmed: DOMAIN.md §2].
    """
    approved = next((e for e in reversed(events) if e.action == "approved"), None)
    if approved is None:
        return []
    file = next((f for f in files if f.id == approved.data.get("file_id")), None)
    return [
        {
            "TenGiayTo": "Kết quả giải quyết thủ tục hành chính",
            "TepDinhKemId": str(file.id) if file else None,
            "TenTepDinhKem": file.original_name if file else None,
            "DaKySo": signed is not None,
            "NguoiKySo": signed.signer_name if signed else None,
            "NgayKySo": portal_date(signed.signed_at) if signed else None,
        }
    ]


def national_record(
    case: Case,
    events: list[CaseEvent],
    files: list[CaseFile],
    signed_result: SignedDocument | None = None,
) -> dict[str, Any]:
    """Return the case in the national portal's terms."""
    spec = case.procedure_version.spec
    terms = spec.terms(case.channel)
    return {
        "MaHoSo": case.code,
        "MaTTHC": spec.code,
        "TenTTHC": spec.name,
        "MaLinhVuc": spec.field.code,
        "TenLinhVuc": spec.field.name,
        "KenhThucHien": case.channel.national_code,
        "ChuHoSo": case.applicant_name,
        "SoGiayToChuHoSo": case.applicant_id_number,
        "LoaiDoiTuong": case.applicant_kind.national_code,
        "SoDienThoai": case.applicant_phone,
        "Email": case.applicant_email,
        "TrichYeuHoSo": case.summary or spec.name,
        "NgayNopHoSo": portal_date(case.submitted_at),
        "NgayTiepNhan": portal_date(case.accepted_at),
        "NgayHenTra": portal_date(case.due_at),
        "NgayKetThucXuLy": portal_date(case.finished_at),
        "NgayTraKetQua": portal_date(case.returned_at),
        "NgayTuChoi": portal_date(case.refused_at),
        "TrangThaiHoSo": case.status.national_code,
        "DonViXuLy": case.handling_unit.name,
        "MaDonViXuLy": case.handling_unit.code,
        "NoiNopHoSo": case.receiving_unit.name,
        "TaiLieuNop": [
            {
                "TepDinhKemId": str(file.id),
                "TenTepDinhKem": file.original_name,
                "TenGiayTo": file.document.name if file.document else "",
                "DuocSoHoa": True,
                "DuocTaiSuDung": False,
            }
            for file in files
        ],
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": (terms.fee.name if terms else "") or "Phí, lệ phí",
                "MaPhiLePhi": f"{spec.code}-{case.channel.value}",
                "SoTien": case.fee_due,
                "DaNop": case.fee_paid,
                "HinhThucThu": "Trực tiếp" if case.fee_paid else None,
            }
        ],
        "DanhSachHoSoBoSung": _supplement_rounds(events),
        "DanhSachGiayToKetQua": _results(events, files, signed_result),
        "QuaTrinhXuLy": _steps(events),
    }
