"""The counter's lists in pages of 50: results to return, today's cases, online submissions."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.portal.models import Citizen, OnlineSubmission
from tests.conftest import login
from tests.counter.conftest import BIRTH, make_case
from tests.portal.conftest import citizen, submit_case  # noqa: F401 (the citizen fixture)


def _links(html: str, param: str) -> dict[str, str]:
    """One pager's links (text -> address)."""
    nav = html.split(f'data-pager="{param}">', 2)[-1].split("</nav>", 1)[0]
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    return {text: unescape(href) for href, text in found}


def _section(html: str, start: str, end: str | None = None) -> str:
    part = html.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


def test_the_desk_pages_its_results_to_return_and_keeps_the_other_list(
    client: FlaskClient, officer: User, catalogue: dict[str, Any]
) -> None:
    base = utcnow() - timedelta(days=3)
    ready = [
        make_case(officer, catalogue[BIRTH], at=base + timedelta(minutes=n), result_ready=True)
        for n in range(55)
    ]
    today = make_case(officer, catalogue[BIRTH], name="Trần Văn Mới")
    newest_first = [c.code for c in reversed(ready)]

    page = client.get("/counter/cases").get_data(as_text=True)
    ready_part = _section(page, 'id="ready"', 'id="today"')
    assert re.findall(r"<code>([^<]+)</code>", ready_part) == newest_first[:50]
    assert "Đang hiển thị 1–50 trong tổng số 55" in ready_part
    assert today.code in _section(page, 'id="today"')
    assert _links(page, "ready_page")["2"] == "/counter/cases?ready_page=2"

    # The second page of results; today's list (its own pager) stays on its first page.
    second = client.get("/counter/cases?ready_page=2&today_page=1").get_data(as_text=True)
    ready_part = _section(second, 'id="ready"', 'id="today"')
    assert re.findall(r"<code>([^<]+)</code>", ready_part) == newest_first[50:]
    assert "Đang hiển thị 51–55 trong tổng số 55" in ready_part
    assert today.code in _section(second, 'id="today"')
    assert _links(second, "ready_page")["1"] == "/counter/cases?ready_page=1&today_page=1"
    assert client.get("/counter/cases?today_page=x").status_code == 404


def _clone_submission(submission: OnlineSubmission, copies: int) -> None:
    """Add `copies` more new submissions like `submission`, a minute apart (straight SQL)."""
    cases, subs = Case.__table__, OnlineSubmission.__table__
    case_row = dict(
        db.session.execute(sa.select(cases).where(cases.c.id == submission.case_id)).one()._mapping
    )
    sub_row = dict(
        db.session.execute(sa.select(subs).where(subs.c.id == submission.id)).one()._mapping
    )
    for n in range(copies):
        values = {k: v for k, v in case_row.items() if k != "id"}
        case_id = db.session.execute(sa.insert(cases).values(values)).inserted_primary_key[0]
        copy = {k: v for k, v in sub_row.items() if k != "id"}
        copy.update(
            case_id=case_id,
            reference=f"T{n:08d}",
            submit_token=f"copy-{n}",
            submitted_at=sub_row["submitted_at"] + timedelta(minutes=n + 1),
        )
        db.session.execute(sa.insert(subs).values(copy))
    db.session.commit()


def test_the_online_queue_pages_the_submissions_to_check(
    app: Flask,
    client: FlaskClient,
    citizen: Citizen,  # noqa: F811 (the imported fixture)
    demo: dict[str, User],
) -> None:
    assert submit_case(client).status_code == 302
    first = db.session.scalar(sa.select(OnlineSubmission))
    assert first is not None
    _clone_submission(first, 59)
    oldest_first = [first.reference] + [f"T{n:08d}" for n in range(59)]
    client = app.test_client()  # the counter officer's browser, not the citizen's
    login(client, "tiepnhan")

    page = client.get("/counter/online").get_data(as_text=True)
    references = re.findall(r'/counter/online/\d+">([^<]+)</a>', page)
    assert references == oldest_first[:50]
    assert "Đang hiển thị 1–50 trong tổng số 60" in page
    second = client.get(_links(page, "new_page")["2"]).get_data(as_text=True)
    assert re.findall(r'/counter/online/\d+">([^<]+)</a>', second) == oldest_first[50:]
    # Past the last page: the last page.
    past = client.get("/counter/online?new_page=7").get_data(as_text=True)
    assert re.findall(r'/counter/online/\d+">([^<]+)</a>', past) == oldest_first[50:]
