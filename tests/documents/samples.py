"""Realistic Vietnamese inputs for the form renderers, like factories with keyword overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from onestop.documents.data import (
    ApologyData,
    Applicant,
    ControlSlipData,
    ControlStep,
    DocumentLine,
    ReceiptData,
    RefusalData,
    RegisterData,
    RegisterRow,
    StepResult,
    SupplementData,
    SupplementItem,
    UnitHeader,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CASE_CODE = "000.17.22.H56-210531-0001"
LOOKUP_URL = "https://dichvucong.thanhhoa.gov.vn/tra-cuu-ho-so?ma=000.17.22.H56-210531-0001&mk=7K3Q"

UNIT = UnitHeader(
    unit_name="UBND xã Đông Sơn", parent_unit_name="UBND huyện Đông Sơn", place_name="Đông Sơn"
)
APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Ngọc",
    address="Thôn Hiệp Khởi, xã Đông Sơn, huyện Đông Sơn, tỉnh Thanh Hóa",
    phone="0912 345 678",
    email="ngoc.nth@example.vn",
    id_number="038190012345",
)
RECEIVED = datetime(2021, 5, 31, 9, 15, tzinfo=VN)


def receipt(**overrides: Any) -> ReceiptData:
    """Build a birth registration receipt."""
    data = ReceiptData(
        case_code=CASE_CODE,
        lookup_url=LOOKUP_URL,
        unit=UNIT,
        applicant=APPLICANT,
        procedure_name="Đăng ký khai sinh",
        documents=(
            DocumentLine("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
            DocumentLine("Giấy chứng sinh do cơ sở y tế cấp", originals=1),
            DocumentLine("Căn cước công dân của người đi đăng ký khai sinh", copies=1),
            DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", copies=1),
        ),
        sets=1,
        processing_time_text=(
            "trả ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
        ),
        # Stored in UTC as the database would keep it; the form must print Vietnam time.
        received_at=RECEIVED.astimezone(UTC),
        due_at=datetime(2021, 5, 31, 16, 30, tzinfo=VN),
        collect_at="Bộ phận tiếp nhận và trả kết quả UBND xã Đông Sơn (quầy số 2)",
        register_book="01",
        register_line="125",
        officer_name="Lê Văn Hùng",
        lookup_code="7K3Q",
    )
    return replace(data, **overrides)


def supplement(**overrides: Any) -> SupplementData:
    """Build a supplement request for a marriage registration."""
    data = SupplementData(
        number="15/PBS",
        issued_at=RECEIVED,
        unit=UNIT,
        applicant=APPLICANT,
        procedure_name="Đăng ký kết hôn",
        items=(
            SupplementItem("Tờ khai đăng ký kết hôn có đủ chữ ký của hai bên nam, nữ", originals=1),
            SupplementItem("Giấy xác nhận tình trạng hôn nhân của bên nam", originals=1),
            SupplementItem("Căn cước công dân của bên nữ", certified_copies=1, photocopies=1),
        ),
        reason="Tờ khai thiếu chữ ký của bên nam; chưa có giấy xác nhận tình trạng hôn nhân.",
        help_contact="ông Lê Văn Hùng, công chức tư pháp - hộ tịch, số điện thoại 0237 3123 456",
        officer_name="Lê Văn Hùng",
    )
    return replace(data, **overrides)


def refusal(**overrides: Any) -> RefusalData:
    """Build a refusal of a building permit application."""
    data = RefusalData(
        number="07/PTC",
        issued_at=RECEIVED,
        unit=UNIT,
        applicant=APPLICANT,
        procedure_name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        reasons=(
            "Thửa đất nằm trong hành lang bảo vệ công trình thủy lợi, "
            "không được cấp phép xây dựng.",
            "Bản vẽ thiết kế không có chữ ký của chủ đầu tư và đơn vị thiết kế.",
        ),
        help_contact="công chức địa chính - xây dựng, số điện thoại 0237 3123 457",
        officer_name="Trần Thị Mỹ Dung",
    )
    return replace(data, **overrides)


def apology(**overrides: Any) -> ApologyData:
    """Build an apology for a late marital status certificate."""
    data = ApologyData(
        number="03/PXL",
        issued_at=datetime(2021, 6, 2, 10, 0, tzinfo=VN),
        unit=UNIT,
        addressee=APPLICANT,
        procedure_name="Xác nhận tình trạng hôn nhân",
        case_code=CASE_CODE,
        received_at=RECEIVED,
        original_due_at=datetime(2021, 6, 3, 16, 0, tzinfo=VN),
        delay_reason="cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây của Ông/Bà.",
        new_due_at=datetime(2021, 6, 8, 16, 0, tzinfo=VN),
        head_name="Phạm Quốc Khánh",
        head_title="Chủ tịch",
    )
    return replace(data, **overrides)


def control_steps(count: int) -> tuple[ControlStep, ...]:
    """Build count handoffs that go back and forth between the desk and departments."""
    units = ("Bộ phận tiếp nhận và trả kết quả", "Công chức tư pháp - hộ tịch", "Lãnh đạo UBND xã")
    results = (StepResult.ON_TIME, StepResult.EARLY, StepResult.LATE, None)
    return tuple(
        ControlStep(
            from_unit=units[n % 3],
            to_unit=units[(n + 1) % 3],
            handed_over_at=RECEIVED + timedelta(hours=3 * n),
            result=results[n % 4],
            note="Đã xác minh tại thôn Hiệp Khởi" if n % 5 == 2 else "",
            handed_by="Lê Văn Hùng" if n % 3 == 0 else "",
            received_by="Đỗ Thị Thu Hà" if n % 3 == 0 else "",
        )
        for n in range(count)
    )


def control_slip(**overrides: Any) -> ControlSlipData:
    """Build a control slip for an inter-agency birth registration and health insurance case."""
    data = ControlSlipData(
        case_code=CASE_CODE,
        unit=UNIT,
        applicant=APPLICANT,
        procedure_name="Liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        received_at=RECEIVED,
        due_at=datetime(2021, 6, 21, 16, 0, tzinfo=VN),
        lead_unit="UBND xã Đông Sơn",
        cooperating_units=("Công an xã Đông Sơn", "Bảo hiểm xã hội huyện Đông Sơn"),
        steps=control_steps(4),
    )
    return replace(data, **overrides)


PROCEDURES = (
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Đăng ký thường trú",
    "Cấp bản sao trích lục hộ tịch",
)
NAMES = ("Nguyễn Thị Hồng Ngọc", "Trần Văn Đức", "Lê Thị Thủy", "Phạm Quang Huy", "Hoàng Ngọc Ánh")


def register_rows(count: int) -> tuple[RegisterRow, ...]:
    """Build count register lines spread over May 2021."""
    rows = []
    for n in range(1, count + 1):
        received = datetime(2021, 5, 1 + (n - 1) * 28 // count, 8 + n % 8, (7 * n) % 60, tzinfo=VN)
        done = n % 4 != 0
        rows.append(
            RegisterRow(
                number=n,
                case_code=f"000.17.22.H56-{received:%y%m%d}-{n:04d}",
                procedure_name=PROCEDURES[n % len(PROCEDURES)],
                sets=1 + n % 2,
                applicant_name=NAMES[n % len(NAMES)],
                applicant_address=f"Thôn {n % 9 + 1}, xã Đông Sơn",
                applicant_phone=f"09{n:08d}",
                lead_unit="Công chức tư pháp - hộ tịch",
                received_at=received,
                due_at=received + timedelta(days=3),
                transferred_at=received + timedelta(hours=1),
                result_received_at=received + timedelta(days=2) if done else None,
                returned_at=received + timedelta(days=2, hours=2) if done else None,
                note="Bổ sung 1 lần" if n % 7 == 0 else "",
            )
        )
    return tuple(rows)


def register(**overrides: Any) -> RegisterData:
    """Build a month of the case register."""
    data = RegisterData(
        unit=UNIT,
        period_start=date(2021, 5, 1),
        period_end=date(2021, 5, 31),
        rows=register_rows(12),
        book_number="01",
    )
    return replace(data, **overrides)
