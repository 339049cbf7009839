"""Helpers for the signing tests that go through the app: certificates in place, errors on pages."""

from __future__ import annotations

import html
import io
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onestop.accounts.models import User
from onestop.db import db, utcnow
from onestop.organisation.models import Unit
from onestop.signing.certificates import add_trusted_roots, install_certificate
from onestop.signing.models import SignedDocument
from tests.conftest import csrf_token
from tests.signing.pki import PASSWORD, Issued, Pki


def give_certificate(app: Flask, unit: Unit, holder: Issued, pki: Pki, admin: User) -> None:
    """Install `holder` as the unit's signing certificate, as the admin screen does."""
    with app.test_request_context():
        install_certificate(
            unit, holder.pkcs12(PASSWORD, pki.root), PASSWORD, actor=admin, now=utcnow()
        )
    db.session.commit()


def trust(app: Flask, root: Issued, admin: User) -> None:
    with app.test_request_context():
        add_trusted_roots(root.pem(), actor=admin, now=utcnow())
    db.session.commit()


def field_error(page: str, field_id: str) -> str:
    """The message shown next to a field (the form macro's `<field id>-err`)."""
    marker = f'id="{field_id}-err">'
    assert marker in page, f"no error shown next to {field_id}"
    return html.unescape(page.split(marker, 1)[1].split("</p>", 1)[0])


def post_file(
    client: FlaskClient, path: str, fields: dict[str, Any], files: dict[str, tuple[bytes, str]]
) -> Any:
    """Post a multipart form the way the browser does, with the page's CSRF token."""
    data: dict[str, Any] = {"csrf_token": csrf_token(client, path), **fields}
    data |= {name: (io.BytesIO(content), filename) for name, (content, filename) in files.items()}
    return client.post(path, data=data, content_type="multipart/form-data")


def signed_documents() -> list[SignedDocument]:
    return list(db.session.scalars(sa.select(SignedDocument).order_by(SignedDocument.id)))
