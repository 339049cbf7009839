"""The base UI: language, navigation by role, security headers, static assets served locally."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from tests.conftest import login

EXPECTED_MENU = {
    Role.COUNTER_OFFICER: [
        "Trang chủ",
        "Tiếp nhận hồ sơ",
        "Hồ sơ tại Bộ phận Một cửa",
        "Hồ sơ trực tuyến",
        "Thủ tục hành chính",
    ],
    Role.OFFICER: ["Trang chủ", "Việc của tôi", "Thủ tục hành chính"],
    Role.HEAD: ["Trang chủ", "Việc của tôi", "Báo cáo", "Thủ tục hành chính"],
    Role.SUPERVISOR: ["Trang chủ", "Báo cáo", "Thủ tục hành chính", "Phản ánh, kiến nghị đã nhận"],
    Role.ADMIN: [
        "Trang chủ",
        "Thủ tục hành chính",
        "Đơn vị",
        "Phòng ban",
        "Người dùng",
        "Lịch làm việc",
        "Kết nối hệ thống",
        "Thông báo",
        "Chứng thư tin cậy",
    ],
}


def menu(page: str) -> list[str]:
    import re

    nav = page.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<span class="nav-label">([^<]+)</span>', nav)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_sees_its_navigation(
    client: FlaskClient, users_by_role: dict[Role, User], role: Role
) -> None:
    login(client, users_by_role[role].username)
    page = client.get("/").get_data(as_text=True)
    assert menu(page) == EXPECTED_MENU[role]


def test_vietnamese_by_default_and_english_on_request(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Đăng nhập" in page
    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page and "Tiếng Việt" in page


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_stylesheet_is_served_by_the_app_and_pages_use_no_cdn(
    client: FlaskClient, demo: dict[str, User]
) -> None:
    login(client, "quantri")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "/static/css/app.css" in page
    assert "http://" not in page.replace("http://onestop.test", "") and "https://" not in page
    css = client.get("/static/css/app.css")
    assert css.status_code == 200 and b"--brand" in css.data
    css.close()


def test_health_check(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
