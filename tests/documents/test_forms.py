"""Forms 02-05 on A5: headers, the filled-in Vietnamese text, and the control slip's pages."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from onestop.documents.apology import render_apology
from onestop.documents.control_slip import render_control_slip
from onestop.documents.data import Applicant
from onestop.documents.refusal import render_refusal
from onestop.documents.supplement import render_supplement
from tests.documents import samples
from tests.documents.readback import (
    A5,
    all_text,
    decode,
    font_names,
    page_sizes,
    page_texts,
    rasterise,
    raw_page_texts,
    save_artifacts,
)

Render = Callable[[Any], bytes]

FORMS: dict[str, tuple[Render, Callable[..., Any], list[str]]] = {
    "02-supplement": (
        render_supplement,
        samples.supplement,
        [
            "Số: 15/PBS",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Kính gửi: Ông/Bà Nguyễn Thị Hồng Ngọc",
            "Hồ sơ đề nghị giải quyết thủ tục: Đăng ký kết hôn",
            "Bản chính Bản sao chứng thực Bản photo",
            "Căn cước công dân của bên nữ - 01 01",
            "Lý do: Tờ khai thiếu chữ ký của bên nam",
            "liên hệ ông Lê Văn Hùng, công chức tư pháp - hộ tịch, số điện thoại 0237 3123 456",
            "NGƯỜI HƯỚNG DẪN",
        ],
    ),
    "03-refusal": (
        render_refusal,
        samples.refusal,
        [
            "Số: 07/PTC",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "1. Thửa đất nằm trong hành lang bảo vệ công trình thủy lợi",
            "2. Bản vẽ thiết kế không có chữ ký của chủ đầu tư và đơn vị thiết kế.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Trần Thị Mỹ Dung",
        ],
    ),
    "04-apology": (
        render_apology,
        samples.apology,
        [
            "Đông Sơn, ngày 02 tháng 06 năm 2021",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Vào lúc 09 giờ 15 phút, ngày 31 tháng 05 năm 2021, UBND xã Đông Sơn đã tiếp nhận",
            "Xác nhận tình trạng hôn nhân của Ông/Bà, mã hồ sơ: 000.17.22.H56-210531-0001",
            "Thời hạn trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 03 tháng 06 năm 2021.",
            "Lý do: cần xác minh tình trạng hôn nhân",
            "xin hẹn trả kết quả giải quyết hồ sơ vào 16 giờ 00 phút, ngày 08 tháng 06 năm 2021.",
            "CHỦ TỊCH",
            "Phạm Quốc Khánh",
        ],
    ),
    "05-control-slip": (
        render_control_slip,
        samples.control_slip,
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Mã hồ sơ: 000.17.22.H56-210531-0001",
            "Thủ tục: Liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
            "Hẹn trả kết quả: 16 giờ 00 phút, ngày 21 tháng 06 năm 2021",
            "Cơ quan chủ trì giải quyết: UBND xã Đông Sơn",
            "Cơ quan phối hợp giải quyết: Công an xã Đông Sơn, Bảo hiểm xã hội huyện Đông Sơn",
            "Giao: Bộ phận tiếp nhận và trả kết quả (Lê Văn Hùng)",
            "Nhận: Công chức tư pháp - hộ tịch (Đỗ Thị Thu Hà)",
            "09:15 31/05/2021 Đúng hạn",
            "Trước hạn",
            "Quá hạn",
        ],
    ),
}

HEADER = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "UBND HUYỆN ĐÔNG SƠN",
    "UBND XÃ ĐÔNG SƠN",
    "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
]


@pytest.fixture(scope="module", params=list(FORMS))
def form(request: pytest.FixtureRequest) -> tuple[str, bytes, list[str]]:
    name = request.param
    render, build, expected = FORMS[name]
    pdf = render(build())
    save_artifacts(name, pdf)
    return name, pdf, expected


def test_form_is_a5_with_only_the_shipped_font(form: tuple[str, bytes, list[str]]) -> None:
    _, pdf, _ = form

    assert set(page_sizes(pdf)) == {A5}
    assert font_names(pdf) <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}


def test_form_prints_header_and_filled_in_text(form: tuple[str, bytes, list[str]]) -> None:
    _, pdf, expected = form
    text = all_text(pdf)

    for phrase in HEADER + expected:
        assert phrase in text


@pytest.mark.parametrize("name", list(FORMS))
def test_decomposed_applicant_name_is_printed_precomposed(name: str) -> None:
    render, build, _ = FORMS[name]
    applicant = Applicant(name=unicodedata.normalize("NFD", "Trần Thị Mỹ Dung"))
    field = "addressee" if name == "04-apology" else "applicant"

    raw = " ".join(raw_page_texts(render(build(**{field: applicant}))))

    assert "Trần Thị Mỹ Dung" in raw
    assert not [ch for ch in raw if unicodedata.combining(ch)]


def test_control_slip_barcode_scans_back() -> None:
    pdf = render_control_slip(samples.control_slip())

    assert decode(rasterise(pdf, 0, dpi=200))["Code128"] == [samples.CASE_CODE]


def test_long_control_slip_continues_with_heading_and_case_code_on_every_page() -> None:
    pdf = render_control_slip(samples.control_slip(steps=samples.control_steps(30)))
    texts = page_texts(pdf)

    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert "Tên cơ quan, tổ chức giao, nhận" in text
        assert f"Mã hồ sơ {samples.CASE_CODE} - Trang {number}" in text
    rows = [line for line in " ".join(texts).split() if line == "Giao:"]
    assert len(rows) == 30
