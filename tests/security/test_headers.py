"""Every GET page, as every kind of user, answers with the security headers; templates need no inline code."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from flask import Flask

from onestop import PROJECT_ROOT
from onestop.security import CONTENT_SECURITY_POLICY
from tests.counter.conftest import BIRTH
from tests.security.conftest import WHO, SignIn, World
from tests.security.hostile import active_content


def get_urls(world: World) -> dict[str, str]:
    """The URL to open for each GET endpoint, with ids of records that exist."""
    case, day = world.case, world.case.accepted_at.date().isoformat()  # type: ignore[union-attr]
    register_range = f"start={day[:8]}01&end={day}"
    return {
        "home.index": "/",
        "home.health": "/healthz",
        "static": "/static/css/app.css",
        "auth.login": "/login",
        "admin.api_tokens": "/admin/api-tokens",
        "admin.calendar": "/admin/calendar",
        "admin.calendar_retime": "/admin/calendar/retime",
        "admin.departments": "/admin/departments",
        "admin.department_edit": f"/admin/departments/{world.department.id}",
        "admin.department_new": "/admin/departments/new",
        "admin.notifications": "/admin/notifications",
        "admin.units": "/admin/units",
        "admin.unit_edit": f"/admin/units/{world.unit.id}",
        "admin.unit_new": "/admin/units/new",
        "admin.users": "/admin/users",
        "admin.user_edit": f"/admin/users/{world.user.id}",
        "admin.user_new": "/admin/users/new",
        "api.case": f"/api/v1/cases/{case.code}",
        "api.changes": "/api/v1/cases/changes",
        "api.openapi": "/api/v1/openapi.json",
        "api.procedures": "/api/v1/procedures",
        "api.procedure": f"/api/v1/procedures/{BIRTH}",
        "api.status": f"/api/v1/status?code={case.code}&key={case.lookup_code}",
        "counter.case": f"/cases/{case.id}",
        "processing.apology": f"/cases/{case.id}/apology.pdf",
        "processing.control_slip": f"/cases/{case.id}/control-slip.pdf",
        "counter.scan": f"/cases/{case.id}/files/{world.scan.id}",
        "counter.receipt": f"/cases/{case.id}/receipt.pdf",
        "counter.signed_document": f"/cases/{case.id}/signed/1.pdf",
        "admin.unit_certificate": f"/admin/units/{case.handling_unit_id}/certificate",
        "admin.trusted_roots": "/admin/trusted-roots",
        "portal.check_document": f"/check?code={case.code}",
        "counter.find": f"/cases/find?code={case.code}",
        "counter.cases": "/counter/cases",
        "counter.intake": "/counter/intake",
        "counter.intake_form_page": f"/counter/intake/{BIRTH}",
        "counter.online": "/counter/online",
        "counter.online_case": f"/counter/online/{world.online.id}",
        "counter.register": f"/counter/register?{register_range}",
        "counter.register_file": f"/counter/register.xlsx?{register_range}",
        "counter.slip": f"/counter/slips/{world.slip.id}",
        "counter.slip_pdf": f"/counter/slips/{world.slip.id}.pdf",
        "portal.lookup": f"/lookup?code={case.code}&key={case.lookup_code}",
        "portal.my_cases": "/portal/cases",
        "portal.case": f"/portal/cases/{world.online.id}",
        "portal.receipt": f"/portal/cases/{world.online.id}/receipt.pdf",
        "portal.confirm": f"/portal/confirm/{world.confirm_token}",
        "portal.feedback": "/portal/feedback",
        "portal.login": "/portal/login",
        "portal.register": "/portal/register",
        "portal.resend": "/portal/confirm/resend",
        "portal.submit": f"/portal/submit/{BIRTH}",
        "portal.feedback_inbox": "/supervision/feedback",
        "catalogue.index": "/procedures/",
        "catalogue.detail": f"/procedures/{BIRTH}",
        "catalogue.form_file": f"/procedures/{BIRTH}/forms/0",
        "reports.dashboard": "/reports/",
        "reports.cases": "/reports/cases",
        "reports.overdue": "/reports/overdue",
        "reports.overdue_file": "/reports/overdue.xlsx",
        "reports.period_table": "/reports/period",
        "reports.period_file": "/reports/period.pdf",
        "processing.queue": "/work",
        "i18n.switch_language": f"/lang/en?next=/lookup?code={case.code}",
    }


# What nobody gets a 200 from in this world, and why (every other page someone opens).
NOT_A_PAGE_HERE = {
    "portal.receipt": 404,  # the online case has no receipt before the desk accepts it
    "processing.apology": 404,  # no apology was issued for the case
    "counter.find": 302,  # a found case redirects to its page
    "portal.confirm": 302,  # a confirmation redirects to the sign-in page
    "counter.signed_document": 404,  # the unit has no certificate: nothing was signed
    "i18n.switch_language": 302,  # remembers the language, then back to the page it was chosen on
}


def get_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}


def assert_security_headers(path: str, headers: dict[str, str]) -> None:
    assert headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, path
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") == "same-origin", path
    assert headers.get("X-Frame-Options") == "DENY", path


def test_every_get_endpoint_has_a_url_here(app: Flask, world: World) -> None:
    """A new page fails this until it is added above, and so gets its headers checked."""
    assert get_endpoints(app) == set(get_urls(world))


def test_every_page_for_every_user_carries_the_security_headers(
    app: Flask, world: World, sign_in: SignIn
) -> None:
    urls = get_urls(world)
    opened: dict[str, list[int]] = defaultdict(list)
    for who in WHO:
        client = sign_in(who)
        for endpoint, url in urls.items():
            headers = {}
            if endpoint.startswith("api."):
                headers = {"Authorization": f"Bearer {world.api_secret}"}
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (who, url)
            assert_security_headers(f"{url} as {who}", dict(response.headers))
            if endpoint == "static":
                assert "no-store" not in response.headers.get("Cache-Control", "")
            else:
                # Private or not, nothing dynamic may be kept for the back button or a proxy.
                assert response.headers["Cache-Control"] == "no-store", (who, url)
            opened[endpoint].append(response.status_code)
            response.close()
    # Each page really was reached by someone, not only refused to everyone.
    unreached = {e for e, codes in opened.items() if 200 not in codes}
    assert unreached == set(NOT_A_PAGE_HERE)
    assert all(code in opened[e] for e, code in NOT_A_PAGE_HERE.items())


def test_csp_forbids_inline_code_framing_and_other_origins() -> None:
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


# ---- templates: nothing the CSP would block ---------------------------------------------------


TEMPLATES = sorted((PROJECT_ROOT / "templates").rglob("*.html"))


def inline_code(markup: str) -> list[str]:
    # Jinja is not HTML: statements and comments go, each expression becomes a plain value.
    markup = re.sub(r"\{[%#].*?[%#]\}", "", markup, flags=re.DOTALL)
    return active_content(re.sub(r"\{\{.*?\}\}", "x", markup, flags=re.DOTALL), styles=True)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_template_has_no_inline_script_handler_style_or_javascript_url(template: Path) -> None:
    assert inline_code(template.read_text()) == []


def test_the_template_check_catches_what_the_csp_blocks() -> None:
    """The check itself must fire, or a clean result would mean nothing."""
    assert len(TEMPLATES) > 40
    samples = {
        "<script>alert(1)</script>": 2,  # no src, and a body
        '<a href="#" onclick="go()">x</a>': 1,
        '<p style="color: red">x</p>': 1,
        '<a href="JavaScript:alert(1)">x</a>': 1,
        "<style>p { color: red }</style>": 1,
        '<script src="/static/js/intake.js" defer></script>': 0,
        '<a href="{{ url_for(\'x\') }}" class="{% if a %}b{% endif %}">x</a>': 0,
    }
    for markup, expected in samples.items():
        assert len(inline_code(markup)) == expected, markup
