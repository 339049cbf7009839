"""Certificates and keys: read a PKCS#12 file, seal the key with the app's secret, read trusted roots.

No database here; messages are lazy so they are translated where they are shown.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from onestop.calendar.workcal import to_local

PEM_MARK = b"-----BEGIN CERTIFICATE-----"


class KeyProblem(ValueError):
    """A certificate or key that cannot be used, with the form field the message belongs to."""

    def __init__(self, message: LazyString | str, field: str = "file") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Credentials:
    """A private key with its certificate and the chain up to (not necessarily including) the root."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()


def vn_date(moment: datetime) -> str:
    return to_local(moment).strftime("%d/%m/%Y")


def common_name(name: x509.Name) -> str:
    """The CN of a name, else the whole name as text."""
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def to_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def from_pem(text: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(text.encode("ascii"))


def check_validity(certificate: x509.Certificate, now: datetime) -> None:
    """Refuse a certificate that is expired, not yet valid, or not meant for signing."""
    if certificate.not_valid_after_utc < now:
        raise KeyProblem(
            _l(
                "This certificate expired on %(date)s.",
                date=vn_date(certificate.not_valid_after_utc),
            )
        )
    if certificate.not_valid_before_utc > now:
        raise KeyProblem(
            _l(
                "This certificate is not valid before %(date)s.",
                date=vn_date(certificate.not_valid_before_utc),
            )
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise KeyProblem(_l("This certificate may not be used to sign documents."))


def _is_pkcs12(data: bytes) -> bool:
    """Whether the bytes are a PKCS#12 structure at all (so a failure to open it is the password)."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["auth_safe"]["content_type"].native in {"data", "signed_data"}
    except (ValueError, TypeError, KeyError):
        return False


def load_pkcs12(data: bytes, password: str, now: datetime) -> Credentials:
    """Open a .p12/.pfx file with its password and check it can sign today."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None
        )
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        if _is_pkcs12(data):
            raise KeyProblem(_l("Wrong password for this certificate file."), "password") from error
        raise KeyProblem(
            _l("This file is not a PKCS#12 certificate file (.p12 or .pfx).")
        ) from error
    if certificate is None:
        raise KeyProblem(_l("This file holds no certificate."))
    if key is None:
        raise KeyProblem(_l("This file holds no private key, so it cannot sign."))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyProblem(_l("Only RSA and elliptic-curve keys are supported."))
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, spki) != (
        certificate.public_key().public_bytes(serialization.Encoding.DER, spki)
    ):
        raise KeyProblem(_l("The private key in this file does not belong to its certificate."))
    check_validity(certificate, now)
    return Credentials(key=key, certificate=certificate, chain=tuple(extra))


def _fernet(secret_key: str) -> Fernet:
    """A Fernet key derived from the app's SECRET_KEY, used for nothing but signing keys."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"onestop", info=b"unit signing keys v1"
    ).derive(secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(credentials: Credentials, secret_key: str) -> str:
    """Encrypt the key and its chain for storage (PEM inside a Fernet token)."""
    bundle = credentials.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + b"".join(
        c.public_bytes(serialization.Encoding.PEM)
        for c in (credentials.certificate, *credentials.chain)
    )
    return _fernet(secret_key).encrypt(bundle).decode("ascii")


class SealBroken(Exception):
    """The sealed key cannot be opened: the SECRET_KEY changed, or the row was altered."""


def unseal(token: str, secret_key: str) -> Credentials:
    """Open a sealed key; its certificate comes first in the bundle, then the chain."""
    try:
        bundle = _fernet(secret_key).decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise SealBroken from error
    key = serialization.load_pem_private_key(bundle, password=None)
    certificates = x509.load_pem_x509_certificates(bundle[bundle.index(PEM_MARK) :])
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SealBroken
    return Credentials(key=key, certificate=certificates[0], chain=tuple(certificates[1:]))


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Read one DER certificate or any number of PEM ones."""
    try:
        if PEM_MARK in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise KeyProblem(
            _l("This file is not a certificate (PEM or DER, .crt or .cer).")
        ) from error


def check_authority(certificate: x509.Certificate, now: datetime) -> None:
    """Refuse as a trusted root anything that is not a valid certification authority."""
    try:
        is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise KeyProblem(
            _l(
                "%(name)s is not a certification authority's certificate.",
                name=common_name(certificate.subject),
            )
        )
    if certificate.not_valid_after_utc < now:
        raise KeyProblem(
            _l(
                "%(name)s expired on %(date)s.",
                name=common_name(certificate.subject),
                date=vn_date(certificate.not_valid_after_utc),
            )
        )
