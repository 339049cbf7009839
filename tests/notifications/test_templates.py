"""Every message kind renders in Vietnamese; SMS are diacritic-free GSM-7 within two segments."""

from __future__ import annotations

import string

import pytest

from onestop.notifications.templates import (
    GSM_BASIC,
    SMS_LIMIT,
    TEMPLATES,
    gsm_length,
    render,
    render_sms,
    segments,
    to_gsm,
)

VALUES = {
    "name": "Đặng Thị Ánh Tuyết",
    "code": "000.17.22.H56-261123-0001",
    "procedure": "Đăng ký khai sinh",
    "unit": "Bộ phận Một cửa UBND phường Hạc Thành",
    "collect_at": "Bộ phận Một cửa UBND phường Hạc Thành",
    "at": "08:15 ngày 23/11/2026",
    "due": "16:30 ngày 23/11/2026",
    "old_due": "16:30 ngày 20/11/2026",
    "reason": "Thiếu giấy chứng sinh bản chính",
    "items": "Giấy chứng sinh, Tờ khai đăng ký khai sinh",
    "reference": "TT-261123-7KX3QH",
    "link": "https://motcua.example.vn/lookup?code=000.17.22.H56-261123-0001&key=ABC234",
    "staff_link": "https://motcua.example.vn/counter/cases/1",
    "staff": "Lê Văn Đức",
    "day": "23/11/2026",
    "month": "10/2026",
    "scope": "UBND tỉnh Thanh Hóa",
    "new": 3,
    "open": 12,
    "due_tomorrow": 2,
    "overdue": 1,
    "overdue_list": "",
    "total": 40,
    "on_time": 38,
    "late": 2,
    "rate": "95,0%",
}


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_kind_renders_vietnamese_text_and_html(kind: str) -> None:
    message = render(kind, VALUES)
    assert message.subject and "{" not in message.subject + message.text
    assert any(ch in message.subject + message.text for ch in "ồơđếảạ")
    assert message.html.startswith("<!doctype html>") and 'lang="vi"' in message.html
    if TEMPLATES[kind].sms:
        assert set(message.sms) <= GSM_BASIC | set(string.printable)
        assert gsm_length(message.sms) <= SMS_LIMIT


def test_accepted_message_states_code_due_date_and_lookup_link() -> None:
    message = render("accepted", VALUES)
    assert message.subject == "Hồ sơ 000.17.22.H56-261123-0001 đã được tiếp nhận"
    assert "Ngày hẹn trả kết quả: 16:30 ngày 23/11/2026" in message.text
    assert VALUES["link"] in message.text
    assert (
        'href="https://motcua.example.vn/lookup?code=000.17.22.H56-261123-0001&amp;key=ABC234"'
        in message.html
    )
    assert message.sms.startswith(
        "Ho so 000.17.22.H56-261123-0001 da duoc tiep nhan. Ngay hen tra: 16:30 ngay 23/11/2026."
    )


def test_sms_maps_d_with_stroke_by_hand() -> None:
    assert to_gsm("Đăng ký đất đai – 10.000 ₫") == "Dang ky dat dai - 10.000 d"


def test_a_long_reason_is_shortened_so_the_code_and_dates_survive() -> None:
    long_reason = "Thiếu giấy tờ " * 60
    sms = render_sms(TEMPLATES["apology"].sms, {**VALUES, "reason": long_reason})
    assert segments(sms) <= 2 and gsm_length(sms) <= SMS_LIMIT
    assert "000.17.22.H56-261123-0001" in sms and "16:30 ngay 23/11/2026" in sms
    assert sms.endswith("...")


def test_a_short_sms_is_one_segment() -> None:
    assert segments(render("returned", VALUES).sms) == 1
    assert segments("x" * 161) == 2


@pytest.mark.parametrize("kind", sorted(k for k, t in TEMPLATES.items() if "{link}" in t.text))
def test_a_message_without_a_link_leaves_the_line_out_rather_than_send_it_empty(kind: str) -> None:
    message = render(kind, {**VALUES, "link": ""})
    for text in (message.text, message.sms):
        assert not any(line.rstrip().endswith(":") for line in text.split("\n")), text
        assert not text.rstrip().endswith(":") and "{" not in text
    assert "<a " not in message.html


def test_the_refusal_of_an_online_submission_keeps_its_link_whole_in_a_long_sms() -> None:
    link = "https://dichvucong.hacthanh.gov.vn/portal/cases/123456"
    values = {
        **VALUES,
        "link": link,
        "reason": "Hồ sơ không hợp lệ. " * 40,
        "procedure": "Thủ tục " * 30,
    }
    sms = render("refused_online", values).sms
    assert gsm_length(sms) <= SMS_LIMIT and sms.endswith(f". Xem: {link}")
    assert sms.startswith("Ho so truc tuyen TT-261123-7KX3QH (Thu tuc")


def test_an_sms_reason_with_its_own_full_stop_reads_once() -> None:
    sms = render("refused_online", {**VALUES, "reason": "Sai thẩm quyền."}).sms
    assert "Ly do: Sai tham quyen. Xem: " in sms


@pytest.mark.parametrize("kind", sorted(k for k in TEMPLATES if TEMPLATES[k].sms))
def test_no_sms_goes_out_blank_when_every_optional_value_is_empty(kind: str) -> None:
    """A department may ask for papers without a note: the SMS still names the case and papers."""
    bare = {**VALUES, "reason": "", "link": ""}
    sms = render(kind, bare).sms
    assert sms.strip(), kind
    assert VALUES["code"] in sms or VALUES["reference"] in sms, sms


def test_a_supplement_request_without_a_note_still_lists_the_papers() -> None:
    message = render("supplement_requested", {**VALUES, "reason": ""})
    assert "Giấy tờ cần bổ sung: Giấy chứng sinh, Tờ khai đăng ký khai sinh\n" in message.text
    assert "Nội dung:" not in message.text
    assert message.sms == (
        "Ho so 000.17.22.H56-261123-0001 duoc yeu cau bo sung. "
        "Giay to: Giay chung sinh, To khai dang ky khai sinh. "
        "Tra cuu: https://motcua.example.vn/lookup?code=000.17.22.H56-261123-0001&key=ABC234"
    )
