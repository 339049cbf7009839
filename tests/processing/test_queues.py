"""Work queues: what lands where, counts in the menu, and a constant number of queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from html import unescape
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop import pagination
from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.processing import handoffs
from onestop.processing.models import CaseStep
from onestop.processing.queues import queue_counts, queue_steps
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


def _clone(
    case: Case, step: CaseStep, copies: int, start: int = 0, *, due: datetime | None = None
) -> None:
    """Add `copies` more cases like `case` (due `due`, a minute apart), each with its step.

    Fast, straight SQL. Without `due` the copies are due a minute apart after `case`.
    """
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
        values["due_at"] = (due or case_row["due_at"]) + timedelta(minutes=n)
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
    # One page of 50 of the 500, with the same queries.
    assert page.count('href="/cases/') == 50 and "1–50 trong tổng số 500" in page
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


CODES = re.compile(r'href="/cases/\d+"><code>([^<]+)</code>')


def _codes(html: str) -> list[str]:
    return CODES.findall(html)


def _links(html: str) -> dict[str, str]:
    """The pager's links: text (page number, Previous, Next) -> address."""
    nav = html.split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    return {
        text: unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    }


def _queued_in_order(user: User, queue: str) -> list[str]:
    """Every case code of a queue in the order the pages promise (straight from the database)."""
    with_counts = queue_counts(user, utcnow())
    window = pagination.PageRequest("page", 1, 10_000).settle(with_counts[queue])
    return [s.case.code for s in queue_steps(user, queue, utcnow(), window)]


@pytest.fixture
def sixty_overdue(app: Flask, staff: dict[str, User], catalogue: dict[str, Any]) -> list[str]:
    """60 cases in chuyenvien's hands, all overdue (due yesterday, a minute apart)."""
    case, step = _assigned_case(app, staff, catalogue)
    yesterday = utcnow() - timedelta(days=1)
    db.session.execute(
        sa.update(Case).where(Case.id == case.id).values(due_at=yesterday - timedelta(hours=1))
    )
    _clone(case, step, 59, due=yesterday)
    with app.test_request_context():
        return _queued_in_order(staff["chuyenvien"], "overdue")


@pytest.mark.parametrize("who", ["chuyenvien", "lanhdao"])
def test_a_long_queue_shows_50_and_the_rest_on_the_second_page(
    client: FlaskClient, sixty_overdue: list[str], who: str
) -> None:
    """The officer's and the head's overdue queue: 60 cases, pages of 50, the filter kept."""
    assert len(sixty_overdue) == 60
    login(client, who)
    first = client.get("/work?q=overdue").get_data(as_text=True)
    assert _codes(first) == sixty_overdue[:50]
    assert "Đang hiển thị 1–50 trong tổng số 60" in first
    # The tab keeps counting the whole queue.
    assert re.search(r'data-queue="overdue">[^<]*<span class="count">60</span>', first)
    links = _links(first)
    assert links == {"2": "/work?q=overdue&page=2", "Trang sau": "/work?q=overdue&page=2"}

    second = client.get(links["2"]).get_data(as_text=True)
    assert _codes(second) == sixty_overdue[50:]
    assert "Đang hiển thị 51–60 trong tổng số 60" in second
    assert 'aria-current="page" data-queue="overdue"' in second  # still the overdue queue
    assert _links(second) == {
        "Trang trước": "/work?q=overdue&page=1",
        "1": "/work?q=overdue&page=1",
    }
    # The same page asked again lists the same cases in the same order.
    assert _codes(client.get(links["2"]).get_data(as_text=True)) == sixty_overdue[50:]


def test_the_page_size_is_bounded_and_kept_in_the_links(
    client: FlaskClient, sixty_overdue: list[str]
) -> None:
    login(client, "chuyenvien")
    html = client.get("/work?q=overdue&per_page=20&page=2").get_data(as_text=True)
    assert _codes(html) == sixty_overdue[20:40]
    assert _links(html)["3"] == "/work?q=overdue&per_page=20&page=3"
    # Asked for more than 200 or fewer than 10: the bounds.
    assert len(_codes(client.get("/work?q=overdue&per_page=100000").get_data(as_text=True))) == 60
    assert (
        _codes(client.get("/work?q=overdue&per_page=1").get_data(as_text=True))
        == (sixty_overdue[:10])
    )


def test_a_page_past_the_end_shows_the_last_and_a_bad_one_is_not_found(
    client: FlaskClient, sixty_overdue: list[str]
) -> None:
    login(client, "chuyenvien")
    past = client.get("/work?q=overdue&page=9")
    assert past.status_code == 200
    assert _codes(past.get_data(as_text=True)) == sixty_overdue[50:]
    for bad in ("0", "-1", "abc", "²", "1" * 12):
        assert client.get(f"/work?q=overdue&page={bad}").status_code == 404, bad


def test_the_menu_badge_counts_the_whole_queue_not_the_page(
    client: FlaskClient, sixty_overdue: list[str]
) -> None:
    login(client, "chuyenvien")
    html = client.get("/work?q=mine").get_data(as_text=True)
    assert len(_codes(html)) == 50
    assert re.search(r'<span class="nav-count"[^>]*>60</span>', html)
    assert re.search(r'data-queue="mine">[^<]*<span class="count">60</span>', html)
