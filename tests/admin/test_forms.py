"""Administration forms: creating records, and bad input refused next to its field."""

from __future__ import annotations

import html
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.db import db
from onestop.organisation.models import Department, Unit
from tests.conftest import login, post_form


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Unit, Department, User)
    )  # type: ignore[return-value]


def field_error(page: str, field: str) -> str:
    marker = f'id="{field}-err">'
    assert marker in page, f"no error shown next to {field}"
    return html.unescape(page.split(marker, 1)[1].split("<", 1)[0])


@pytest.fixture
def admin_client(client: FlaskClient, demo: dict[str, User]) -> FlaskClient:
    login(client, "quantri")
    return client


def unit_data(demo: dict[str, User], **overrides: Any) -> dict[str, Any]:
    return {
        "code": "000.17.24.H56",
        "name": "UBND xã Đông Tiến",
        "level": "commune",
        "parent_id": demo["quantri"].unit_id,
        "place_name": "Đông Tiến",
        "desk_name": "Bộ phận Một cửa xã Đông Tiến",
        "desk_address": "Thôn 1, xã Đông Tiến",
        "desk_phone": "0237 3852 123",
        **overrides,
    }


def test_admin_creates_a_unit_department_and_user(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    response = post_form(admin_client, "/admin/units/new", unit_data(demo))
    assert response.status_code == 302
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.24.H56"))
    assert unit is not None and unit.parent_id == demo["quantri"].unit_id
    assert unit.path == f"{demo['quantri'].unit.path}{unit.id}/"

    response = post_form(
        admin_client,
        "/admin/departments/new",
        {"unit_id": unit.id, "name": "Phòng Văn hóa - Xã hội"},
    )
    assert response.status_code == 302
    department = db.session.scalar(sa.select(Department).where(Department.unit_id == unit.id))
    assert department is not None

    response = post_form(
        admin_client,
        "/admin/users/new",
        {
            "username": "cv.dongtien",
            "full_name": "Vũ Thị Thu",
            "email": "thu@dongtien.gov.vn",
            "phone": "0912345678",
            "role": "officer",
            "unit_id": unit.id,
            "department_id": department.id,
            "password": "mat-khau-moi-2026",
            "confirm": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    assert "Đã tạo tài khoản cv.dongtien." in admin_client.get("/admin/users").get_data(
        as_text=True
    )
    other = admin_client.application.test_client()
    assert login(other, "cv.dongtien", "mat-khau-moi-2026").status_code == 302


def test_moving_a_unit_moves_its_subtree(admin_client: FlaskClient, demo: dict[str, User]) -> None:
    commune = demo["tiepnhan"].unit
    agency = db.session.scalar(sa.select(Unit).where(Unit.code == "000.00.14.H56"))
    assert agency is not None
    post_form(
        admin_client,
        "/admin/units/new",
        unit_data(demo, parent_id=commune.id, code="000.17.99.H56"),
    )
    child = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.99.H56"))
    assert child is not None
    data = unit_data(demo, code=commune.code, name=commune.name, parent_id=agency.id, active="y")
    assert post_form(admin_client, f"/admin/units/{commune.id}", data).status_code == 302
    db.session.expire_all()
    assert commune.path == f"{agency.path}{commune.id}/"
    assert child.path == f"{agency.path}{commune.id}/{child.id}/"
    # and a unit cannot go under its own descendant
    data = unit_data(demo, code=agency.code, name=agency.name, parent_id=child.id, active="y")
    page = post_form(admin_client, f"/admin/units/{agency.id}", data).get_data(as_text=True)
    assert (
        field_error(page, "parent_id")
        == "Không thể đặt một đơn vị dưới chính nó hoặc đơn vị cấp dưới của nó."
    )


UNIT_CASES = [
    ("code", "", "Hãy nhập mã định danh của đơn vị."),
    (
        "code",
        "H56",
        "Dùng dạng theo QCVN 102:2016: bốn phần cách nhau bởi dấu chấm, ví dụ 000.17.22.H56.",
    ),
    ("code", "000.00.00.H56", "Mã này đã được dùng cho một đơn vị khác."),
    ("name", "", "Hãy nhập tên đơn vị."),
    ("name", "x" * 201, "Trường này không được dài quá 200 ký tự."),
    ("desk_phone", "gọi tôi", "Nhập số điện thoại chỉ gồm chữ số."),
    ("parent_id", "999999", "Lựa chọn không hợp lệ."),
    ("level", "planet", "Lựa chọn không hợp lệ."),
    ("office_hours", "7h-11h", "Ghi giờ làm việc theo dạng 07:00-11:30,13:30-17:00."),
    ("office_hours", "13:30-11:30", "Ghi giờ làm việc theo dạng 07:00-11:30,13:30-17:00."),
    (
        "office_hours",
        "07:00-12:00,11:00-17:00",
        "Ghi giờ làm việc theo dạng 07:00-11:30,13:30-17:00.",
    ),
    ("office_hours", "25:00-26:00", "Ghi giờ làm việc theo dạng 07:00-11:30,13:30-17:00."),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), UNIT_CASES, ids=[f"{f}:{m[:20]}" for f, _, m in UNIT_CASES]
)
def test_unit_form_refuses_bad_input(
    admin_client: FlaskClient, demo: dict[str, User], field: str, value: str, message: str
) -> None:
    before = counts()
    data = unit_data(demo, **{field: value})
    page = post_form(admin_client, "/admin/units/new", data).get_data(as_text=True)
    assert field_error(page, field) == message
    assert "Vui lòng sửa các trường được đánh dấu bên dưới." in page
    kept = "UBND xã Đông Tiến" if field != "name" else "Bộ phận Một cửa xã Đông Tiến"
    assert f'value="{kept}"' in page
    assert counts() == before


DEPARTMENT_CASES = [
    ("name", "", "Hãy nhập tên phòng ban."),
    ("name", "phòng văn hóa - xã hội", "Đơn vị đã có phòng ban mang tên này."),
    ("unit_id", "999999", "Lựa chọn không hợp lệ."),
]


@pytest.mark.parametrize(("field", "value", "message"), DEPARTMENT_CASES)
def test_department_form_refuses_bad_input(
    admin_client: FlaskClient, demo: dict[str, User], field: str, value: str, message: str
) -> None:
    before = counts()
    data = {"unit_id": demo["tiepnhan"].unit_id, "name": "Phòng Tư pháp - Hộ tịch", field: value}
    page = post_form(admin_client, "/admin/departments/new", data).get_data(as_text=True)
    assert field_error(page, field) == message
    if field != "name":
        assert 'value="Phòng Tư pháp - Hộ tịch"' in page
    assert counts() == before


def user_data(demo: dict[str, User], **overrides: Any) -> dict[str, Any]:
    return {
        "username": "cv.moi",
        "full_name": "Ngô Thị Mai",
        "email": "mai@hacthanh.gov.vn",
        "phone": "0912345678",
        "role": Role.OFFICER.value,
        "unit_id": demo["chuyenvien"].unit_id,
        "department_id": demo["chuyenvien"].department_id,
        "password": "mat-khau-moi-2026",
        "confirm": "mat-khau-moi-2026",
        **overrides,
    }


USER_CASES = [
    ("username", "", "Hãy nhập tên đăng nhập."),
    ("username", "nguyễn", "Chỉ dùng chữ không dấu, chữ số, dấu chấm, gạch ngang và gạch dưới."),
    ("username", "TiepNhan", "Tên đăng nhập này đã được sử dụng."),
    ("full_name", "", "Hãy nhập họ và tên."),
    ("email", "mai@", "Nhập địa chỉ thư điện tử hợp lệ."),
    ("phone", "12345", "Nhập số điện thoại Việt Nam, ví dụ 0912345678."),
    ("role", "emperor", "Lựa chọn không hợp lệ."),
    ("password", "ngan", "Mật khẩu phải có từ 10 đến 128 ký tự."),
    ("confirm", "khac-mat-khau-1", "Hai mật khẩu không giống nhau."),
    ("department_id", "0", "Chuyên viên và lãnh đạo phòng phải thuộc một phòng ban."),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), USER_CASES, ids=[f"{f}:{m[:20]}" for f, _, m in USER_CASES]
)
def test_user_form_refuses_bad_input(
    admin_client: FlaskClient, demo: dict[str, User], field: str, value: str, message: str
) -> None:
    before = counts()
    page = post_form(admin_client, "/admin/users/new", user_data(demo, **{field: value})).get_data(
        as_text=True
    )
    assert field_error(page, field) == message
    if field != "full_name":
        assert 'value="Ngô Thị Mai"' in page
    assert 'value="mat-khau-moi-2026"' not in page  # passwords are never echoed back
    assert counts() == before


def test_department_must_belong_to_the_chosen_unit(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    other_unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.23.H56"))
    assert other_unit is not None
    data = user_data(demo, unit_id=other_unit.id)
    page = post_form(admin_client, "/admin/users/new", data).get_data(as_text=True)
    assert field_error(page, "department_id") == "Phòng ban này thuộc đơn vị khác."


def test_admin_cannot_deactivate_themselves(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    me = demo["quantri"]
    data = {
        "username": me.username,
        "full_name": me.full_name,
        "role": "admin",
        "unit_id": me.unit_id,
        "department_id": 0,
    }
    page = post_form(admin_client, f"/admin/users/{me.id}", data).get_data(as_text=True)
    assert (
        field_error(page, "active")
        == "Bạn không thể tự ngừng kích hoạt hoặc hạ quyền tài khoản của mình."
    )
    assert me.active


def test_deactivated_user_is_kept_not_deleted(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    officer = demo["chuyenvien2"]
    data = user_data(demo, username=officer.username, full_name=officer.full_name,
                     department_id=officer.department_id)  # fmt: skip
    data.pop("active", None)
    assert post_form(admin_client, f"/admin/users/{officer.id}", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, officer.id) is not None
    assert officer.active is False


def test_password_reset_clears_a_lockout(admin_client: FlaskClient, demo: dict[str, User]) -> None:
    from onestop.db import utcnow

    officer = demo["chuyenvien"]
    officer.locked_until = utcnow().replace(year=2100)
    db.session.commit()
    data = {"password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"}
    response = post_form(
        admin_client,
        f"/admin/users/{officer.id}/password",
        data,
        form_path=f"/admin/users/{officer.id}",
    )
    assert response.status_code == 302
    assert (
        login(admin_client.application.test_client(), "chuyenvien", "mat-khau-moi-2026").status_code
        == 302
    )


def test_nfd_names_are_stored_composed(admin_client: FlaskClient, demo: dict[str, User]) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "UBND xã Đông Tiến")
    post_form(admin_client, "/admin/units/new", unit_data(demo, name=decomposed))
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.24.H56"))
    assert unit is not None and unit.name == unicodedata.normalize("NFC", "UBND xã Đông Tiến")


def test_unit_office_hours_are_saved_and_count_for_due_dates(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    from datetime import UTC, datetime

    from onestop.calendar.service import compute_due
    from onestop.catalogue.model import TimeLimit, TimeUnit

    data = unit_data(demo, office_hours="07:30-11:30, 13:00-17:00")
    assert post_form(admin_client, "/admin/units/new", data).status_code == 302
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.24.H56"))
    assert unit is not None and unit.office_hours == "07:30-11:30, 13:00-17:00"
    # Received 11:00 with 1 working hour: half an hour before lunch, half an hour after 13:00.
    with admin_client.application.app_context():
        due = compute_due(
            unit.office_hours,
            datetime(2026, 3, 2, 4, 0, tzinfo=UTC),
            TimeLimit(TimeUnit.WORKING_HOURS, 1),
        )
    assert due.due_at == datetime(2026, 3, 2, 6, 30, tzinfo=UTC)


def test_password_reset_refuses_a_short_or_mismatched_password(
    admin_client: FlaskClient, demo: dict[str, User]
) -> None:
    officer = demo["chuyenvien"]
    before = officer.password_hash
    path = f"/admin/users/{officer.id}/password"
    page = post_form(
        admin_client,
        path,
        {"password": "ngan", "confirm": "ngan"},
        form_path=f"/admin/users/{officer.id}",
    ).get_data(as_text=True)
    assert field_error(page, "password") == "Mật khẩu phải có từ 10 đến 128 ký tự."
    page = post_form(
        admin_client,
        path,
        {"password": "mat-khau-moi-2026", "confirm": "khac-hoan-toan"},
        form_path=f"/admin/users/{officer.id}",
    ).get_data(as_text=True)
    assert field_error(page, "confirm") == "Hai mật khẩu không giống nhau."
    db.session.expire_all()
    assert officer.password_hash == before
