"""Browser fixtures: the real app on a live port with its own database, driven by Chromium.

The rest of the suite rolls every test back inside one connection; a server answering from
another thread cannot see that, so these tests get a database of their own (a temporary SQLite
file, or a fresh PostgreSQL database when DATABASE_URL names a server), migrated and seeded with
the demo organisation and the seed procedure catalogue, with every write committed. Tests share
it: data a test creates must have names no other test uses.

Every test gets a fresh browser context whose requests and console are watched: a request to
any other host, a Content-Security-Policy violation, a script error or a server error fails the
test. A full-page screenshot of each page is saved to test-artifacts/browser/ at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from onestop import PROJECT_ROOT, create_app
from onestop.catalogue.loader import load_specs
from onestop.catalogue.spec import load_seed
from onestop.db import db
from onestop.demo import DEMO_PASSWORD, seed_demo
from tests.conftest import IN_CI, artifact_dir

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extras are not installed
    sync_playwright = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, Response

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up, and on a machine with no internet
    # the refused connections disturb the page loads under test.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
COUNTER_PC = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000

# Reports the browser's own CSP events, whatever wording the console uses this year.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""

_skipped_because: list[str] = []


def chromium_executable() -> str | None:
    """Return the Chromium to drive: $ONESTOP_CHROMIUM, else Debian's `chromium` on PATH."""
    explicit = os.environ.get("ONESTOP_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped_because:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_skipped_because[0], red=True, bold=True)


# ---- the live server ----------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        """Keep the test output readable; errors are still logged."""


@dataclass
class LiveServer:
    app: Flask
    url: str

    @contextmanager
    def data(self) -> Iterator[None]:
        """Open an app context for writing test data; commit at the end so the server sees it."""
        with self.app.app_context():
            yield
            db.session.commit()


@contextmanager
def _own_database(directory: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database (a file in `directory` unless PostgreSQL)."""
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        yield f"sqlite:///{directory / 'browser.sqlite3'}"
        return
    name = f"onestop_browser_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", server_url),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL at {admin.url!r} is unreachable: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the real app on 127.0.0.1 (a free port) from a thread, on its own database.

    The database holds the demo organisation and the seed procedure catalogue.
    """
    with _own_database(tmp_path_factory.mktemp("browser-db")) as url:
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "browser-test-secret-key",
                "SESSION_COOKIE_SECURE": False,  # plain HTTP on localhost
                "REMEMBER_COOKIE_SECURE": False,
                "RATELIMIT_STORAGE_URI": "memory://",
                # Every test signs in from 127.0.0.1; the per-address limit itself is
                # tested in tests/accounts/test_login.py.
                "LOGIN_RATE_LIMIT": "1000 per minute",
                # Scans accepted at the counter stay out of the working tree's instance folder.
                "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("browser-uploads")),
            }
        )
        with app.app_context():
            upgrade()
            seed_demo()
            # The catalogue too: the public pages and the citizen portal need procedures.
            load_specs(load_seed(PROJECT_ROOT / "seed_procedures.yaml"))
            db.session.commit()
        server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
        )
        base_url = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_BASE_URL"] = base_url
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(app=app, url=base_url)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            with app.app_context():
                db.engine.dispose()


# ---- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests; skipped loudly (failed in CI) when it is missing."""
    executable = chromium_executable()
    problem = None
    if sync_playwright is None:
        problem = "the Python package `playwright` is not installed (pip install -e '.[dev]')"
    elif executable is None:
        problem = "Chromium is not installed: run scripts/install-system-deps.sh"
    if problem:
        message = f"browser tests need Chromium and Playwright: {problem}"
        if IN_CI:
            pytest.fail(message)
        if not _skipped_because:  # printed as a banner at the end of the run
            _skipped_because.append(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserLog:
    """What the pages of one context asked for and complained about."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin + "/")]

    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m or "CSP" in m]

    def problems(self) -> list[str]:
        """Everything that fails a test whatever it checks."""
        return (
            [f"request to another host: {url}" for url in self.foreign_requests()]
            + [f"CSP: {m}" for m in self.csp_violations()]
            + [f"script error: {m}" for m in self.page_errors]
            + [f"server error: {m}" for m in self.server_errors]
        )

    def clear(self) -> None:
        self.requests.clear()
        self.console_errors.clear()
        self.page_errors.clear()
        self.server_errors.clear()

    def watch(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("response", self._on_response)
        context.add_init_script(CSP_LISTENER)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")


def _artifact_name(node: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", node.name).strip("-")


NewContext = Callable[..., "BrowserContext"]


@pytest.fixture
def browser_log(live_server: LiveServer) -> BrowserLog:
    return BrowserLog(origin=live_server.url)


@pytest.fixture
def new_context(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: LiveServer,
    browser_log: BrowserLog,
) -> Iterator[NewContext]:
    """Open browser contexts (a counter PC unless told otherwise), watched and screenshotted."""
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        settings = {
            "base_url": live_server.url,
            "viewport": COUNTER_PC,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        browser_log.watch(context)
        contexts.append(context)
        return context

    yield open_context

    # Screenshots first, whatever the outcome: they are what one looks at after a failure.
    directory = artifact_dir("browser")
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        suffix = "" if number == 1 else f"-{number}"
        try:
            page.screenshot(
                path=str(directory / f"{_artifact_name(request.node)}{suffix}.png"),
                full_page=True,
            )
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"screenshot failed: {exc}", file=sys.stderr)
    for context in contexts:
        context.close()
    problems = browser_log.problems()
    assert not problems, "the browser saw:\n" + "\n".join(problems)


@pytest.fixture
def context(new_context: NewContext) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# ---- signing in ---------------------------------------------------------------------------

_cookies_by_user: dict[str, list[Any]] = {}


def submit(page: Page, button: str) -> None:
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def submit_login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the real login form and press its button."""
    if not page.url.endswith("/login"):
        page.goto("/login")
    # By id, not label: this works whatever language the page is in.
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def sign_in(page: Page, username: str) -> None:
    """Be signed in as a demo (or test-made) user; the form is used once per user per run."""
    cookies = _cookies_by_user.get(username)
    if cookies:
        page.context.add_cookies(cookies)
        page.goto("/")
        # Staff land on "/"; a visitor is sent to the catalogue. A kept cookie stops working
        # once that account signs out anywhere (the session token is renewed on the server).
        if urlsplit(page.url).path == "/":
            return
    submit_login(page, username)
    assert not page.url.endswith("/login"), f"{username} could not sign in"
    _cookies_by_user[username] = page.context.cookies()


def menu_labels(page: Page) -> list[str]:
    """The main navigation as the user sees it."""
    return [text.strip() for text in page.locator("nav.mainnav a .nav-label").all_inner_texts()]


def choose(select: Locator, text: str) -> None:
    """Select the option showing `text`, ignoring the non-breaking spaces that indent trees."""
    select.wait_for()  # reading the options does not wait for the page by itself
    labels = [t.replace("\xa0", " ").strip() for t in select.locator("option").all_text_contents()]
    assert text in labels, f"no option {text!r} in {labels}"
    select.select_option(index=labels.index(text))


def field_error(page: Page, field_id: str) -> str:
    """The message shown in the same field block as the input `field_id`."""
    return page.locator(f".field:has(#{field_id}) .error").inner_text().strip()


def dangling_descriptions(page: Page) -> list[str]:
    """The ids named by aria-describedby that no element on the page has."""
    missing = page.evaluate("""() => [...document.querySelectorAll("[aria-describedby]")]
        .flatMap((element) => element.getAttribute("aria-describedby").split(/\\s+/))
        .filter((id) => id && !document.getElementById(id))""")
    return [str(id_) for id_ in missing]


def page_widths(page: Page) -> tuple[int, int]:
    """Return (content width, viewport width) of the page."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return int(widths[0]), int(widths[1])
