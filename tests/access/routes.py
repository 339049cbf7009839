"""Every route of the app as (endpoint, method), and the URL that names a real record for each."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

IGNORED_METHODS = {"HEAD", "OPTIONS"}

# Which world value fills a URL parameter, by parameter name; endpoints that read the same name
# differently say so in OVERRIDES.
PARAMETERS = {
    "case_id": "case_id",
    "step_id": "step_id",
    "file_id": "file_id",
    "slip_id": "slip_id",
    "unit_id": "unit_id",
    "department_id": "department_id",
    "user_id": "user_id",
    "token_id": "token_id",
    "override_id": "override_id",
    "notification_id": "notification_id",
    "document_id": "document_id",
    "root_id": "root_id",
    "code": "procedure",
    "token": "confirm_token",
}
OVERRIDES: dict[str, dict[str, Any]] = {
    "api.case": {"code": "case_code"},
    "i18n.switch_language": {"code": "en"},
    "catalogue.form_file": {"index": 0},
    "counter.online_case": {"case_id": "online_case_id"},
    "counter.accept_online_case": {"case_id": "online_case_id"},
    "counter.supplement_online_case": {"case_id": "online_case_id"},
    "counter.refuse_online_case": {"case_id": "online_case_id"},
    "portal.case": {"case_id": "online_case_id"},
    "portal.receipt": {"case_id": "online_case_id"},
    "portal.supplement": {"case_id": "online_case_id"},
    "portal.rate": {"case_id": "online_case_id"},
    "processing.case_action": {"action": "stop"},  # the head of the lead step may stop the case
    "processing.step_action": {"action": "approve"},  # the head may approve the submitted draft
    "counter.register_file": {"fmt": "pdf"},
    "reports.period_file": {"fmt": "xlsx"},
    "reports.overdue_file": {"fmt": "pdf"},
    "static": {"filename": "css/app.css"},
}
# Query strings some pages need to show a record ({names} are world values).
QUERIES = {
    "counter.register_file": "?start=2026-03-01&end=2026-03-31",
    "counter.find": "?code={case_code}",
    "portal.lookup": "?code={case_code}&key={lookup_key}",
    "api.status": "?code={case_code}&key={lookup_key}",
}


def routes(app: Flask) -> list[tuple[str, str, str]]:
    """Every (endpoint, method, rule) of the app, sorted."""
    return sorted(
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in IGNORED_METHODS
    )


def url_for_route(endpoint: str, rule: str, values: dict[str, Any]) -> str:
    """The route's URL with every parameter naming a real record (see PARAMETERS)."""
    overrides = OVERRIDES.get(endpoint, {})

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        chosen = overrides.get(name, PARAMETERS.get(name))
        if chosen is None:
            raise KeyError(f"no value for <{name}> of {endpoint}: add it to PARAMETERS")
        return str(values.get(chosen, chosen) if isinstance(chosen, str) else chosen)

    return re.sub(r"<(?:\w+:)?(\w+)>", value, rule) + QUERIES.get(endpoint, "").format(**values)
