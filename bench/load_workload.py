"""The requests of bench/bench_load.py, built without any HTTP client so a test can replay them.

Each builder returns a `Request`: what a browser would send for one step of one user's work.
The pages' own tokens (CSRF, the one-time intake token) are read from the HTML the server sent,
as a browser's form would carry them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from onestop.demo import DEMO_PASSWORD

# The procedure the counter takes in: birth registration, complete dossier, no scans.
INTAKE_PROCEDURE = "1.001193"
INTAKE_PATH = f"/counter/intake/{INTAKE_PROCEDURE}"
COUNTER_OFFICER = "tiepnhan"
DEPARTMENT_OFFICER = "chuyenvien"
SUPERVISOR = "giamsat"
QUEUES = ("mine", "unassigned", "due_soon", "overdue")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN = ("Thị Hồng Ngọc", "Văn Minh", "Đức Thắng", "Thị Hạnh", "Quang Huy", "Thu Trang")

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_INTAKE_TOKEN = re.compile(r'name="token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Request:
    """One HTTP request of the workload; `kind` names its row in the results table."""

    kind: str
    method: str
    path: str
    form: dict[str, str] = field(default_factory=dict)
    multipart: bool = False
    expect_redirect: bool = False  # a form that succeeded redirects; 200 or 400 means it did not


class MissingToken(ValueError):
    """A page came back without the token its form needs (the bench counts it as an error)."""


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise MissingToken("no CSRF token on the page")
    return match.group(1)


def lookup(code: str, key: str) -> Request:
    """The public status page, as the receipt's QR code opens it."""
    return Request("status lookup", "GET", "/lookup?" + urlencode({"code": code, "key": key}))


def login_page() -> Request:
    return Request("login page", "GET", "/login")


def login(page_html: str, username: str) -> Request:
    """Sign a member of staff in with the demo password."""
    form = {"username": username, "password": DEMO_PASSWORD, "csrf_token": csrf_token(page_html)}
    return Request("login", "POST", "/login", form, expect_redirect=True)


def intake_form() -> Request:
    return Request("intake form", "GET", INTAKE_PATH)


def intake_fields(rng: random.Random) -> dict[str, str]:
    """The counter tests' complete birth registration dossier, with an applicant of its own."""
    from tests.counter.conftest import intake_fields as complete_dossier

    return complete_dossier(
        id_number="038" + "".join(rng.choice("0123456789") for _ in range(9)),
        name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        phone="09" + "".join(rng.choice("0123456789") for _ in range(8)),
        email="",
    )


def intake_accept(form_html: str, rng: random.Random) -> Request:
    """Press "Accept" on the intake form: multipart like the browser, with the page's tokens."""
    token = _INTAKE_TOKEN.search(form_html)
    if not token:
        raise MissingToken("no intake token on the form")
    form = {"csrf_token": csrf_token(form_html), "token": token.group(1), **intake_fields(rng)}
    return Request("intake accept", "POST", INTAKE_PATH, form, multipart=True, expect_redirect=True)


def case_page(location: str) -> Request:
    """Where the accepted intake redirects: the case page with its receipt button."""
    parts = urlsplit(location)
    return Request("case page", "GET", parts.path + (f"?{parts.query}" if parts.query else ""))


def queue(rng: random.Random) -> Request:
    return Request("queue page", "GET", "/work?" + urlencode({"q": rng.choice(QUEUES)}))


def dashboard(rng: random.Random, year: int) -> Request:
    """The supervisor's dashboard: this month (the default) or the whole year."""
    if rng.random() < 0.5:
        return Request("dashboard", "GET", "/reports/")
    return Request("dashboard", "GET", "/reports/?" + urlencode({"kind": "year", "year": year}))


def health() -> Request:
    """The app's health check: one SELECT 1 through the whole request machinery, no template."""
    return Request("health check", "GET", "/healthz")


def floor_lookup(code: str, key: str) -> Request:
    """The same lookup against bench/floor_app.py (the statement and a bare page, nothing else)."""
    return Request("floor lookup", "GET", "/lookup?" + urlencode({"code": code, "key": key}))


def bare() -> Request:
    return Request("bare endpoint", "GET", "/")
