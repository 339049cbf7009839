"""Security fixtures: one of every kind of record, and clients signed in as each kind of user."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.api.tokens import create_token
from onestop.calendar.days import OverrideKind
from onestop.calendar.models import CalendarOverride
from onestop.cases.files import Upload
from onestop.cases.intake import issue_slip
from onestop.cases.models import Case, CaseFile, CounterSlip, SlipKind
from onestop.db import db, utcnow
from onestop.notifications.models import Notification
from onestop.organisation.models import Department, Unit
from onestop.portal.accounts import confirmation_token, register_citizen
from onestop.portal.models import Citizen, OnlineSubmission
from onestop.processing.models import CaseStep
from tests.cases.factories import PDF_BYTES, applicant
from tests.conftest import csrf_token, login
from tests.counter.conftest import BIRTH, make_case
from tests.portal.conftest import PASSWORD, submit_case
from tests.processing.conftest import received, transferred

CITIZEN_EMAIL = "an@example.vn"
# Who may be signed in: nobody, a citizen, and each demo staff account.
WHO = [None, "citizen", "tiepnhan", "chuyenvien", "lanhdao", "giamsat", "quantri"]


@dataclass
class World:
    """One record of each kind a URL can name, all at UBND phường Hạc Thành."""

    case: Case  # accepted at the counter, with a scan, transferred and received
    step: CaseStep
    scan: CaseFile
    slip: CounterSlip
    online: Case  # submitted online by the citizen, waiting at the desk
    citizen: Citizen
    unit: Unit
    department: Department
    user: User
    override: CalendarOverride
    notification: Notification
    api_token_id: int
    api_secret: str
    confirm_token: str


SignIn = Callable[[str | None], FlaskClient]


def citizen_login(client: FlaskClient, identifier: str = CITIZEN_EMAIL) -> Any:
    token = csrf_token(client, "/portal/login")
    return client.post(
        "/portal/login",
        data={"identifier": identifier, "password": PASSWORD, "csrf_token": token},
    )


@pytest.fixture
def sign_in(app: Flask) -> SignIn:
    """Return a new client signed in as `who` (a demo username, "citizen", or None)."""

    def make(who: str | None) -> FlaskClient:
        client = app.test_client()
        if who == "citizen":
            assert citizen_login(client).status_code == 302, "the citizen could not sign in"
        elif who:
            assert login(client, who).status_code == 302, f"{who} could not sign in"
        return client

    return make


@pytest.fixture
def world(app: Flask, demo: dict[str, User], catalogue: dict[str, Any], sign_in: SignIn) -> World:
    with app.test_request_context():
        case = make_case(
            demo["tiepnhan"],
            catalogue[BIRTH],
            uploads=[Upload("Tờ khai.pdf", PDF_BYTES, 0)],
        )
        step = received(demo, transferred(demo, case, now=utcnow()), now=utcnow())
        slip = issue_slip(
            SlipKind.REFUSAL,
            procedure=catalogue[BIRTH],
            applicant=applicant(),
            officer=demo["tiepnhan"],
            now=utcnow(),
            reason="Không thuộc thẩm quyền",
        )
        citizen = register_citizen(
            full_name="Nguyễn Văn An", email=CITIZEN_EMAIL, phone="0987654321", password=PASSWORD
        )
        citizen.confirmed_at = utcnow()
        confirm = confirmation_token(citizen)
        override = CalendarOverride(
            day=date(2031, 12, 31), kind=OverrideKind.DAY_OFF, note="Nghỉ bù"
        )
        db.session.add(override)
        _, secret = create_token(name="Cổng DVC", unit=demo["quantri"].unit, created_by=None)
        db.session.commit()
    submit_case(sign_in("citizen"))
    online = db.session.scalar(sa.select(OnlineSubmission)).case  # type: ignore[union-attr]
    notification = db.session.scalars(sa.select(Notification)).first()
    assert notification is not None, "the intake wrote no notification"
    token_row = db.session.scalar(sa.text("SELECT id FROM api_tokens"))
    return World(
        case=case,
        step=step,
        scan=db.session.scalars(sa.select(CaseFile).where(CaseFile.case_id == case.id)).one(),
        slip=slip,
        online=online,
        citizen=citizen,
        unit=demo["tiepnhan"].unit,
        department=demo["chuyenvien"].department,  # type: ignore[arg-type]
        user=demo["lanhdao"],
        override=override,
        notification=notification,
        api_token_id=int(token_row),
        api_secret=secret,
        confirm_token=confirm,
    )


def fingerprint() -> str:
    """A digest of every row of every table: equal digests, nothing written."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        for row in db.session.execute(sa.select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def hidden_fields(html: str, action_url: str) -> dict[str, str]:
    """The hidden inputs (CSRF token, version) of the page's form posting to `action_url`."""
    assert f'action="{action_url}"' in html, f"no form posting to {action_url}"
    form = html.split(f'action="{action_url}"', 1)[1].split("</form>", 1)[0]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


class _FormReader(HTMLParser):
    """Read the values a browser would send from the first form posting to `action`."""

    def __init__(self, page: str, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.action = page, action
        self.values: dict[str, str] = {}
        self._inside = self._done = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self._done and (a.get("action") or self.page) == self.action:
            self._inside = True
        if not self._inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.values[name] = a.get("value", "y" if a.get("type") == "checkbox" else "")
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.values)
        ):
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._inside:
            self._inside, self._done = False, True


def fill_in(client: FlaskClient, page: str, changes: dict[str, Any], action: str = "") -> Any:
    """Open `page`, change some fields of its form (posting to `action`, default the page), send it."""
    action = action or page
    reader = _FormReader(page, action)
    reader.feed(client.get(page).get_data(as_text=True))
    assert reader.values, f"no form posting to {action} on {page}"
    return client.post(action, data={**reader.values, **changes})
