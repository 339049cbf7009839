"""`flask seed-demo` and `flask seed-demo-cases` write demo data into demo databases only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.cases.intake import accept_case
from onestop.db import db, utcnow
from onestop.demo import USERS
from onestop.demo_cases import intake_for
from onestop.demo_guard import DemoSeed
from onestop.organisation.models import Unit, UnitLevel
from onestop.organisation.services import create_unit
from onestop.portal.accounts import register_citizen

# A Monday, 09:00 in Vietnam.
OFFICE_HOURS = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def row_counts() -> dict[str, int]:
    """Rows per table, every table of the schema."""
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for name, table in db.metadata.tables.items()
    }


def marks() -> list[DemoSeed]:
    return list(db.session.scalars(sa.select(DemoSeed)))


def a_real_unit() -> Unit:
    return create_unit(code="000.00.00.H29", name="UBND thành phố Hà Nội", level=UnitLevel.PROVINCE)


def test_an_empty_database_is_seeded_and_marked_as_a_demo(app: Flask) -> None:
    result = run(app, "seed-demo")
    assert result.exit_code == 0, result.output
    assert "Demo data ready" in result.output
    usernames = set(db.session.scalars(sa.select(User.username)))
    assert usernames == {person.username for person in USERS}
    [mark] = marks()
    assert mark.forced is False


def test_seeding_a_demo_database_again_adds_nothing(app: Flask, catalogue: dict[str, Any]) -> None:
    assert run(app, "seed-demo").exit_code == 0
    first = run(app, "seed-demo-cases", "--count", "6")
    assert first.exit_code == 0 and "6 demo cases added." in first.output
    before = row_counts()

    again = run(app, "seed-demo")
    assert again.exit_code == 0, again.output
    assert "(0 rows added)" in again.output
    cases = run(app, "seed-demo-cases", "--count", "6")
    assert cases.exit_code == 0 and "nothing added" in cases.output
    assert row_counts() == before
    assert len(marks()) == 1


def test_a_used_demo_database_stays_a_demo_database(app: Flask, catalogue: dict[str, Any]) -> None:
    """People trying the demo add users and cases; `make run` must still start next time."""
    run(app, "seed-demo")
    hac_thanh = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.22.H56"))
    officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
    assert hac_thanh is not None and officer is not None
    create_user(
        username="thu",
        full_name="Người thử",
        password="thu-demo-12345",
        role=Role.OFFICER,
        unit=hac_thanh,
    )
    procedure = next(iter(catalogue.values()))
    accept_case(
        intake_for(procedure, name="Khách thử", id_number="001099000001"),
        officer=officer,
        now=OFFICE_HOURS,
    )
    db.session.commit()

    assert run(app, "seed-demo").exit_code == 0
    assert run(app, "seed-demo-cases", "--count", "3").exit_code == 0


def _real_user() -> str:
    create_user(
        username="nguyenvana",
        full_name="Nguyễn Văn A",
        password="mat-khau-that-2026",
        role=Role.ADMIN,
        unit=a_real_unit(),
    )
    return "staff users the demo seed did not create: 1 (nguyenvana)"


def _real_admin_with_a_demo_name() -> str:
    # The demo administrator's username, but not the demo password: a real account.
    create_user(
        username="quantri",
        full_name="Lê Văn Thật",
        password="mat-khau-that-2026",
        role=Role.ADMIN,
        unit=create_unit(
            code="000.00.00.H56", name="UBND tỉnh Thanh Hóa", level=UnitLevel.PROVINCE
        ),
    )
    return "staff users the demo seed did not create: 1 (quantri)"


def _real_unit() -> str:
    a_real_unit()
    return "units the demo seed did not create: 1 (000.00.00.H29)"


def _citizen() -> str:
    citizen = register_citizen(
        full_name="Trần Thị B", email="b@example.vn", phone="0912345678", password="mk-2026-abcd"
    )
    db.session.flush()
    return f"citizen accounts: 1 (#{citizen.id})"


@pytest.mark.parametrize(
    "make_real_data", [_real_user, _real_admin_with_a_demo_name, _real_unit, _citizen]
)
@pytest.mark.parametrize("command", ["seed-demo", "seed-demo-cases"])
def test_a_database_with_real_data_is_refused_and_nothing_is_written(
    app: Flask, command: str, make_real_data: Callable[[], str]
) -> None:
    described = make_real_data()
    db.session.commit()
    before = row_counts()

    result = run(app, command)

    assert result.exit_code == 1
    assert "refusing to write demo data" in result.output
    assert described in result.output
    assert "Nothing was written" in result.output and "--allow-existing-data" in result.output
    assert "Demo logins" not in result.output
    db.session.expire_all()
    assert row_counts() == before


def test_real_cases_are_refused(app: Flask, catalogue: dict[str, Any]) -> None:
    """A demo organisation whose mark is gone, with a case that no demo seed opened."""
    run(app, "seed-demo")
    db.session.execute(sa.delete(DemoSeed))
    officer = db.session.scalar(sa.select(User).where(User.username == "tiepnhan"))
    assert officer is not None
    procedure = next(iter(catalogue.values()))
    case = accept_case(
        intake_for(procedure, name="Lê Thị C", id_number="038199012345"),
        officer=officer,
        now=OFFICE_HOURS,
    )
    db.session.commit()

    result = run(app, "seed-demo-cases", "--count", "3")

    assert result.exit_code == 1
    assert f"cases the demo seed did not create: 1 ({case.code})" in result.output
    assert db.session.scalar(sa.select(sa.func.count(DemoSeed.id))) == 0


def test_a_demo_database_seeded_before_the_mark_existed_is_recognised(app: Flask) -> None:
    run(app, "seed-demo")
    db.session.execute(sa.delete(DemoSeed))
    db.session.commit()
    result = run(app, "seed-demo")
    assert result.exit_code == 0, result.output
    assert "(0 rows added)" in result.output
    assert len(marks()) == 1


def test_the_flag_seeds_over_real_data_and_marks_the_database(app: Flask) -> None:
    _real_user()
    db.session.commit()

    result = run(app, "seed-demo", "--allow-existing-data")

    assert result.exit_code == 0, result.output
    usernames = set(db.session.scalars(sa.select(User.username)))
    assert usernames == {"nguyenvana"} | {person.username for person in USERS}
    [mark] = marks()
    assert mark.forced is True
    assert mark.seeded_at <= utcnow()
    # From then on it is a demo database: `make run` starts without the flag.
    assert run(app, "seed-demo").exit_code == 0
