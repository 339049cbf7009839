"""A demo organisation (a province under the 2025 two-level structure) with one user per role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from onestop.accounts.models import PASSWORD_METHOD, Role, User
from onestop.accounts.services import create_user
from onestop.db import db
from onestop.organisation.models import Department, Unit, UnitLevel
from onestop.organisation.services import create_department, create_unit

# Not a secret: printed by `make run` so a first-time visitor can sign in.
DEMO_PASSWORD = "onestop-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    level: UnitLevel
    parent: str | None
    place: str
    desk: str
    departments: tuple[str, ...]


UNITS = (
    DemoUnit(
        "000.00.00.H56",
        "UBND tỉnh Thanh Hóa",
        UnitLevel.PROVINCE,
        None,
        "Thanh Hóa",
        "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
        (),
    ),
    DemoUnit(
        "000.00.14.H56",
        "Sở Tư pháp tỉnh Thanh Hóa",
        UnitLevel.AGENCY,
        "000.00.00.H56",
        "Thanh Hóa",
        "Bộ phận Một cửa Sở Tư pháp",
        ("Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"),
    ),
    DemoUnit(
        "000.00.20.H56",
        "Sở Xây dựng tỉnh Thanh Hóa",
        UnitLevel.AGENCY,
        "000.00.00.H56",
        "Thanh Hóa",
        "Bộ phận Một cửa Sở Xây dựng",
        ("Phòng Quản lý hoạt động xây dựng",),
    ),
    DemoUnit(
        "000.00.35.H56",
        "Văn phòng Đăng ký đất đai tỉnh Thanh Hóa",
        UnitLevel.AGENCY,
        "000.00.00.H56",
        "Thanh Hóa",
        "Bộ phận Một cửa Văn phòng Đăng ký đất đai",
        ("Phòng Đăng ký và Cấp giấy chứng nhận",),
    ),
    DemoUnit(
        "000.17.22.H56",
        "UBND phường Hạc Thành",
        UnitLevel.COMMUNE,
        "000.00.00.H56",
        "Hạc Thành",
        "Trung tâm Phục vụ hành chính công phường Hạc Thành",
        ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế, Hạ tầng và Đô thị", "Văn phòng HĐND và UBND"),
    ),
    DemoUnit(
        "000.17.23.H56",
        "UBND xã Quảng Phú",
        UnitLevel.COMMUNE,
        "000.00.00.H56",
        "Quảng Phú",
        "Trung tâm Phục vụ hành chính công xã Quảng Phú",
        ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế"),
    ),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    unit_code: str
    department: str | None


USERS = (
    DemoUser("quantri", "Lê Văn Quản", Role.ADMIN, "000.00.00.H56", None),
    DemoUser("giamsat", "Phạm Thị Giám", Role.SUPERVISOR, "000.00.00.H56", None),
    DemoUser("tiepnhan", "Nguyễn Thị Hồng Ngọc", Role.COUNTER_OFFICER, "000.17.22.H56", None),
    DemoUser(
        "chuyenvien", "Trần Văn Minh", Role.OFFICER, "000.17.22.H56", "Phòng Văn hóa - Xã hội"
    ),
    DemoUser(
        "chuyenvien2",
        "Đỗ Thị Lan",
        Role.OFFICER,
        "000.17.22.H56",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
    ),
    DemoUser("lanhdao", "Hoàng Đức Thắng", Role.HEAD, "000.17.22.H56", "Phòng Văn hóa - Xã hội"),
    DemoUser(
        "lanhdao2", "Vũ Thị Hạnh", Role.HEAD, "000.17.22.H56", "Phòng Kinh tế, Hạ tầng và Đô thị"
    ),
)


@cache
def _demo_password_hash() -> str:
    return generate_password_hash(DEMO_PASSWORD, method=PASSWORD_METHOD)


def seed_demo(progress: Callable[[str], None] = lambda _: None) -> int:
    """Create the demo organisation and users where missing; return how many rows were added."""
    added = 0
    by_code: dict[str, Unit] = {}
    for spec in UNITS:
        progress(spec.name)
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == spec.code))
        if unit is None:
            unit = create_unit(
                code=spec.code,
                name=spec.name,
                level=spec.level,
                parent=by_code[spec.parent] if spec.parent else None,
                place_name=spec.place,
                desk_name=spec.desk,
                desk_address=f"Trụ sở {spec.name}",
            )
            added += 1
        by_code[spec.code] = unit
        existing = {d.name for d in unit.departments}
        for name in spec.departments:
            if name not in existing:
                create_department(unit=unit, name=name)
                added += 1
    for person in USERS:
        progress(person.username)
        if db.session.scalar(sa.select(User.id).where(User.username == person.username)):
            continue
        unit = by_code[person.unit_code]
        department = (
            db.session.scalar(
                sa.select(Department).where(
                    Department.unit_id == unit.id, Department.name == person.department
                )
            )
            if person.department
            else None
        )
        create_user(
            username=person.username,
            full_name=person.full_name,
            password=DEMO_PASSWORD,
            password_hash=_demo_password_hash(),
            role=person.role,
            unit=unit,
            department=department,
        )
        added += 1
    db.session.flush()
    return added
