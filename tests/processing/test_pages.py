"""The case page offers each user their actions and no others; two people acting at once."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.errors import CaseChanged
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import Case
from onestop.db import db
from onestop.processing import handoffs
from onestop.processing.common import events_of, steps_of
from onestop.processing.models import StepState
from tests.cases.factories import PDF_BYTES
from tests.conftest import login
from tests.processing.conftest import at, new_case, received, transferred

CONFLICT = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang."


def _active_case(app: Flask, staff: dict[str, User], catalogue: dict[str, Any]) -> Case:
    with app.test_request_context():
        case = new_case(staff, catalogue)
        received(staff, transferred(staff, case))
    return case


def _form_fields(html: str, action_url: str) -> dict[str, str]:
    """The hidden fields (CSRF token, version) of the form posting to `action_url`."""
    form = html.split(f'action="{action_url}"', 1)[1].split("</form>", 1)[0]
    return dict(
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', form)
    ) | dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))


def _actions(html: str) -> set[str]:
    return set(re.findall(r'action="/cases/\d+/(?:steps/\d+|actions)/([a-z_]+)"', html))


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("chuyenvien", {"forward", "transfer_ad_hoc", "request_supplement", "submit_draft"}),
        (
            "lanhdao",
            {"assign", "forward", "transfer_ad_hoc", "request_supplement", "submit_draft"}
            | {"apology", "stop", "refuse"},
        ),
        ("tiepnhan", {"withdraw"}),
        ("chuyenvien2", set()),
        ("giamsat", set()),
    ],
)
def test_the_case_page_shows_only_the_users_actions(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any], username: str, expected: set[str]
) -> None:
    case = _active_case(app, staff, catalogue)
    client = app.test_client()
    login(client, username)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert _actions(html) == expected
    assert "Phiếu kiểm soát" in html or "phiếu kiểm soát" in html


def test_a_forbidden_post_is_refused_and_changes_nothing(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _active_case(app, staff, catalogue)
    step = steps_of(case)[0]
    client = app.test_client()
    login(client, "chuyenvien2")
    html = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert token
    prefix = f"submit_draft-{step.id}"
    response = client.post(
        f"/cases/{case.id}/steps/{step.id}/submit_draft",
        data={
            "csrf_token": token.group(1),
            f"{prefix}-version": str(case.version),
            f"{prefix}-document": (io.BytesIO(PDF_BYTES), "kq.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert step.state is StepState.ACTIVE


def test_two_officers_acting_at_once_one_gets_the_conflict_message(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _active_case(app, staff, catalogue)
    step = steps_of(case)[0]
    handler, head = app.test_client(), app.test_client()
    login(handler, "chuyenvien")
    login(head, "lanhdao")
    page = f"/cases/{case.id}"
    draft_url = f"/cases/{case.id}/steps/{step.id}/submit_draft"
    supplement_url = f"/cases/{case.id}/steps/{step.id}/request_supplement"
    handler_fields = _form_fields(handler.get(page).get_data(as_text=True), draft_url)
    head_fields = _form_fields(head.get(page).get_data(as_text=True), supplement_url)

    prefix = f"submit_draft-{step.id}"
    first = handler.post(
        draft_url,
        data={**handler_fields, f"{prefix}-document": (io.BytesIO(PDF_BYTES), "kq.pdf")},
        content_type="multipart/form-data",
    )
    assert first.status_code == 302
    second = head.post(
        supplement_url,
        data={**head_fields, f"request_supplement-{step.id}-items": "Tờ khai"},
        follow_redirects=True,
    )
    assert CONFLICT in second.get_data(as_text=True)
    db.session.expire_all()
    assert case.status is CaseStatus.IN_PROGRESS  # the supplement did not go through
    assert steps_of(case)[0].state is StepState.SUBMITTED  # and the draft was not lost
    assert [e.action for e in events_of(case)][-1] == "draft_submitted"


def test_the_same_loaded_version_used_twice_is_refused(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    with app.test_request_context():
        case = new_case(staff, catalogue)
        step = transferred(staff, case)
        seen = case.version
        handoffs.receive_step(step, actor=staff["chuyenvien"], now=at(9, 10), version=seen)
        db.session.commit()
        with pytest.raises(CaseChanged):
            handoffs.assign_step(
                step, staff["chuyenvien"], actor=staff["lanhdao"], now=at(9, 10), version=seen
            )


def test_a_write_racing_past_the_version_check_fails_at_flush(
    app: Flask, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    case = _active_case(app, staff, catalogue)
    step = steps_of(case)[0]
    # Another worker commits between our read and our write.
    db.session.execute(
        sa.update(Case.__table__)
        .where(Case.__table__.c.id == case.id)
        .values(version=case.version + 1)
    )
    with app.test_request_context(), pytest.raises(StaleDataError):
        handoffs.forward_step(
            step, step.department, actor=staff["chuyenvien"], now=at(9, 11), version=case.version
        )


def test_the_control_slip_and_apology_print(
    app: Flask, client: FlaskClient, staff: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _active_case(app, staff, catalogue)
    login(client, "lanhdao")
    slip = client.get(f"/cases/{case.id}/control-slip.pdf")
    assert slip.status_code == 200 and slip.data.startswith(b"%PDF")
    assert client.get(f"/cases/{case.id}/apology.pdf").status_code == 404
