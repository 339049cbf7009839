"""The administrator's screens in a browser: creating the organisation, and bad input."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from onestop.accounts.models import Role
from tests.browser.conftest import (
    LiveServer,
    NewContext,
    choose,
    field_error,
    menu_labels,
    sign_in,
    submit,
    submit_login,
)
from tests.browser.test_sign_in import role_menu

UNIT = "UBND xã Thử Nghiệm"
DEPARTMENT = "Phòng Tư pháp - Hộ tịch"


def open_from_menu(page: Page, entry: str, button: str) -> None:
    """Open a list from the menu, then its "new" form (whose heading is the button's text)."""
    page.locator("nav.mainnav").get_by_role("link", name=entry, exact=True).click()
    page.get_by_role("link", name=button, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(button)


def test_administrator_creates_a_unit_a_department_and_a_user(
    context: BrowserContext, new_context: NewContext, live_server: LiveServer
) -> None:
    page = context.new_page()
    sign_in(page, "quantri")

    open_from_menu(page, "Đơn vị", "Thêm đơn vị")
    page.get_by_label("Mã định danh (QCVN 102:2016)").fill("000.17.99.H56")
    page.get_by_label("Tên", exact=True).fill(UNIT)
    page.get_by_label("Cấp", exact=True).select_option(label="Cấp xã")
    choose(page.get_by_label("Đơn vị cấp trên"), "UBND tỉnh Thanh Hóa")
    page.get_by_label("Địa danh trên văn bản").fill("Thử Nghiệm")
    page.get_by_label("Bộ phận Một cửa", exact=True).fill("Bộ phận Một cửa xã Thử Nghiệm")
    page.get_by_label("Điện thoại Bộ phận Một cửa").fill("0237 3852 999")
    submit(page, "Lưu")
    expect(page.locator(".flash-success")).to_have_text(f"Đã tạo đơn vị {UNIT}.")
    row = page.locator("table tr", has_text=UNIT)
    expect(row).to_contain_text("000.17.99.H56")
    expect(row).to_contain_text("Cấp xã")

    open_from_menu(page, "Phòng ban", "Thêm phòng ban")
    choose(page.get_by_label("Đơn vị", exact=True), UNIT)
    page.get_by_label("Tên", exact=True).fill(DEPARTMENT)
    submit(page, "Lưu")
    expect(page.locator(".flash-success")).to_have_text(f"Đã tạo phòng ban {DEPARTMENT}.")
    expect(page.locator("table tr", has_text=UNIT)).to_contain_text(DEPARTMENT)

    open_from_menu(page, "Người dùng", "Thêm người dùng")
    page.get_by_label("Tên đăng nhập").fill("bui.thu")
    page.get_by_label("Họ và tên").fill("Bùi Thị Thư")
    page.get_by_label("Thư điện tử").fill("bui.thu@thunghiem.gov.vn")
    page.get_by_label("Điện thoại", exact=True).fill("0912345678")
    page.get_by_label("Vai trò").select_option(label="Chuyên viên xử lý")
    choose(page.get_by_label("Đơn vị", exact=True), UNIT)
    choose(page.get_by_label("Phòng ban"), f"{UNIT} — {DEPARTMENT}")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-moi-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-moi-2026")
    submit(page, "Lưu")
    expect(page.locator(".flash-success")).to_have_text("Đã tạo tài khoản bui.thu.")
    row = page.locator("table tr", has_text="bui.thu")
    for text in ("Bùi Thị Thư", "Chuyên viên xử lý", UNIT, DEPARTMENT, "Đang hoạt động"):
        expect(row).to_contain_text(text)

    # The new officer can sign in at once, in a browser of their own.
    newcomer = new_context().new_page()
    submit_login(newcomer, "bui.thu", "mat-khau-moi-2026")
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Xin chào, Bùi Thị Thư")
    expect(newcomer.locator(".whoami")).to_contain_text(UNIT)
    assert menu_labels(newcomer) == role_menu(live_server, Role.OFFICER)


def test_bad_unit_shows_messages_next_to_fields_and_keeps_what_was_typed(page: Page) -> None:
    sign_in(page, "quantri")
    page.goto("/admin/units/new")
    page.get_by_label("Mã định danh (QCVN 102:2016)").fill("12.34")
    page.get_by_label("Tên", exact=True).fill("UBND phường Lỗi Nhập")
    page.get_by_label("Cấp", exact=True).select_option(label="Cấp xã")
    page.get_by_label("Điện thoại Bộ phận Một cửa").fill("gọi số mười")
    submit(page, "Lưu")

    expect(page.locator(".flash-error")).to_have_text(
        "Vui lòng sửa các trường được đánh dấu bên dưới."
    )
    assert field_error(page, "code") == (
        "Dùng dạng theo QCVN 102:2016: bốn phần cách nhau bởi dấu chấm, ví dụ 000.17.22.H56."
    )
    assert field_error(page, "desk_phone") == "Nhập số điện thoại chỉ gồm chữ số."
    expect(page.get_by_label("Mã định danh (QCVN 102:2016)")).to_have_value("12.34")
    expect(page.get_by_label("Tên", exact=True)).to_have_value("UBND phường Lỗi Nhập")
    expect(page.get_by_label("Cấp", exact=True)).to_have_value("commune")
    expect(page.get_by_label("Điện thoại Bộ phận Một cửa")).to_have_value("gọi số mười")

    # "Next to": right under its own input, and announced with it by screen readers.
    code = page.get_by_label("Mã định danh (QCVN 102:2016)")
    expect(code).to_have_attribute("aria-describedby", "code-err")
    code_box, error_box = code.bounding_box(), page.locator("#code-err").bounding_box()
    assert code_box and error_box
    assert 0 <= error_box["y"] - (code_box["y"] + code_box["height"]) < 20
    assert abs(error_box["x"] - code_box["x"]) < 2


def test_bad_user_shows_messages_next_to_fields_and_keeps_what_was_typed(page: Page) -> None:
    sign_in(page, "quantri")
    page.goto("/admin/users/new")
    page.get_by_label("Tên đăng nhập").fill("nguyễn.văn")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Ấn")
    page.get_by_label("Thư điện tử").fill("khong-phai-thu")
    page.get_by_label("Điện thoại", exact=True).fill("12345")
    page.get_by_label("Vai trò").select_option(label="Cán bộ tiếp nhận")
    page.get_by_label("Mật khẩu", exact=True).fill("ngan")
    page.get_by_label("Nhập lại mật khẩu").fill("khac")
    submit(page, "Lưu")

    assert field_error(page, "username") == (
        "Chỉ dùng chữ không dấu, chữ số, dấu chấm, gạch ngang và gạch dưới."
    )
    assert field_error(page, "email") == "Nhập địa chỉ thư điện tử hợp lệ."
    assert field_error(page, "phone") == "Nhập số điện thoại Việt Nam, ví dụ 0912345678."
    assert field_error(page, "password") == "Mật khẩu phải có từ 10 đến 128 ký tự."
    assert field_error(page, "confirm") == "Hai mật khẩu không giống nhau."
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("nguyễn.văn")
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn Ấn")
    expect(page.get_by_label("Thư điện tử")).to_have_value("khong-phai-thu")
    expect(page.get_by_label("Điện thoại", exact=True)).to_have_value("12345")
    expect(page.get_by_label("Vai trò")).to_have_value("counter_officer")
    # Passwords are never sent back to the browser.
    expect(page.get_by_label("Mật khẩu", exact=True)).to_have_value("")
