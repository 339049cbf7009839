"""Work queues: what lands where, counts in the menu, and a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.processing import handoffs
from onestop.processing.models import CaseStep
from onestop.processing.queues import queue_counts
from tests.conftest import login
from tests.processing.conftest import at, new_case, received, transferred


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """Record every SQL statement sent while the block runs."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Savepoints come from the test's rolled-back transaction, not from the page.
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _clone(case: Case, step: CaseStep, copies: int, start: int = 0) -> None:
    """Add `copies` more cases like `case`, each with its step (fast, straight SQL)."""
    cases, steps = Case.__table__, CaseStep.__table__
    case_row = dict(
        db.session.execute(sa.select(cases).where(cases.c.id == case.id)).one()._mapping
    )
    step_row = dict(
        db.session.execute(sa.select(steps).where(steps.c.id == step.id)).one()._mapping
    )
    for n in range(start, start + copies):
        values = {**case_row, "code": f"{case.code}-{n}", "register_line": None}
        values.pop("id")
        values["due_at"] = case_row["due_at"] + timedelta(minutes=n)
        new_id = db.session.execute(sa.insert(cases).values(values)).inserted_primary_key[0]
        step_values = {**step_row, "case_id": new_id}
        step_values.pop("id")
        db.session.execute(sa.insert(steps).values(step_values))
    db.session.commit()


def _assigned_case(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any]
) -> tuple[Case, CaseStep]:
    now = utcnow()
    with app.test_request_context():
        case = new_case(staff, catalogue, now=now - timedelta(minutes=5))
        step = received(staff, transferred(staff, case, now=now - timedelta(minutes=4)), now=now)
    return case, step


def test_a_queue_page_runs_the_same_queries_for_10_and_500_cases(
    app: Flask, client: FlaskClient, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case, step = _assigned_case(app, staff, catalogue)
    _clone(case, step, 9)
    login(client, "chuyenvien")
    client.get("/work")  # warm the calendar cache
    db.session.expire_all()  # the test shares the requests' session: start both counts cold
    with counting(app) as small:
        page = client.get("/work?q=mine").get_data(as_text=True)
    assert page.count('href="/cases/') == 10

    _clone(case, step, 490, start=9)
    db.session.expire_all()
    with counting(app) as large:
        page = client.get("/work?q=mine").get_data(as_text=True)
    assert page.count('href="/cases/') == 500
    assert len(large) == len(small), (small, large)
    assert len(small) <= 8


@pytest.mark.usefixtures("ctx")
def test_cases_land_in_the_right_queues(staff: dict[str, User], catalogue: dict[str, Any]) -> None:
    case = new_case(staff, catalogue)
    step = transferred(staff, case)
    now = at(9, 9, 30)
    assert queue_counts(staff["lanhdao"], now)["unassigned"] == 1
    assert queue_counts(staff["chuyenvien"], now)["unassigned"] == 1
    assert queue_counts(staff["chuyenvien2"], now)["unassigned"] == 0
    handoffs.assign_step(step, staff["chuyenvien"], actor=staff["lanhdao"], now=now, version=None)
    counts = queue_counts(staff["chuyenvien"], now)
    assert counts["mine"] == 1 and counts["unassigned"] == 0
    # Case due Thu 12 March 08:00.
    assert queue_counts(staff["chuyenvien"], at(12, 7))["due_today"] == 1
    assert queue_counts(staff["chuyenvien"], at(10, 9))["due_soon"] == 1
    assert queue_counts(staff["chuyenvien"], at(9, 9, 30))["due_soon"] == 0
    assert queue_counts(staff["chuyenvien"], at(12, 9))["overdue"] == 1
    assert queue_counts(staff["lanhdao"], at(12, 9))["overdue"] == 1


def test_the_menu_shows_how_much_work_waits(
    app: Flask, client: FlaskClient, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    _assigned_case(app, staff, catalogue)
    login(client, "chuyenvien")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="nav-count"' in html and ">1</span>" in html


@pytest.mark.usefixtures("ctx")
def test_paper_dossiers_transferred_after_15_00_start_the_next_working_day(
    staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    from onestop.catalogue.model import Channel

    paper = new_case(staff, catalogue, now=at(13, 14))
    step = transferred(staff, paper, now=at(13, 15, 30))  # Friday afternoon
    assert step.started_at == at(16, 7)  # Monday's opening
    online = new_case(staff, catalogue, now=at(13, 14), channel=Channel.ONLINE)
    step = transferred(staff, online, now=at(13, 15, 30))
    assert step.started_at == at(13, 15, 30)
