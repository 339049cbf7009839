"""Forms 01–05 as the desk prints them: signed by a unit with a certificate, unchanged without."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pyhanko.pdf_utils.reader import PdfFileReader

from onestop.accounts.models import User
from onestop.cases.intake import issue_slip
from onestop.cases.models import Case, CounterSlip, SlipKind
from onestop.counter.printing import receipt_data
from onestop.db import db, utcnow
from onestop.documents.receipt import render_receipt
from onestop.processing import lateness
from onestop.signing.models import DocumentKind, SigningCertificate
from tests.cases.factories import applicant
from tests.conftest import login
from tests.documents.readback import all_text
from tests.processing.conftest import at, new_case, received, transferred
from tests.signing.helpers import give_certificate, signed_documents
from tests.signing.pki import Pki, tsa_server
from tests.signing.readback import pyhanko_status

UNIT_NAME = "UBND phường Hạc Thành"


@pytest.fixture
def signing_unit(app: Flask, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki) -> None:
    """UBND phường Hạc Thành holds a valid signing certificate."""
    give_certificate(app, demo["tiepnhan"].unit, pki.unit, pki, demo["quantri"])


def _case(app: Flask, demo: dict[str, User], catalogue: dict[str, Any]) -> Case:
    with app.test_request_context():
        return new_case(demo, catalogue)


def _signatures(pdf: bytes) -> int:
    return len(PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures)


def test_the_receipt_is_signed_once_and_printed_again_identically(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki,
    signing_unit: None,
) -> None:  # fmt: skip
    case = _case(app, demo, catalogue)
    login(client, "tiepnhan")
    first = client.get(f"/cases/{case.id}/receipt.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    status = pyhanko_status(first.data, pki.root)
    assert status.bottom_line and status.signing_cert.subject.native["common_name"] == UNIT_NAME
    assert case.code is not None and case.code in all_text(first.data)  # still the same form
    again = client.get(f"/cases/{case.id}/receipt.pdf")
    assert again.data == first.data
    [document] = signed_documents()
    assert document.kind is DocumentKind.RECEIPT and document.reference == case.code
    assert document.signer_name == UNIT_NAME and not document.timestamped


def test_a_unit_without_a_certificate_prints_as_before(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    case = _case(app, demo, catalogue)
    login(client, "tiepnhan")
    pdf = client.get(f"/cases/{case.id}/receipt.pdf").data
    with app.test_request_context():
        assert pdf == render_receipt(receipt_data(case, base_url=app.config["PUBLIC_BASE_URL"]))
    assert _signatures(pdf) == 0 and signed_documents() == []


def test_an_expired_certificate_prints_unsigned(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any],
    signing_unit: None,
) -> None:  # fmt: skip
    row = db.session.scalar(sa.select(SigningCertificate))
    assert row is not None
    row.not_after = utcnow() - timedelta(minutes=1)
    db.session.commit()
    case = _case(app, demo, catalogue)
    login(client, "tiepnhan")
    assert _signatures(client.get(f"/cases/{case.id}/receipt.pdf").data) == 0
    assert signed_documents() == []


@pytest.mark.parametrize("kind", [SlipKind.SUPPLEMENT, SlipKind.REFUSAL])
def test_slips_02_and_03_are_signed(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki,
    signing_unit: None, kind: SlipKind,
) -> None:  # fmt: skip
    with app.test_request_context():
        slip = issue_slip(
            kind,
            procedure=catalogue["1.001193"],
            applicant=applicant(),
            officer=demo["tiepnhan"],
            now=utcnow(),
            items=[{"name": "Giấy chứng sinh", "originals": 1, "copies": 0}],
            reason="Hồ sơ không thuộc thẩm quyền giải quyết của phường.",
        )
    db.session.commit()
    login(client, "tiepnhan")
    pdf = client.get(f"/counter/slips/{slip.id}.pdf").data
    assert pyhanko_status(pdf, pki.root).bottom_line
    [document] = signed_documents()
    suffix = "PBS" if kind is SlipKind.SUPPLEMENT else "PTC"
    assert document.slip_id == slip.id and document.reference.endswith(suffix)
    assert db.session.get(CounterSlip, slip.id) is not None


def test_the_apology_and_the_control_slip_are_signed(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki,
    signing_unit: None,
) -> None:  # fmt: skip
    with app.test_request_context():
        case = new_case(demo, catalogue)
        received(demo, transferred(demo, case))
        lateness.issue_apology(
            case, at(16, 16), "Cần xác minh thêm tại nơi cư trú", actor=demo["lanhdao"],
            now=at(10, 9), version=case.version,
        )  # fmt: skip
        db.session.commit()
    login(client, "lanhdao")
    apology = client.get(f"/cases/{case.id}/apology.pdf").data
    control = client.get(f"/cases/{case.id}/control-slip.pdf").data
    for pdf in (apology, control):
        status = pyhanko_status(pdf, pki.root)
        assert status.bottom_line and status.signing_cert.subject.native["common_name"] == UNIT_NAME
    assert "PHIẾU XIN LỖI" in all_text(apology) and "PHIẾU KIỂM SOÁT" in all_text(control)
    assert [d.kind for d in signed_documents()] == [DocumentKind.APOLOGY, DocumentKind.CONTROL_SLIP]
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Văn bản đã ký số" in page and "Phiếu xin lỗi (mẫu 04)" in page


def test_a_configured_tsa_timestamps_what_is_printed(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki,
    signing_unit: None,
) -> None:  # fmt: skip
    case = _case(app, demo, catalogue)
    login(client, "tiepnhan")
    with tsa_server(pki) as url:
        app.config["SIGNING_TSA_URL"] = url
        try:
            pdf = client.get(f"/cases/{case.id}/receipt.pdf").data
        finally:
            app.config["SIGNING_TSA_URL"] = None
    timestamp = pyhanko_status(pdf, pki.root).timestamp_validity
    assert timestamp is not None and timestamp.trusted
    assert signed_documents()[0].timestamped


def test_staff_download_the_signed_receipt_as_issued(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any], pki: Pki,
    signing_unit: None,
) -> None:  # fmt: skip
    case = _case(app, demo, catalogue)
    login(client, "tiepnhan")
    at_desk = client.get(f"/cases/{case.id}/receipt.pdf").data
    with client.get(f"/cases/{case.id}/signed/{signed_documents()[0].id}.pdf") as download:
        assert download.status_code == 200 and download.data == at_desk
