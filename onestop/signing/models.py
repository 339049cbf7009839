"""Signing certificates of units, trusted roots, the documents signed, and checks of uploaded PDFs."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from onestop.accounts.models import User
from onestop.cases.models import Case, CaseFile, CounterSlip
from onestop.db import Base, TimestampMixin, utcnow
from onestop.organisation.models import Unit


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    return sa.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class SigningCertificate(TimestampMixin, Base):
    """A unit's signing certificate; the private key is kept only sealed with the app's secret key."""

    __tablename__ = "signing_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), unique=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    signer_name: Mapped[str] = mapped_column(sa.String(300))  # the subject's common name
    issuer: Mapped[str] = mapped_column(sa.String(500))
    serial: Mapped[str] = mapped_column(sa.String(80))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))  # sha256 of the certificate
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    certificate_pem: Mapped[str] = mapped_column(sa.Text)
    # Fernet token (key derived from SECRET_KEY) of the key and chain; the password is not kept.
    sealed_key: Mapped[str] = mapped_column(sa.Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    unit: Mapped[Unit] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class TrustedRoot(TimestampMixin, Base):
    """A certification authority whose signatures the system trusts when it checks a PDF."""

    __tablename__ = "trusted_roots"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(500))
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    certificate_pem: Mapped[str] = mapped_column(sa.Text)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    added_by: Mapped[User | None] = relationship()


class DocumentKind(enum.StrEnum):
    RECEIPT = "receipt"  # form 01
    SUPPLEMENT = "supplement"  # form 02
    REFUSAL = "refusal"  # form 03
    APOLOGY = "apology"  # form 04
    CONTROL_SLIP = "control_slip"  # form 05
    RESULT = "result"  # the result document approved by the head


class SignedDocument(Base):
    """A signed PDF the system handed out, kept byte for byte so a copy can be checked against it."""

    __tablename__ = "signed_documents"
    __table_args__ = (sa.Index("ix_signed_documents_reference_sha256", "reference", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    # The code printed on the document: the case code, or the number of a counter slip.
    reference: Mapped[str] = mapped_column(sa.String(40))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    slip_id: Mapped[int | None] = mapped_column(sa.ForeignKey("counter_slips.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    # sha256 of what was signed (the unsigned rendering): the same form is not signed twice.
    source_sha256: Mapped[str] = mapped_column(sa.String(64))
    stored_name: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    signer_name: Mapped[str] = mapped_column(sa.String(300))
    certificate_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    timestamped: Mapped[bool] = mapped_column(default=False)
    # True when the department brought it signed (a USB token); False when the system signed it.
    signed_elsewhere: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case | None] = relationship()
    slip: Mapped[CounterSlip | None] = relationship()
    unit: Mapped[Unit] = relationship()


class SignatureCheck(Base):
    """The verdict on a signed PDF uploaded during processing (only valid signatures are kept)."""

    __tablename__ = "signature_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("case_files.id"), unique=True)
    signer_name: Mapped[str] = mapped_column(sa.String(300))
    certificate_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    trust_anchor: Mapped[str] = mapped_column(sa.String(500))
    signed_at: Mapped[datetime | None]
    timestamped: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[CaseFile] = relationship()
