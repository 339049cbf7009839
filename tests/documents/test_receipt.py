"""Form 01, the receipt: read back what was printed, as text and as scanned codes."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from onestop.documents.data import Applicant, DocumentLine
from onestop.documents.receipt import COPY_LABELS, render_receipt
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


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    pdf = render_receipt(samples.receipt())
    save_artifacts("01-receipt", pdf)
    return pdf


def test_receipt_is_two_a5_copies_each_labelled(receipt_pdf: bytes) -> None:
    first, second = page_texts(receipt_pdf)

    assert page_sizes(receipt_pdf) == [A5, A5]
    assert "Liên 1: Lưu" in first and "Liên 2" not in first
    assert "Liên 2: Giao người nộp" in second and "Liên 1" not in second


@pytest.mark.parametrize(
    "expected",
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN ĐÔNG SƠN",
        "UBND XÃ ĐÔNG SƠN",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Đông Sơn, ngày 31 tháng 05 năm 2021",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "000.17.22.H56-210531-0001",
        "Mã tra cứu: 7K3Q",
        "Ông/Bà: Nguyễn Thị Hồng Ngọc",
        "Địa chỉ: Thôn Hiệp Khởi, xã Đông Sơn, huyện Đông Sơn, tỉnh Thanh Hóa",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1. Thành phần hồ sơ nộp gồm:",
        "Giấy chứng sinh do cơ sở y tế cấp 01 -",
        "Căn cước công dân của người đi đăng ký khai sinh - 01",
        "2. Số lượng hồ sơ: 01 bộ.",
        "3. Thời gian giải quyết hồ sơ theo quy định: trả ngay trong ngày",
        # Stored in UTC (02:15), printed in Vietnam time.
        "4. Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 31 tháng 05 năm 2021.",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 31 tháng 05 năm 2021.",
        "6. Nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả UBND xã Đông Sơn (quầy số 2).",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 125.",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Văn Hùng",
    ],
)
def test_both_copies_print_the_vietnamese_text_exactly(receipt_pdf: bytes, expected: str) -> None:
    for text in page_texts(receipt_pdf):
        assert expected in text


@pytest.mark.parametrize("page", [0, 1])
def test_barcode_and_qr_scan_back_to_case_code_and_lookup_url(
    receipt_pdf: bytes, page: int
) -> None:
    found = decode(rasterise(receipt_pdf, page, dpi=200))

    assert found["Code128"] == [samples.CASE_CODE]
    assert found["QRCode"] == [samples.LOOKUP_URL]


def test_only_the_shipped_font_is_embedded(receipt_pdf: bytes) -> None:
    assert font_names(receipt_pdf) == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
    }


def test_decomposed_input_is_printed_precomposed() -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Ngọc")
    procedure = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert name != "Nguyễn Thị Hồng Ngọc"

    pdf = render_receipt(samples.receipt(applicant=Applicant(name=name), procedure_name=procedure))

    raw = " ".join(raw_page_texts(pdf))  # deliberately not normalised
    assert "Nguyễn Thị Hồng Ngọc" in raw
    assert "Đăng ký khai sinh" in raw
    assert not [ch for ch in raw if unicodedata.combining(ch)]


def test_long_document_list_wraps_and_every_page_keeps_its_copy_label() -> None:
    documents = tuple(
        DocumentLine(
            f"Giấy tờ số {n}: bản sao giấy tờ chứng minh nơi cư trú hợp pháp của người "
            "đề nghị, có xác nhận của Công an xã nơi người đó đang cư trú",
            originals=n % 2,
            copies=1,
        )
        for n in range(1, 16)
    )
    pdf = render_receipt(samples.receipt(documents=documents))
    texts = page_texts(pdf)
    save_artifacts("01-receipt-long", pdf)

    assert len(texts) > 2
    labels = [label for text in texts for label in COPY_LABELS if label in text]
    assert len(labels) == len(texts)
    assert labels == sorted(labels)  # all pages of copy 1, then all of copy 2
    assert "Giấy tờ số 15: bản sao giấy tờ chứng minh nơi cư trú hợp pháp" in all_text(pdf)


def test_markup_characters_in_user_text_print_literally() -> None:
    applicant = Applicant(name="Công ty TNHH A & B <Việt Nam>", address="Số 5 <b>Lê Lợi</b>")

    text = all_text(render_receipt(samples.receipt(applicant=applicant)))

    assert "Ông/Bà: Công ty TNHH A & B <Việt Nam>" in text
    assert "Số 5 <b>Lê Lợi</b>" in text


def test_same_data_renders_the_same_bytes() -> None:
    assert render_receipt(samples.receipt()) == render_receipt(samples.receipt())


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_receipt(samples.receipt(due_at=datetime(2021, 5, 31, 16, 30)))  # noqa: DTZ001


def test_non_ascii_case_code_is_refused() -> None:
    with pytest.raises(ValueError, match="printable ASCII"):
        render_receipt(samples.receipt(case_code="000.17.22.H56-210531-Đ001"))
