"""Signing in through the real form: each role's navigation, field messages, lockout."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from playwright.sync_api import Page, expect

from onestop.accounts.models import Role
from onestop.accounts.services import create_user
from onestop.db import db
from onestop.demo import USERS, DemoUser
from onestop.navigation import MENU
from onestop.organisation.models import Unit
from tests.browser.conftest import LiveServer, field_error, menu_labels, submit_login

# Issue 2 names these five; chuyenvien2 and lanhdao2 have the roles of chuyenvien and lanhdao.
DEMO = {user.username: user for user in USERS if user.username not in {"chuyenvien2", "lanhdao2"}}
ADMIN_ONLY = ["Đơn vị", "Phòng ban", "Người dùng", "Lịch làm việc", "Kết nối hệ thống"]


def role_menu(live_server: LiveServer, role: Role) -> list[str]:
    """The Vietnamese labels of the menu entries this role may open in today's app."""
    app = live_server.app
    with app.test_request_context(), force_locale("vi"):
        return [
            str(item.label)
            for item in MENU
            if role in item.roles and item.endpoint in app.view_functions
        ]


@pytest.mark.parametrize("person", DEMO.values(), ids=DEMO.keys())
def test_each_demo_user_signs_in_and_sees_their_roles_menu(
    page: Page, live_server: LiveServer, person: DemoUser
) -> None:
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/procedures/")  # the public starts at the catalogue
    page.get_by_role("link", name="Đăng nhập cán bộ").click()
    expect(page).to_have_url(f"{live_server.url}/login")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    submit_login(page, person.username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {person.full_name}")
    menu = menu_labels(page)
    assert menu == role_menu(live_server, person.role)
    assert menu[0] == "Trang chủ"
    admin_entries = [label for label in menu if label in ADMIN_ONLY]
    assert admin_entries == (ADMIN_ONLY if person.role is Role.ADMIN else [])
    expect(page.locator(".whoami")).to_contain_text(person.full_name)

    # Every entry opens a page, which the menu then marks as the current one.
    for label in menu:
        page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()
        expect(page.locator("nav.mainnav [aria-current=page]")).to_have_text(label)
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_empty_login_form_shows_messages_next_to_the_fields(page: Page) -> None:
    page.goto("/login")
    submit_login(page, "", "")

    assert field_error(page, "username") == "Hãy nhập tên đăng nhập."
    assert field_error(page, "password") == "Hãy nhập mật khẩu."
    expect(page.get_by_label("Tên đăng nhập")).to_have_attribute("aria-invalid", "true")


def test_repeated_wrong_passwords_lock_the_account(page: Page, live_server: LiveServer) -> None:
    # An account of its own: locking a demo user would break the other tests.
    with live_server.data():
        province = db.session.scalars(sa.select(Unit).where(Unit.code == "000.00.00.H56")).one()
        create_user(
            username="khoa.thu",
            full_name="Vũ Thị Khóa",
            password="mat-khau-dung-2026",
            role=Role.SUPERVISOR,
            unit=province,
        )
    max_failures = live_server.app.config["LOGIN_MAX_FAILURES"]

    for _ in range(max_failures - 1):
        submit_login(page, "khoa.thu", "mat-khau-sai")
        assert field_error(page, "password") == "Sai tên đăng nhập hoặc mật khẩu."
        expect(page.get_by_label("Tên đăng nhập")).to_have_value("khoa.thu")
        expect(page.get_by_label("Mật khẩu")).to_have_value("")

    submit_login(page, "khoa.thu", "mat-khau-sai")
    locked = field_error(page, "username")
    assert locked.startswith("Tài khoản tạm khóa do đăng nhập sai quá nhiều lần. Hãy thử lại sau ")

    # Now even the right password is refused, with the same message.
    submit_login(page, "khoa.thu", "mat-khau-dung-2026")
    expect(page).to_have_url(f"{live_server.url}/login")
    assert field_error(page, "username") == locked
