"""Every page in a real browser: language switch, nothing from outside, CSP, phone and counter PC."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from onestop.accounts.models import User
from onestop.db import db
from onestop.organisation.models import Unit
from tests.browser.conftest import (
    COUNTER_PC,
    PHONE,
    BrowserLog,
    LiveServer,
    NewContext,
    dangling_descriptions,
    menu_labels,
    page_widths,
    sign_in,
    submit_login,
)
from tests.browser.glyphs import assert_every_glyph, glyph_problems

# (who is signed in, page); None = nobody. Edit pages are named by what they show.
PAGES = [
    (None, "/login"),
    ("tiepnhan", "/"),
    ("quantri", "/"),
    ("quantri", "/admin/units"),
    ("quantri", "/admin/units/new"),
    ("quantri", "/admin/notifications"),
    ("quantri", "unit:000.17.22.H56"),
    ("quantri", "/admin/departments"),
    ("quantri", "/admin/departments/new"),
    ("quantri", "/admin/users"),
    ("quantri", "/admin/users/new"),
    ("quantri", "user:lanhdao"),
    ("quantri", "certificate:000.17.22.H56"),
    ("quantri", "/admin/trusted-roots"),
    (None, "/check"),
]
PAGE_IDS = [f"{who or 'anonymous'}-{path.strip('/') or 'home'}" for who, path in PAGES]


def resolve(live_server: LiveServer, path: str) -> str:
    """Turn "unit:<code>" / "certificate:<code>" / "user:<username>" into the page's path."""
    kind, _, key = path.partition(":")
    if not key:
        return path
    with live_server.app.app_context():
        if kind in ("unit", "certificate"):
            unit_id = db.session.scalar(sa.select(Unit.id).where(Unit.code == key))
            return f"/admin/units/{unit_id}" + ("/certificate" if kind == "certificate" else "")
        return f"/admin/users/{db.session.scalar(sa.select(User.id).where(User.username == key))}"


def open_as(page: Page, live_server: LiveServer, who: str | None, path: str) -> None:
    if who:
        sign_in(page, who)
    response = page.goto(resolve(live_server, path))
    assert response is not None and response.status == 200, path


def test_language_switches_to_english_and_back(page: Page, live_server: LiveServer) -> None:
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Username")).to_be_visible()

    # The choice survives signing in (the session is renewed at login).
    submit_login(page, "quantri")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Lê Văn Quản")
    assert menu_labels(page) == [
        "Home",
        "Procedures",
        "Units",
        "Departments",
        "Users",
        "Working calendar",
        "Integrations",
        "Notifications",
        "Trusted certificates",
    ]

    page.locator("nav.mainnav").get_by_role("link", name="Users").click()
    expect(page).to_have_url(f"{live_server.url}/admin/users")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(f"{live_server.url}/admin/users")  # back where we were
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Người dùng")
    assert menu_labels(page) == [
        "Trang chủ",
        "Thủ tục hành chính",
        "Đơn vị",
        "Phòng ban",
        "Người dùng",
        "Lịch làm việc",
        "Kết nối hệ thống",
        "Thông báo",
        "Chứng thư tin cậy",
    ]


@pytest.mark.parametrize(("who", "path"), PAGES, ids=PAGE_IDS)
def test_page_loads_only_from_the_server_and_breaks_no_csp_rule(
    page: Page, live_server: LiveServer, browser_log: BrowserLog, who: str | None, path: str
) -> None:
    open_as(page, live_server, who, path)

    assert browser_log.requests, "the watch saw no requests at all"
    assert browser_log.foreign_requests() == []
    # Stricter than the watch every test has: no console error of any kind.
    assert browser_log.console_errors == []
    assert browser_log.page_errors == []
    # The stylesheet arrived and applied (a blocked one would leave the bar unstyled).
    assert f"{live_server.url}/static/css/app.css" in browser_log.requests
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(163, 23, 30)")
    # Help and error texts are tied to their fields by id; none may point at nothing.
    assert dangling_descriptions(page) == []


def test_the_watch_catches_csp_violations_and_outside_requests(
    context: BrowserContext, browser_log: BrowserLog
) -> None:
    """Without this, a watch that never fires would look like a clean page."""
    page = context.new_page()
    page.goto("/login")
    with page.expect_console_message(lambda message: "CSP violation" in message.text):
        page.evaluate("""() => {
            const style = document.createElement("style");
            style.textContent = "body { color: red }";
            document.head.append(style);
        }""")
    assert browser_log.csp_violations()

    context.route("http://cdn.example.invalid/**", lambda route: route.fulfill(body="x"))
    page.goto("http://cdn.example.invalid/font.css")
    assert browser_log.foreign_requests() == ["http://cdn.example.invalid/font.css"]

    browser_log.clear()  # seen and expected: the fixture must not fail this test for it


@pytest.mark.parametrize(("who", "path"), PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize(
    "device",
    [
        pytest.param({"viewport": PHONE, "is_mobile": True, "has_touch": True}, id="phone"),
        pytest.param({"viewport": COUNTER_PC}, id="counter-pc"),
    ],
)
def test_page_fits_the_screen_without_sideways_scrolling(
    new_context: NewContext,
    live_server: LiveServer,
    device: dict[str, object],
    who: str | None,
    path: str,
) -> None:
    page = new_context(**device).new_page()
    open_as(page, live_server, who, path)

    content, viewport = page_widths(page)
    width = device["viewport"]["width"]  # type: ignore[index]
    assert viewport == width
    assert content <= viewport, f"{path} is {content}px wide on a {viewport}px screen"
    # Nothing the user needs is pushed off the right edge.
    for element in page.locator("nav.mainnav a, main h1, main button, main a.button").all():
        box = element.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport + 0.5, element
    # A checkbox's short label shares its line with the box; nothing may squeeze it to a column.
    for label in page.locator(".field-check label").all():
        box = label.bounding_box()
        assert box is not None and box["height"] < 30, f"{label.inner_text()!r} wraps"


GLYPH_PAGES = [
    *PAGES,
    (None, "/procedures/"),
    (None, "/procedures/1.001193"),
    (None, "/portal/register"),
    (None, "/portal/feedback"),
]


@pytest.mark.parametrize(
    ("who", "path"), GLYPH_PAGES, ids=[f"{w or 'anonymous'}-{p.strip('/')}" for w, p in GLYPH_PAGES]
)
def test_every_character_is_drawn_from_a_font_that_has_it(
    page: Page, live_server: LiveServer, who: str | None, path: str
) -> None:
    open_as(page, live_server, who, path)
    assert_every_glyph(page)


def test_the_glyph_check_catches_a_character_the_fonts_lack(page: Page) -> None:
    """Without this, a check that never fires would look like a page with every glyph."""
    page.goto("/login")
    assert glyph_problems(page) == []
    page.evaluate("""() => {
        const mark = document.createElement("p");
        mark.textContent = "Đã duyệt ✓";  // U+2713: not in Noto Sans nor Liberation Sans
        document.querySelector("main").append(mark);
    }""")
    problems = glyph_problems(page)
    assert any("fell back to" in p for p in problems), problems
