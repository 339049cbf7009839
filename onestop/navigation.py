"""The navigation menu per role, declared once; entries appear when their page exists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from onestop.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString
    roles: frozenset[Role]
    public: bool = False  # shown to visitors who are not signed in, and to citizens
    citizen: bool = False  # shown to signed-in citizens only


ALL = frozenset(Role)

MENU: tuple[NavItem, ...] = (
    NavItem("home.index", _l("Home"), ALL),
    NavItem("counter.intake", _l("Receive a case"), frozenset({Role.COUNTER_OFFICER})),
    NavItem("counter.cases", _l("Cases at the desk"), frozenset({Role.COUNTER_OFFICER})),
    NavItem("counter.online", _l("Online submissions"), frozenset({Role.COUNTER_OFFICER})),
    NavItem("processing.queue", _l("My work"), frozenset({Role.OFFICER, Role.HEAD})),
    NavItem("reports.dashboard", _l("Reports"), frozenset({Role.SUPERVISOR, Role.HEAD})),
    NavItem("catalogue.index", _l("Procedures"), ALL, public=True),
    NavItem("portal.lookup", _l("Look up a case"), frozenset(), public=True),
    NavItem("portal.check_document", _l("Check a document"), frozenset(), public=True),
    NavItem("portal.my_cases", _l("My cases"), frozenset(), citizen=True),
    NavItem("portal.feedback", _l("Feedback and complaints"), frozenset(), public=True),
    NavItem("portal.feedback_inbox", _l("Feedback received"), frozenset({Role.SUPERVISOR})),
    NavItem("admin.units", _l("Units"), frozenset({Role.ADMIN})),
    NavItem("admin.departments", _l("Departments"), frozenset({Role.ADMIN})),
    NavItem("admin.users", _l("Users"), frozenset({Role.ADMIN})),
    NavItem("admin.calendar", _l("Working calendar"), frozenset({Role.ADMIN})),
    NavItem("admin.api_tokens", _l("Integrations"), frozenset({Role.ADMIN})),
    NavItem("admin.notifications", _l("Notifications"), frozenset({Role.ADMIN})),
    NavItem("admin.trusted_roots", _l("Trusted certificates"), frozenset({Role.ADMIN})),
)


def menu_for_current_user() -> list[NavItem]:
    """Return the menu entries the signed-in user's role may open."""
    existing = current_app.view_functions
    if not current_user.is_authenticated:
        return [item for item in MENU if item.public and item.endpoint in existing]
    if not getattr(current_user, "is_staff", False):  # a citizen: public pages and their own
        return [
            item for item in MENU if (item.public or item.citizen) and item.endpoint in existing
        ]
    return [item for item in MENU if current_user.role in item.roles and item.endpoint in existing]


# Features register how many items wait behind an entry (shown as a badge when not zero).
COUNTS: dict[str, Callable[[Any], int]] = {}


def register_count(endpoint: str, count: Callable[[Any], int]) -> None:
    """Show `count(current_user)` next to the menu entry `endpoint`."""
    COUNTS[endpoint] = count


def nav_count(endpoint: str) -> int:
    """How many items wait behind a menu entry for the signed-in user (0 when none is kept)."""
    count = COUNTS.get(endpoint)
    return count(current_user) if count and current_user.is_authenticated else 0


def init_app(app: Flask) -> None:
    app.jinja_env.globals["navigation_menu"] = menu_for_current_user
    app.jinja_env.globals["nav_count"] = nav_count
