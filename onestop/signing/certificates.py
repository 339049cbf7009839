"""Units' signing certificates and the trusted roots: install, remove, judge, unlock for signing."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from cryptography import x509
from flask import current_app
from flask_babel import lazy_gettext as _l

from onestop.accounts.models import User
from onestop.db import db
from onestop.organisation.models import Unit
from onestop.signing.keys import (
    Credentials,
    KeyProblem,
    SealBroken,
    check_authority,
    common_name,
    fingerprint,
    from_pem,
    load_certificates,
    load_pkcs12,
    seal,
    to_pem,
    unseal,
)
from onestop.signing.models import SigningCertificate, TrustedRoot

log = logging.getLogger(__name__)


class CertificateState(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # valid, but for less than SIGNING_EXPIRY_WARNING_DAYS
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    LOCKED = "locked"  # the sealed key cannot be opened with the current SECRET_KEY


@dataclass(frozen=True)
class CertificateStatus:
    state: CertificateState
    days_left: int

    @property
    def usable(self) -> bool:
        return self.state in (CertificateState.VALID, CertificateState.EXPIRING)


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def certificate_of(unit: Unit) -> SigningCertificate | None:
    return db.session.scalar(
        sa.select(SigningCertificate).where(SigningCertificate.unit_id == unit.id)
    )


def certificate_status(
    certificate: SigningCertificate, now: datetime, *, check_key: bool = False
) -> CertificateStatus:
    """Judge a stored certificate by its dates (and, if asked, whether its key still opens)."""
    days_left = (certificate.not_after - now).days
    if certificate.not_after < now:
        state = CertificateState.EXPIRED
    elif certificate.not_before > now:
        state = CertificateState.NOT_YET_VALID
    elif days_left < int(current_app.config["SIGNING_EXPIRY_WARNING_DAYS"]):
        state = CertificateState.EXPIRING
    else:
        state = CertificateState.VALID
    if check_key and state is not CertificateState.EXPIRED:
        try:
            unseal(certificate.sealed_key, _secret())
        except SealBroken:
            state = CertificateState.LOCKED
    return CertificateStatus(state, days_left)


def install_certificate(
    unit: Unit, data: bytes, password: str, *, actor: User, now: datetime
) -> SigningCertificate:
    """Check a PKCS#12 file and keep its key sealed as the unit's signing certificate."""
    return install_credentials(unit, load_pkcs12(data, password, now), actor=actor)


def install_credentials(unit: Unit, credentials: Credentials, *, actor: User) -> SigningCertificate:
    """Keep a checked key and its certificate, sealed, as the unit's signing certificate."""
    cert = credentials.certificate
    row = certificate_of(unit) or SigningCertificate(unit_id=unit.id)
    row.subject = cert.subject.rfc4514_string()[:500]
    row.signer_name = common_name(cert.subject)[:300]
    row.issuer = cert.issuer.rfc4514_string()[:500]
    row.serial = format(cert.serial_number, "x")[:80]
    row.fingerprint = fingerprint(cert)
    row.not_before = cert.not_valid_before_utc
    row.not_after = cert.not_valid_after_utc
    row.certificate_pem = to_pem(cert)
    row.sealed_key = seal(credentials, _secret())
    row.uploaded_by_id = actor.id
    db.session.add(row)
    db.session.flush()
    return row


def remove_certificate(unit: Unit) -> None:
    row = certificate_of(unit)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def signing_key(unit: Unit, now: datetime) -> tuple[SigningCertificate, Credentials] | None:
    """The unit's key if it may sign now; None means the unit prints unsigned, as before."""
    row = certificate_of(unit)
    if row is None:
        return None
    if not certificate_status(row, now).usable:
        log.warning("unit %s: signing certificate not valid now; printing unsigned", unit.code)
        return None
    try:
        return row, unseal(row.sealed_key, _secret())
    except SealBroken:
        log.error("unit %s: signing key cannot be opened (SECRET_KEY changed?)", unit.code)
        return None


def trusted_roots() -> list[x509.Certificate]:
    return [from_pem(r.certificate_pem) for r in db.session.scalars(sa.select(TrustedRoot))]


def add_trusted_roots(data: bytes, *, actor: User, now: datetime) -> list[TrustedRoot]:
    """Trust the certification authorities in a PEM or DER file (all of them or none)."""
    certificates = load_certificates(data)
    for cert in certificates:
        check_authority(cert, now)
    known = set(db.session.scalars(sa.select(TrustedRoot.fingerprint)))
    added = []
    for cert in certificates:
        if fingerprint(cert) in known:
            raise KeyProblem(_l("%(name)s is already trusted.", name=common_name(cert.subject)))
        row = TrustedRoot(
            subject=cert.subject.rfc4514_string()[:500],
            fingerprint=fingerprint(cert),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            certificate_pem=to_pem(cert),
            added_by_id=actor.id,
        )
        known.add(row.fingerprint)
        db.session.add(row)
        added.append(row)
    db.session.flush()
    return added
