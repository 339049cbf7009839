"""The counter's online queue: accept, supplement and refuse reach the citizen's own view."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.events import move
from onestop.cases.lifecycle import CaseStatus
from onestop.cases.models import CaseEvent, CaseRating
from onestop.cases.returns import ReturnData, return_result
from onestop.db import db, utcnow
from onestop.portal.models import Citizen, OnlineSubmission
from tests.conftest import csrf_token, login
from tests.portal.conftest import PDF, citizen_login, decide, files, submit_case

CITIZEN_EMAIL = "an@example.vn"


@pytest.fixture
def submission(client: FlaskClient, citizen: Citizen) -> OnlineSubmission:
    submit_case(client)
    found = db.session.scalar(sa.select(OnlineSubmission))
    assert found is not None
    return found


def actions(case_id: int) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(CaseEvent.action).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
    )


def test_the_queue_lists_submissions_to_the_chosen_desk_only(
    app: Flask, desk: FlaskClient, submission: OnlineSubmission, other_desk: FlaskClient
) -> None:
    assert submission.reference in desk.get("/counter/online").get_data(as_text=True)
    assert submission.reference not in other_desk.get("/counter/online").get_data(as_text=True)
    assert other_desk.get(f"/counter/online/{submission.case_id}").status_code == 404


@pytest.fixture
def other_desk(app: Flask, demo: dict[str, User]) -> FlaskClient:
    from onestop.accounts.models import Role
    from onestop.accounts.services import create_user
    from onestop.demo import DEMO_PASSWORD
    from onestop.organisation.models import Unit

    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.23.H56"))
    assert unit is not None
    create_user(
        username="tiepnhan-qp",
        full_name="Lê Thị Quầy",
        password=DEMO_PASSWORD,
        role=Role.COUNTER_OFFICER,
        unit=unit,
    )
    db.session.commit()
    other = app.test_client()
    login(other, "tiepnhan-qp")
    return other


def test_accepting_issues_the_code_and_due_date_and_the_citizen_gets_the_receipt(
    client: FlaskClient, desk: FlaskClient, submission: OnlineSubmission
) -> None:
    case = submission.case
    response = decide(desk, case.id, "accept")
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.ACCEPTED and case.code and case.due_at
    assert case.accepted_at is not None and case.accepted_at >= submission.submitted_at
    assert case.register_line == 1 and case.received_by is not None
    assert actions(case.id) == ["submitted_online", "accepted"]

    page = client.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert case.code in page and case.lookup_code in page
    receipt = client.get(f"/portal/cases/{case.id}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF")
    anonymous = client.application.test_client()
    public = anonymous.get("/lookup", query_string={"code": case.code, "key": case.lookup_code})
    text = public.get_data(as_text=True)
    assert "Nộp hồ sơ trực tuyến" in text
    assert "Nguyễn Văn An" not in text and "N.V.A." in text
    assert "038090001234" not in text and "an@example.vn" not in text


def test_a_supplement_request_shows_what_is_missing_and_the_upload_sends_it_back(
    app: Flask, client: FlaskClient, desk: FlaskClient, submission: OnlineSubmission
) -> None:
    case = submission.case
    response = decide(desk, case.id, "supplement", positions="1", note="Ảnh chụp bị mờ.")
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.SUPPLEMENT and case.code is None
    event = db.session.scalar(
        sa.select(CaseEvent).where(CaseEvent.action == "supplement_requested")
    )
    assert event is not None
    assert event.data == {
        "items": [case.procedure_version.spec.documents[1].name],
        "note": "Ảnh chụp bị mờ.",
    }

    page = client.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert "Bộ phận Một cửa cần bổ sung giấy tờ" in page and "Ảnh chụp bị mờ." in page
    assert 'name="doc_1"' in page and 'name="doc_0"' not in page

    token = csrf_token(client, f"/portal/cases/{case.id}")
    missing = client.post(
        f"/portal/cases/{case.id}/supplement",
        data={"csrf_token": token},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 400
    sent = client.post(
        f"/portal/cases/{case.id}/supplement",
        data={"csrf_token": token, **files(p1=(PDF, "Giấy chứng sinh rõ.pdf"))},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.NEW
    assert actions(case.id) == ["submitted_online", "supplement_requested", "supplement_received"]
    assert "Giấy chứng sinh rõ.pdf" in desk.get(f"/counter/online/{case.id}").get_data(as_text=True)
    assert decide(desk, case.id, "accept").status_code == 302


def test_a_supplement_request_needs_an_item(
    desk: FlaskClient, submission: OnlineSubmission
) -> None:
    response = decide(desk, submission.case_id, "supplement", note="")
    assert response.status_code == 400
    assert "Liệt kê" in response.get_data(as_text=True) or "ít nhất" in response.get_data(
        as_text=True
    )


def test_a_refusal_needs_a_reason_and_the_citizen_reads_it(
    client: FlaskClient, desk: FlaskClient, submission: OnlineSubmission
) -> None:
    case = submission.case
    assert decide(desk, case.id, "refuse", reason="").status_code == 400
    reason = "Thủ tục không thuộc thẩm quyền của phường."
    assert decide(desk, case.id, "refuse", reason=reason).status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.REFUSED and case.refused_at is not None
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.action == "refused"))
    assert event is not None and event.note == reason
    page = client.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert reason in page
    token = csrf_token(desk, "/counter/online")
    late = desk.post(f"/counter/online/{case.id}/accept", data={"csrf_token": token})
    assert late.status_code == 400  # decided already


def test_another_citizen_cannot_open_the_case(app: Flask, submission: OnlineSubmission) -> None:
    from tests.portal.conftest import confirmation_path, register

    stranger = app.test_client()
    register(stranger, "la@example.vn")
    stranger.get(confirmation_path("la@example.vn"))
    citizen_login(stranger, "la@example.vn")
    assert stranger.get(f"/portal/cases/{submission.case_id}").status_code == 404
    assert stranger.get(f"/portal/cases/{submission.case_id}/receipt.pdf").status_code == 404


def test_the_citizen_rates_once_after_the_return(
    client: FlaskClient, desk: FlaskClient, submission: OnlineSubmission, demo: dict[str, User]
) -> None:
    case = submission.case
    decide(desk, case.id, "accept")
    db.session.refresh(case)
    officer = demo["tiepnhan"]
    token = csrf_token(client, f"/portal/cases/{case.id}")
    early = client.post(
        f"/portal/cases/{case.id}/rating", data={"csrf_token": token, "level": "satisfied"}
    )
    assert early.status_code == 302 and db.session.scalar(sa.select(CaseRating)) is None
    move(case, CaseStatus.RESULT_READY, "result_ready", actor=officer, at=utcnow())
    return_result(
        case,
        ReturnData(collector_name="Nguyễn Văn An", collector_id_number="038090001234"),
        officer=officer,
        now=utcnow(),
        version=None,
    )
    db.session.commit()
    page = client.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert "Đánh giá mức độ hài lòng" in page and "Đã trả kết quả" in page
    token = csrf_token(client, f"/portal/cases/{case.id}")
    assert (
        client.post(
            f"/portal/cases/{case.id}/rating", data={"csrf_token": token, "level": "bogus"}
        ).status_code
        == 400
    )
    ok = client.post(
        f"/portal/cases/{case.id}/rating",
        data={"csrf_token": token, "level": "very_satisfied", "comment": "Nhanh, chu đáo."},
    )
    assert ok.status_code == 302
    again = client.post(
        f"/portal/cases/{case.id}/rating", data={"csrf_token": token, "level": "not_satisfied"}
    )
    assert again.status_code in (302, 400)
    ratings = db.session.scalars(sa.select(CaseRating)).all()
    assert (
        len(ratings) == 1 and ratings[0].via == "online" and ratings[0].comment == "Nhanh, chu đáo."
    )
