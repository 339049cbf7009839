"""Form 06, the case register: as a multi-page A4 PDF and as an Excel workbook."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from onestop.documents.register import render_register
from onestop.documents.register_xlsx import render_register_xlsx
from tests.documents import samples
from tests.documents.readback import (
    A4_LANDSCAPE,
    ARTIFACTS,
    all_text,
    font_names,
    page_sizes,
    page_texts,
    save_artifacts,
)

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HEADINGS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)",
]


@pytest.fixture(scope="module")
def long_register() -> bytes:
    pdf = render_register(samples.register(rows=samples.register_rows(60)))
    save_artifacts("06-register", pdf)
    return pdf


def test_register_is_a4_landscape(long_register: bytes) -> None:
    assert set(page_sizes(long_register)) == {A4_LANDSCAPE}
    assert font_names(long_register) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
    }


def test_register_spans_pages_repeating_the_column_headings(long_register: bytes) -> None:
    texts = page_texts(long_register)

    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        for heading in HEADINGS:
            assert heading in text
        assert f"Trang {number}" in text
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0]
    assert "Từ ngày 01/05/2021 đến ngày 31/05/2021" in texts[0]


def test_register_lists_every_case_once(long_register: bytes) -> None:
    text = all_text(long_register)

    for row in samples.register_rows(60):
        assert text.count(row.case_code) == 1


def test_register_prints_vietnam_times_and_vietnamese_names() -> None:
    text = all_text(render_register(samples.register(rows=samples.register_rows(3))))

    # Row 1 is received at 09:07 on 1 May and returned two days and two hours later.
    assert "1 000.17.22.H56-210501-0001 Đăng ký kết hôn 2 Trần Văn Đức" in text
    assert "09:07 01/05/2021" in text
    assert "11:07 03/05/2021" in text


def test_empty_register_still_renders_its_headings() -> None:
    pdf = render_register(samples.register(rows=()))

    assert len(page_texts(pdf)) == 1
    assert "Tên thủ tục hành chính" in all_text(pdf)


def _sheet(xlsx: bytes) -> tuple[ElementTree.Element, list[str]]:
    """Return the first worksheet's XML and the shared strings, read straight from the zip."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        # Parsing XML we generated ourselves a moment ago, not untrusted input.
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
        shared = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
    strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t")) for si in shared]
    return sheet, strings


def _cell(sheet: ElementTree.Element, ref: str) -> ElementTree.Element:
    found = sheet.find(f".//x:c[@r='{ref}']", NS)
    assert found is not None, ref
    return found


@pytest.mark.parametrize(
    "dangerous", ["=1+1", '=HYPERLINK("http://evil.example","Bấm")', "+84912345678", "@SUM(A1)"]
)
def test_xlsx_keeps_formula_like_user_text_as_text(dangerous: str) -> None:
    rows = samples.register_rows(2)
    rows = (replace(rows[0], applicant_name=dangerous, note=dangerous), rows[1])

    sheet, strings = _sheet(render_register_xlsx(samples.register(rows=rows)))

    assert sheet.findall(".//x:f", NS) == []  # no formula anywhere
    for ref in ("E8", "M8"):  # applicant and note of the first data row
        cell = _cell(sheet, ref)
        assert cell.get("t") == "s"
        assert strings[int(cell.findtext("x:v", namespaces=NS) or "")] == dangerous


def test_xlsx_has_the_register_in_vietnamese_with_real_dates() -> None:
    xlsx = render_register_xlsx(samples.register(rows=samples.register_rows(12)))
    (ARTIFACTS / "06-register.xlsx").write_bytes(xlsx)
    sheet, strings = _sheet(xlsx)

    for text in ("SỔ THEO DÕI HỒ SƠ", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Trần Văn Đức"):
        assert text in strings
    received = _cell(sheet, "H8")  # row 1: 1 May 2021 09:07 in Vietnam
    assert received.get("t") is None  # a number, formatted as a date
    serial = float(received.findtext("x:v", namespaces=NS) or "")
    # Excel serials count wall-clock days from 1899-12-30; any one zone for both ends will do.
    epoch = datetime(1899, 12, 30, tzinfo=UTC)
    expected = (datetime(2021, 5, 1, 9, 7, tzinfo=UTC) - epoch).total_seconds() / 86400
    assert serial == pytest.approx(expected, abs=1e-6)
    assert strings[int(_cell(sheet, "B8").findtext("x:v", namespaces=NS) or "")] == (
        "000.17.22.H56-210501-0001"
    )
