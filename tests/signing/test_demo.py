"""`flask seed-demo-signing`: what `make run` does so a new user sees signed receipts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.db import db, utcnow
from onestop.demo_cases import seed_demo_cases
from onestop.organisation.models import Unit
from onestop.signing.certificates import certificate_of, trusted_roots
from onestop.signing.demo import DEMO_CA_NAME
from onestop.signing.models import SigningCertificate, TrustedRoot
from onestop.signing.verify import verify_pdf
from tests.conftest import login
from tests.signing.helpers import give_certificate
from tests.signing.pki import Pki

DEMO_UNITS = 6


def seed_signing(app: Flask) -> Result:
    return app.test_cli_runner().invoke(args=["seed-demo-signing"])


def certificates() -> list[tuple[int, str, str, str]]:
    """Every unit's certificate and every trusted root, as rows that change when anything does."""
    units = db.session.execute(
        sa.select(
            SigningCertificate.unit_id,
            SigningCertificate.fingerprint,
            SigningCertificate.sealed_key,
            SigningCertificate.subject,
        ).order_by(SigningCertificate.unit_id)
    )
    roots = db.session.execute(
        sa.select(TrustedRoot.id, TrustedRoot.fingerprint, TrustedRoot.certificate_pem,
                  TrustedRoot.subject).order_by(TrustedRoot.id)
    )  # fmt: skip
    return [tuple(row) for row in [*units, *roots]]  # type: ignore[misc]


def demo_case() -> Case:
    seed_demo_cases(utcnow(), count=3)
    db.session.commit()
    case = db.session.scalar(sa.select(Case).order_by(Case.id).limit(1))
    assert case is not None and case.code is not None
    return case


def test_a_demo_receipt_is_signed_and_validates_against_the_demo_root(
    app: Flask, client: FlaskClient, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    result = seed_signing(app)
    assert result.exit_code == 0, result.output
    assert f"Trusted root added: {DEMO_CA_NAME}." in result.output
    assert result.output.count("demo signing certificate:") == DEMO_UNITS

    case = demo_case()
    login(client, "tiepnhan")
    response = client.get(f"/cases/{case.id}/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with app.app_context():
        report = verify_pdf(response.data, trusted_roots(), utcnow())
    assert report.valid and report.last is not None
    assert report.last.trust_anchor == DEMO_CA_NAME
    assert report.last.signer_name == f"{case.receiving_unit.name} (DEMO)"
    certificate = certificate_of(case.receiving_unit)
    assert certificate is not None and "DEMO" in certificate.subject


def test_running_it_again_changes_nothing(
    app: Flask, demo: dict[str, User], catalogue: dict[str, Any]
) -> None:
    assert seed_signing(app).exit_code == 0
    first = certificates()
    assert len(first) == DEMO_UNITS + 1
    again = seed_signing(app)
    assert again.exit_code == 0
    assert again.output == "Demo signing is set up already: nothing changed.\n"
    assert certificates() == first


def test_it_refuses_a_database_without_the_demo_accounts(app: Flask) -> None:
    result = seed_signing(app)
    assert result.exit_code == 1
    assert "this is not a demo database" in result.output
    assert certificates() == []


def test_it_refuses_a_real_database_with_a_user_named_like_a_demo_account(
    app: Flask, demo: dict[str, User]
) -> None:
    demo["quantri"].set_password("a-real-administrators-own-password")
    db.session.commit()
    result = seed_signing(app)
    assert result.exit_code == 1
    assert "this is not a demo database" in result.output
    assert certificates() == []


def test_a_units_real_certificate_is_left_alone(
    app: Flask, demo: dict[str, User], pki: Pki
) -> None:
    office = demo["tiepnhan"].unit
    give_certificate(app, office, pki.unit, pki, demo["quantri"])
    real = certificate_of(office)
    assert real is not None
    fingerprint = real.fingerprint
    result = seed_signing(app)
    assert result.exit_code == 0 and office.name not in result.output
    assert result.output.count("demo signing certificate:") == DEMO_UNITS - 1
    db.session.expire_all()
    assert certificate_of(office).fingerprint == fingerprint  # type: ignore[union-attr]


def test_a_unit_left_without_one_is_reported_with_the_way_to_issue_it(
    app: Flask, demo: dict[str, User]
) -> None:
    assert seed_signing(app).exit_code == 0
    office = db.session.scalar(sa.select(Unit).where(Unit.code == "000.17.23.H56"))
    assert office is not None
    db.session.delete(certificate_of(office))
    db.session.commit()
    result = seed_signing(app)
    assert f"no certificate (the demo root's key is not kept): {office.name}" in result.output
    assert "remove the demo root at /admin/trusted-roots" in result.output

    db.session.execute(sa.delete(TrustedRoot).where(TrustedRoot.subject.contains("DEMO")))
    db.session.commit()
    result = seed_signing(app)
    assert f"Trusted root added: {DEMO_CA_NAME}." in result.output
    assert result.output.count("demo signing certificate:") == DEMO_UNITS  # all under the new root
    assert db.session.scalar(sa.select(sa.func.count(TrustedRoot.id))) == 1
