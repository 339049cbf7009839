"""Demo signing for `make run`: a self-signed demo root, trusted, and a certificate per demo unit.

Every key is made when the command runs (none is in the repository) and the root's key is thrown
away once the units' certificates are issued. Every name says DEMO: never for real documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from onestop.accounts.models import User
from onestop.db import db
from onestop.demo import UNITS, USERS
from onestop.demo_guard import foreign_data, is_marked
from onestop.organisation.models import Unit
from onestop.signing.certificates import add_trusted_roots, certificate_of, install_credentials
from onestop.signing.keys import Credentials, to_pem
from onestop.signing.models import TrustedRoot

DEMO_LABEL = "not for real use"
DEMO_ORGANISATION = f"Onestop DEMO — {DEMO_LABEL}"
DEMO_CA_NAME = f"Onestop DEMO CA — {DEMO_LABEL}"
ROOT_DAYS = 3650
UNIT_DAYS = 730
# Backdated a little, so a clock running slightly behind still finds the certificates valid.
SKEW = timedelta(hours=1)


class NotADemoDatabase(Exception):
    """The demo accounts are not all here: this is not a demo database."""


@dataclass
class DemoSigning:
    """What a run did: whether it made the demo root, and the demo units by what they got."""

    root_added: bool = False
    issued: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # had a certificate already
    missing: list[str] = field(default_factory=list)  # none, and the demo root's key is gone


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


# The subject as stored on trusted_roots and as the issuer on signing_certificates.
DEMO_CA_SUBJECT = _name(DEMO_CA_NAME).rfc4514_string()


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    now: datetime,
    days: int,
) -> x509.Certificate:
    """A certificate for `key`, signed by `issuer` (self-signed, as a root, without one)."""
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - SKEW)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
        .add_extension(_usage(ca=issuer is None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def is_demo_database() -> bool:
    """Whether every demo account is here and the database is a demo one by the demo seeds' own
    rule (onestop.demo_guard: marked by `flask seed-demo`, or holding nothing but what it writes).

    A real installation with a user named like a demo account is not one: this command trusts a
    new root certificate, the last thing to do on a real server.
    """
    names = {person.username for person in USERS}
    found = set(db.session.scalars(sa.select(User.username).where(User.username.in_(names))))
    return found == names and (is_marked() or not foreign_data())


def seed_demo_signing(now: datetime) -> DemoSigning:
    """Trust a new demo root and give the demo units demo certificates; again, change nothing.

    Units holding a real certificate are left alone. While the demo root is trusted nothing is
    issued (its key is not kept); without it, a new root replaces the demo units' certificates.
    """
    if not is_demo_database():
        raise NotADemoDatabase
    admin = db.session.scalar(sa.select(User).where(User.username == USERS[0].username))
    assert admin is not None
    codes = [spec.code for spec in UNITS]
    units = sorted(
        db.session.scalars(sa.select(Unit).where(Unit.code.in_(codes))),
        key=lambda unit: codes.index(unit.code),
    )
    done = DemoSigning()
    trusted = db.session.scalar(
        sa.select(TrustedRoot.id).where(TrustedRoot.subject == DEMO_CA_SUBJECT)
    )
    if trusted is not None:
        for unit in units:
            (done.kept if certificate_of(unit) else done.missing).append(unit.name)
        return done

    root_key = _new_key()
    root = _certificate(_name(DEMO_CA_NAME), root_key, None, now=now, days=ROOT_DAYS)
    add_trusted_roots(to_pem(root).encode("ascii"), actor=admin, now=now)
    done.root_added = True
    for unit in units:
        current = certificate_of(unit)
        if current is not None and current.issuer != DEMO_CA_SUBJECT:
            done.kept.append(unit.name)  # a real certificate
            continue
        key = _new_key()
        certificate = _certificate(
            _name(f"{unit.name} (DEMO)"), key, (root, root_key), now=now, days=UNIT_DAYS
        )
        install_credentials(unit, Credentials(key, certificate, (root,)), actor=admin)
        done.issued.append(unit.name)
    return done
