"""The citizen's journey in a real browser: register, submit online (level 3), supplement,
accepted, decided by the department, returned at the desk, rated; and a visitor scanning the QR
printed on the downloaded receipt sees the status."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from onestop.db import db
from onestop.notifications.models import Notification
from onestop.portal.mail import ACCOUNT_KIND
from tests.browser.conftest import PHONE, LiveServer, NewContext, choose, sign_in, submit
from tests.browser.glyphs import assert_every_glyph
from tests.browser.steps import (
    DEPT_A,
    approve,
    hand_over,
    receive_and_assign,
    submit_draft,
    transfer,
)
from tests.documents.readback import decode, rasterise

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
EMAIL = "hoa.browser@example.vn"
PASSWORD = "mat-khau-cong-dan-2026"


def pdf(name: str) -> dict[str, object]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def confirmation_link(live_server: LiveServer) -> str:
    with live_server.data():
        body = db.session.scalar(
            sa.select(Notification.body_text)
            .where(Notification.recipient == EMAIL, Notification.kind == ACCOUNT_KIND)
            .order_by(Notification.id.desc())
        )
    assert body is not None
    match = re.search(r"https?://\S+/portal/confirm/\S+", body)
    assert match
    return match.group(0)


def test_a_citizen_files_online_and_follows_the_case_to_the_end(
    new_context: NewContext, live_server: LiveServer
) -> None:
    citizen = new_context(viewport=PHONE).new_page()

    # Register and confirm through the emailed link; then sign in.
    citizen.goto("/portal/register")
    citizen.locator("#full_name").fill("Đặng Thị Hoa")
    citizen.locator("#email").fill(EMAIL)
    citizen.locator("#password").fill(PASSWORD)
    citizen.locator("#confirm").fill(PASSWORD)
    submit(citizen, "Tạo tài khoản")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Kiểm tra thư điện tử")
    citizen.goto(confirmation_link(live_server))
    expect(citizen.locator(".flash-success")).to_contain_text("đã được xác nhận")
    citizen.locator("#identifier").fill(EMAIL)
    citizen.locator("#password").fill(PASSWORD)
    submit(citizen, "Đăng nhập")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")

    # From the catalogue to the e-form, then the documents and the review.
    citizen.goto("/procedures/1.001193")
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    choose(citizen.locator("#unit_id"), "UBND phường Hạc Thành")
    citizen.locator("#id_number").fill("038090005678")
    citizen.locator("#phone").fill("0905111222")
    citizen.locator("#address").fill("5 Trần Phú, phường Hạc Thành")
    citizen.locator("#eform-requester_full_name").fill("Đặng Thị Hoa")
    citizen.locator("#eform-requester_citizen_id").fill("038090005678")
    citizen.locator("#eform-requester_phone").fill("0905111222")
    citizen.locator("#eform-relationship").select_option("Mẹ")
    citizen.locator("#eform-child_full_name").fill("Lê Đặng Bảo Anh")
    citizen.locator("#eform-child_birth_date").fill("2026-03-01")
    citizen.locator("#eform-child_sex").select_option("Nữ")
    citizen.locator("#eform-child_ethnicity").fill("Kinh")
    citizen.locator("#eform-child_birth_place").fill("Bệnh viện Phụ sản Thanh Hóa")
    submit(citizen, "Tiếp tục: đính kèm giấy tờ")
    expect(citizen.locator("main")).to_contain_text("Lê Đặng Bảo Anh")
    citizen.locator("#doc_0").set_input_files([pdf("Tờ khai đăng ký khai sinh.pdf")])
    citizen.locator("#doc_1").set_input_files(
        [{"name": "Giấy chứng sinh.png", "mimeType": "image/png", "buffer": PNG}]
    )
    submit(citizen, "Nộp hồ sơ")
    expect(citizen.locator(".flash-success")).to_contain_text("Mã theo dõi: TT-")
    case_url = citizen.url
    reference = re.search(r"TT-\d{6}-[A-Z0-9]{6}", citizen.locator(".flash-success").inner_text())
    assert reference

    # The desk asks for a clearer birth certificate.
    desk = new_context().new_page()
    sign_in(desk, "tiepnhan")
    desk.goto("/counter/online")
    with desk.expect_navigation():
        desk.get_by_role("link", name=reference.group(0)).click()
    desk.get_by_label("Giấy chứng sinh", exact=False).first.check()
    desk.locator("#note").fill("Giấy chứng sinh chụp bị mờ, xin gửi lại bản rõ.")
    submit(desk, "Gửi yêu cầu")
    expect(desk.locator(".flash-success")).to_contain_text("bổ sung")

    # The citizen reads what is missing and uploads it.
    citizen.goto(case_url)
    expect(citizen.locator("#supplement")).to_contain_text("chụp bị mờ")
    citizen.locator("#doc_1").set_input_files([pdf("Giấy chứng sinh (bản rõ).pdf")])
    submit(citizen, "Gửi giấy tờ")
    expect(citizen.locator(".flash-success")).to_contain_text("đã được gửi")

    # The desk accepts: code, due date, receipt.
    desk.goto("/counter/online")
    with desk.expect_navigation():
        desk.get_by_role("link", name=reference.group(0)).click()
    expect(desk.locator("main")).to_contain_text("Giấy chứng sinh (bản rõ).pdf")
    submit(desk, "Tiếp nhận hồ sơ")
    expect(desk.locator(".flash-success")).to_contain_text("Đã tiếp nhận hồ sơ trực tuyến")
    staff_case_url = desk.url.removeprefix(live_server.url)
    code = desk.locator("h1 code").inner_text()

    citizen.goto(case_url)
    expect(citizen.locator("main")).to_contain_text("Đã tiếp nhận")
    receipt = citizen.request.get(
        citizen.get_by_role("link", name="Tải giấy tiếp nhận (PDF)").get_attribute("href") or ""
    )
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    [qr_url] = decode(rasterise(receipt.body())).get("QRCode", [])

    # The department decides it, as it would a dossier taken in at the counter.
    head, officer = new_context().new_page(), new_context().new_page()
    sign_in(head, "lanhdao")
    sign_in(officer, "chuyenvien")
    transfer(desk, DEPT_A)
    receive_and_assign(head, code, "Trần Văn Minh")
    submit_draft(officer, staff_case_url, "Giấy khai sinh Lê Đặng Bảo Anh.pdf")
    approve(head, staff_case_url)
    citizen.goto(case_url)
    expect(citizen.locator("main")).to_contain_text(
        "Mời ông/bà đến Trung tâm Phục vụ hành chính công"
    )
    assert_every_glyph(citizen)

    # The citizen collects it at the desk.
    hand_over(desk, staff_case_url, "Đặng Thị Hoa", "038090005678")

    citizen.goto(case_url)
    expect(citizen.locator("main")).to_contain_text("Đã trả kết quả")
    citizen.get_by_label("Rất hài lòng").check()
    citizen.locator("#comment").fill("Nhanh gọn, không phải đi lại.")
    submit(citizen, "Gửi đánh giá")
    expect(citizen.locator(".flash-success")).to_contain_text("đánh giá")
    expect(citizen.locator("#rating")).to_have_count(0)

    # An anonymous visitor scans the QR printed on the receipt the citizen downloaded.
    visitor = new_context(viewport=PHONE).new_page()
    visitor.goto(qr_url)
    main = visitor.locator("main")
    expect(main).to_contain_text(code)
    expect(main).to_contain_text("Đã trả kết quả")
    expect(main).to_contain_text("Đ.T.H.")
    expect(main).not_to_contain_text("Đặng Thị Hoa")
    assert_every_glyph(visitor)
