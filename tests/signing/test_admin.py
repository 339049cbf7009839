"""The admin screens: a unit's PKCS#12 certificate with its validity, and the trusted roots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import Role, User
from onestop.accounts.services import create_user
from onestop.calendar.workcal import VN_TZ
from onestop.db import db, utcnow
from onestop.demo import DEMO_PASSWORD
from onestop.organisation.models import Unit
from onestop.signing.certificates import CertificateState, certificate_status, signing_key
from onestop.signing.keys import SealBroken, unseal
from onestop.signing.models import SigningCertificate, TrustedRoot
from tests.conftest import login
from tests.signing.helpers import field_error, post_file
from tests.signing.pki import PASSWORD, Pki, issue

NOW = datetime.now(UTC)


@pytest.fixture
def admin(client: FlaskClient, demo: dict[str, User]) -> User:
    login(client, "quantri")
    return demo["quantri"]


@pytest.fixture
def ward(demo: dict[str, User]) -> Unit:
    return demo["tiepnhan"].unit


def certificate_page(unit: Unit) -> str:
    return f"/admin/units/{unit.id}/certificate"


def upload(
    client: FlaskClient, unit: Unit, data: bytes, password: str = PASSWORD
) -> tuple[int, str]:
    response = post_file(
        client, certificate_page(unit), {"password": password}, {"file": (data, "donvi.p12")}
    )
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.status_code, response.get_data(as_text=True)


def test_admin_installs_a_certificate_and_sees_its_validity(
    app: Flask, client: FlaskClient, admin: User, ward: Unit, pki: Pki
) -> None:
    status, page = upload(client, ward, pki.unit.pkcs12(PASSWORD, pki.root))
    assert status == 200
    assert "Đã lưu chứng thư số của UBND phường Hạc Thành." in page
    assert "UBND phường Hạc Thành" in page and "Còn hiệu lực" in page
    assert "Onestop Test Root CA" in page  # issued by
    row = db.session.scalar(
        sa.select(SigningCertificate).where(SigningCertificate.unit_id == ward.id)
    )
    assert row is not None and row.signer_name == "UBND phường Hạc Thành"
    assert row.not_after == pki.unit.certificate.not_valid_after_utc
    # Neither the password nor the key is stored readable.
    stored = " ".join(str(getattr(row, c.key)) for c in SigningCertificate.__table__.columns)
    assert PASSWORD not in stored and "PRIVATE KEY" not in stored
    with app.test_request_context():
        opened = unseal(row.sealed_key, app.config["SECRET_KEY"])
    assert opened.certificate == pki.unit.certificate
    with pytest.raises(SealBroken):
        unseal(row.sealed_key, "another secret key")
    units = client.get("/admin/units").get_data(as_text=True)
    until = pki.unit.certificate.not_valid_after_utc.astimezone(VN_TZ).strftime("%d/%m/%Y")
    assert "Còn hiệu lực" in units and until in units


@pytest.mark.parametrize(
    ("make", "password", "field", "message"),
    [
        ("good", "sai-mật-khẩu", "password", "Sai mật khẩu của tệp chứng thư số."),
        ("pem", PASSWORD, "file", "Tệp này không phải tệp chứng thư số PKCS#12 (.p12 hoặc .pfx)."),
        ("expired", PASSWORD, "file", "Chứng thư số này đã hết hạn ngày"),
        ("future", PASSWORD, "file", "Chứng thư số này chưa có hiệu lực trước ngày"),
        ("encryption", PASSWORD, "file", "Chứng thư số này không được phép dùng để ký văn bản."),
    ],
)
def test_a_bad_certificate_is_refused_next_to_its_field(
    client: FlaskClient, admin: User, ward: Unit, pki: Pki, make: str, password: str, field: str,
    message: str,
) -> None:  # fmt: skip
    holders = {
        "expired": issue("Hết hạn", pki.root, valid_until=NOW - timedelta(days=1)),
        "future": issue("Chưa tới", pki.root, valid_from=NOW + timedelta(days=3)),
        "encryption": issue("Chỉ mã hóa", pki.root, sign=False),
    }
    data = pki.unit.pem() if make == "pem" else holders.get(make, pki.unit).pkcs12(PASSWORD)
    status, page = upload(client, ward, data, password)
    assert status == 400
    assert message in field_error(page, field)
    assert db.session.scalar(sa.select(sa.func.count(SigningCertificate.id))) == 0


def test_a_certificate_expiring_soon_is_saved_with_a_warning(
    client: FlaskClient, admin: User, ward: Unit, pki: Pki
) -> None:
    soon = issue("UBND phường Hạc Thành", pki.root, valid_until=NOW + timedelta(days=12, hours=1))
    status, page = upload(client, ward, soon.pkcs12(PASSWORD, pki.root))
    assert status == 200
    assert "Chứng thư số này sẽ hết hạn sau 12 ngày" in page
    assert "Sắp hết hạn" in client.get("/admin/units").get_data(as_text=True)


def test_a_certificate_that_expired_since_stops_signing_and_says_so(
    app: Flask, client: FlaskClient, admin: User, ward: Unit, pki: Pki
) -> None:
    upload(client, ward, pki.unit.pkcs12(PASSWORD, pki.root))
    row = db.session.scalar(sa.select(SigningCertificate))
    assert row is not None
    row.not_after = NOW - timedelta(days=2)
    db.session.commit()
    with app.test_request_context():
        assert signing_key(ward, utcnow()) is None
    page = client.get(certificate_page(ward)).get_data(as_text=True)
    assert "văn bản được in không ký số cho đến khi tải lên chứng thư còn hiệu lực" in page
    assert "Đã hết hạn" in client.get("/admin/units").get_data(as_text=True)


def test_a_changed_secret_key_locks_the_certificate_and_signing_stops(
    app: Flask, client: FlaskClient, admin: User, ward: Unit, pki: Pki
) -> None:
    upload(client, ward, pki.unit.pkcs12(PASSWORD, pki.root))
    row = db.session.scalar(sa.select(SigningCertificate))
    assert row is not None
    original = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a rotated secret key"
    try:
        with app.test_request_context():
            assert (
                certificate_status(row, utcnow(), check_key=True).state is CertificateState.LOCKED
            )
            assert signing_key(ward, utcnow()) is None
    finally:
        app.config["SECRET_KEY"] = original


def test_removing_the_certificate_stops_signing(
    client: FlaskClient, admin: User, ward: Unit, pki: Pki
) -> None:
    upload(client, ward, pki.unit.pkcs12(PASSWORD, pki.root))
    response = post_file(client, f"{certificate_page(ward)}/remove", {}, {})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(SigningCertificate.id))) == 0
    page = client.get(certificate_page(ward)).get_data(as_text=True)
    assert "Đơn vị chưa có chứng thư số" in page


def test_province_admin_manages_the_trusted_roots(
    client: FlaskClient, admin: User, pki: Pki
) -> None:
    path = "/admin/trusted-roots"
    response = post_file(client, path, {}, {"file": (pki.root.pem(), "root.pem")})
    assert response.status_code == 302
    assert "Onestop Test Root CA" in client.get(path).get_data(as_text=True)

    again = post_file(client, path, {}, {"file": (pki.root.der(), "root.cer")})
    assert "đã có trong danh sách tin cậy" in field_error(again.get_data(as_text=True), "file")
    leaf = post_file(client, path, {}, {"file": (pki.unit.pem(), "unit.pem")})
    assert "không phải là chứng thư của tổ chức" in field_error(leaf.get_data(as_text=True), "file")
    junk = post_file(client, path, {}, {"file": (b"not a certificate", "x.cer")})
    assert "không phải chứng thư số" in field_error(junk.get_data(as_text=True), "file")
    assert db.session.scalar(sa.select(sa.func.count(TrustedRoot.id))) == 1

    root = db.session.scalar(sa.select(TrustedRoot))
    assert root is not None
    assert post_file(client, f"{path}/{root.id}/remove", {}, {}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(TrustedRoot.id))) == 0


def test_a_ward_admin_may_not_change_what_the_province_trusts(
    client: FlaskClient, demo: dict[str, User], ward: Unit
) -> None:
    create_user(
        username="quantri_phuong",
        full_name="Quản Trị Phường",
        password=DEMO_PASSWORD,
        role=Role.ADMIN,
        unit=ward,
        department=None,
    )
    db.session.commit()
    login(client, "quantri_phuong")
    assert client.get("/admin/trusted-roots").status_code == 403
    assert client.get(certificate_page(ward)).status_code == 200  # their own unit's certificate
