"""The result: signed by the unit on approval, or brought signed and verified on upload; shown to all."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.api.national import national_record
from onestop.cases.files import Upload, stored_path
from onestop.cases.models import Case, CaseFile
from onestop.db import db
from onestop.processing import approval
from onestop.processing.common import events_of
from onestop.processing.models import CaseStep, StepState
from onestop.signing.models import DocumentKind, SignatureCheck
from onestop.signing.pdf import sign_pdf
from onestop.signing.verify import Verdict, verify_pdf
from tests.api.test_api import conforms
from tests.cases.factories import PDF_BYTES
from tests.conftest import login
from tests.processing.conftest import at, new_case, received, transferred
from tests.signing.helpers import field_error, give_certificate, post_file, signed_documents, trust
from tests.signing.pki import Issued, Pki, issue, simple_pdf
from tests.signing.test_pdf import NOW

UNIT_NAME = "UBND phường Hạc Thành"
HEAD_NAME = "Lê Thị Lãnh Đạo"


@pytest.fixture
def active(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> CaseStep:
    """A case received by chuyenvien's department, waiting for its draft result."""
    with app.test_request_context():
        return received(demo, transferred(demo, new_case(demo, catalogue)))


def submit(app: Flask, demo: dict[str, User], step: CaseStep, data: bytes) -> None:
    with app.test_request_context():
        approval.submit_draft(
            step, Upload("Quyết định.pdf", data), actor=demo["chuyenvien"], now=at(10, 10),
            version=step.case.version,
        )  # fmt: skip
        db.session.commit()


def approve(app: Flask, demo: dict[str, User], step: CaseStep) -> Case:
    with app.test_request_context():
        case = approval.approve(
            step, actor=demo["lanhdao"], now=at(10, 11), version=step.case.version
        )
        db.session.commit()
    return case


def signed_by(holder: Issued, pki: Pki, name: str, data: bytes | None = None) -> bytes:
    return sign_pdf(
        data or simple_pdf(), holder.credentials(pki.root), signer_name=name, when=NOW
    ).pdf


def lookup(client: FlaskClient, case: Case) -> str:
    return client.get(
        "/lookup", query_string={"code": case.code, "key": case.lookup_code}
    ).get_data(as_text=True)


def api_status(client: FlaskClient, case: Case) -> dict[str, Any]:
    body: dict[str, Any] = client.get(
        "/api/v1/status", query_string={"code": case.code, "key": case.lookup_code}
    ).get_json()
    conforms(body, "PublicStatus")
    return body


def national(case: Case) -> dict[str, Any]:
    from onestop.api.cases import records_for

    return records_for([case])[0]


def test_the_unit_signs_an_unsigned_result_when_the_head_approves(
    app: Flask, client: FlaskClient, demo: dict[str, User], pki: Pki, active: CaseStep
) -> None:
    give_certificate(app, demo["tiepnhan"].unit, pki.unit, pki, demo["quantri"])
    trust(app, pki.root, demo["quantri"])
    submit(app, demo, active, simple_pdf())
    assert api_status(client, active.case)["result_signature"] is None  # no result yet
    case = approve(app, demo, active)

    [document] = signed_documents()
    assert document.kind is DocumentKind.RESULT and not document.signed_elsewhere
    assert document.reference == case.code and document.signer_name == UNIT_NAME
    with app.test_request_context():
        data = stored_path(document.stored_name).read_bytes()
    assert verify_pdf(data, [pki.root.certificate], NOW).valid
    assert events_of(case)[-1].data["signed_document_id"] == document.id

    assert f"Ký số bởi {UNIT_NAME} lúc" in lookup(client, case)
    signature = api_status(client, case)["result_signature"]
    assert signature["signed"] is True and signature["signer"] == UNIT_NAME
    assert signature["signed_at"] is not None and len(signature["signed_at"]) == 14
    with app.test_request_context():
        [result] = national(case)["DanhSachGiayToKetQua"]
    assert result["DaKySo"] is True and result["NguoiKySo"] == UNIT_NAME

    login(client, "lanhdao")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Văn bản đã ký số" in page and "Văn bản kết quả" in page


def test_without_a_certificate_the_result_is_said_to_be_unsigned(
    app: Flask, client: FlaskClient, demo: dict[str, User], active: CaseStep
) -> None:
    submit(app, demo, active, simple_pdf())
    case = approve(app, demo, active)
    assert signed_documents() == []
    assert "Chưa ký số" in lookup(client, case)
    assert api_status(client, case)["result_signature"] == {
        "signed": False, "signer": None, "signed_at": None, "timestamped": False,
    }  # fmt: skip
    with app.test_request_context():
        [result] = national(case)["DanhSachGiayToKetQua"]
    assert result["DaKySo"] is False and result["TenTepDinhKem"] == "Quyết định.pdf"


def test_a_result_signed_elsewhere_is_verified_on_upload_and_kept_as_signed(
    app: Flask, client: FlaskClient, demo: dict[str, User], pki: Pki, active: CaseStep
) -> None:
    give_certificate(app, demo["tiepnhan"].unit, pki.unit, pki, demo["quantri"])
    trust(app, pki.root, demo["quantri"])
    brought = signed_by(pki.department, pki, HEAD_NAME)
    login(client, "chuyenvien")
    response = post_file(
        client,
        f"/cases/{active.case_id}/steps/{active.id}/submit_draft",
        {f"submit_draft-{active.id}-version": str(active.case.version)},
        {f"submit_draft-{active.id}-document": (brought, "Quyết định đã ký.pdf")},
    )
    assert response.status_code == 302
    check = db.session.scalar(sa.select(SignatureCheck))
    assert check is not None and check.signer_name == HEAD_NAME
    assert check.trust_anchor == "Onestop Test Root CA"
    page = client.get(f"/cases/{active.case_id}").get_data(as_text=True)
    assert f"Ký số bởi {HEAD_NAME}" in page and "Đã xác thực khi tải lên" in page

    case = approve(app, demo, active)
    [document] = signed_documents()
    assert document.signed_elsewhere and document.signer_name == HEAD_NAME
    draft = db.session.get(CaseFile, active.draft_file_id)
    assert draft is not None and document.sha256 == draft.sha256  # kept byte for byte
    assert f"Ký số bởi {HEAD_NAME}" in lookup(client, case)


@pytest.mark.parametrize("problem", ["tampered", "appended", "untrusted", "expired"])
def test_a_bad_signed_upload_is_refused_next_to_the_field(
    app: Flask, client: FlaskClient, demo: dict[str, User], pki: Pki, active: CaseStep,
    problem: str,
) -> None:  # fmt: skip
    trust(app, pki.root, demo["quantri"])
    good = signed_by(pki.department, pki, HEAD_NAME)
    at_byte = good.index(b"stream\n", good.index(b"/Contents")) + 12
    expired = issue("Hết Hạn", pki.root, valid_from=NOW.replace(year=NOW.year - 2),
                    valid_until=NOW.replace(year=NOW.year - 1))  # fmt: skip
    files = {
        "tampered": good[:at_byte] + bytes([good[at_byte] ^ 1]) + good[at_byte + 1 :],
        "appended": good + b"\n% one more line\n",
        "untrusted": signed_by(pki.stranger, pki, "Nguyễn Văn Lạ"),
        "expired": signed_by(expired, pki, "Hết Hạn"),
    }
    messages = {
        "tampered": "Văn bản đã bị sửa đổi sau khi ký",
        "appended": "Tệp đã bị thêm nội dung sau khi ký",
        "untrusted": "không do tổ chức chứng thực được hệ thống tin cậy cấp",
        "expired": "đã hết hạn tại thời điểm ký",
    }
    login(client, "chuyenvien")
    field = f"submit_draft-{active.id}-document"
    response = post_file(
        client,
        f"/cases/{active.case_id}/steps/{active.id}/submit_draft",
        {f"submit_draft-{active.id}-version": str(active.case.version)},
        {field: (files[problem], "kq.pdf")},
    )
    assert response.status_code == 422
    message = field_error(response.get_data(as_text=True), field)
    assert (
        message.startswith("Văn bản ký số không được chấp nhận:") and messages[problem] in message
    )
    db.session.expire_all()
    assert active.state is StepState.ACTIVE and active.draft_file_id is None
    assert db.session.scalar(sa.select(sa.func.count(CaseFile.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(SignatureCheck.id))) == 0


def test_an_unreadable_draft_cannot_be_approved_as_signed(
    app: Flask, client: FlaskClient, demo: dict[str, User], pki: Pki, active: CaseStep
) -> None:
    give_certificate(app, demo["tiepnhan"].unit, pki.unit, pki, demo["quantri"])
    submit(app, demo, active, PDF_BYTES)  # looks like a PDF, is not one pyHanko can update
    login(client, "lanhdao")
    response = post_file(
        client,
        f"/cases/{active.case_id}/steps/{active.id}/approve",
        {f"approve-{active.id}-version": str(active.case.version)},
        {},
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không ký số được văn bản kết quả: tệp PDF bị hỏng" in page
    db.session.expire_all()
    assert active.state is StepState.SUBMITTED and signed_documents() == []


def test_the_national_record_has_no_result_before_approval(
    app: Flask, demo: dict[str, User], active: CaseStep
) -> None:
    with app.test_request_context():
        record = national_record(active.case, events_of(active.case), [])
    assert record["DanhSachGiayToKetQua"] == []
    assert verify_pdf(simple_pdf(), [], NOW).verdict is Verdict.UNSIGNED
