"""Sign what the system hands out (forms 01–05, the approved result); check signed PDFs brought in."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

from onestop.cases.errors import CaseError
from onestop.cases.files import stored_path, write_file
from onestop.cases.models import Case, CaseFile, CounterSlip
from onestop.db import db, utcnow
from onestop.documents.layout import RenderedForm, SignatureBox
from onestop.organisation.models import Unit
from onestop.signing.certificates import signing_key, trusted_roots
from onestop.signing.keys import Credentials
from onestop.signing.labels import VERDICT_TEXT
from onestop.signing.models import (
    DocumentKind,
    SignatureCheck,
    SignedDocument,
    SigningCertificate,
)
from onestop.signing.pdf import SignFailed, sign_pdf
from onestop.signing.verify import Report, Verdict, verify_pdf

log = logging.getLogger(__name__)

PDF = "application/pdf"


def _timestamper() -> TimeStamper | None:
    url = current_app.config.get("SIGNING_TSA_URL")
    if not url:
        return None
    return RequestsHTTPTimeStamper(url, timeout=current_app.config["SIGNING_TSA_TIMEOUT"])


def _read(stored_name: str) -> bytes | None:
    path = stored_path(stored_name)
    return path.read_bytes() if path.is_file() else None


def normalise_reference(text: str) -> str:
    """A case code or slip number as typed or scanned: no spaces, upper case."""
    return "".join(text.split()).upper()[:40]


@dataclass(frozen=True)
class _Subject:
    """What a signed document is about: its kind, the code printed on it, its case or slip."""

    kind: DocumentKind
    reference: str
    case: Case | None = None
    slip: CounterSlip | None = None

    def row(self, unit: Unit, **fields: Any) -> SignedDocument:
        return SignedDocument(
            kind=self.kind,
            reference=normalise_reference(self.reference),
            case_id=self.case.id if self.case else None,
            slip_id=self.slip.id if self.slip else None,
            unit_id=unit.id,
            **fields,
        )


@dataclass(frozen=True)
class SigningJob:
    """What signing a PDF needs, read from the database beforehand: signing itself reads nothing."""

    pdf: bytes
    credentials: Credentials
    signer_name: str
    certificate_fingerprint: str
    location: str
    box: SignatureBox | None = None


@dataclass(frozen=True)
class FreshSignature:
    """A PDF just signed, not stored yet: kept only if the transaction that records it commits."""

    pdf: bytes
    source_sha256: str
    signer_name: str
    certificate_fingerprint: str
    signed_at: datetime
    timestamped: bool


def signing_job(
    pdf: bytes, unit: Unit, now: datetime, box: SignatureBox | None = None
) -> SigningJob | None:
    """Read the unit's key for signing `pdf`; None if the unit may not sign now."""
    key = signing_key(unit, now)
    if key is None:
        return None
    certificate, credentials = key
    return SigningJob(
        pdf,
        credentials,
        signer_name=certificate.signer_name,
        certificate_fingerprint=certificate.fingerprint,
        location=unit.place_name or unit.name,
        box=box,
    )


def sign(job: SigningJob, now: datetime) -> FreshSignature:
    """Sign and timestamp (the slow part: the timestamp server may take its whole timeout).

    Touches no database row, so it can run with no transaction open. Raises SignFailed for a
    PDF pyHanko cannot update.
    """
    signed = sign_pdf(
        job.pdf,
        job.credentials,
        signer_name=job.signer_name,
        when=now,
        location=job.location,
        box=job.box,
        timestamper=_timestamper(),
    )
    return FreshSignature(
        pdf=signed.pdf,
        source_sha256=hashlib.sha256(job.pdf).hexdigest(),
        signer_name=job.signer_name,
        certificate_fingerprint=job.certificate_fingerprint,
        signed_at=now,
        timestamped=signed.timestamped,
    )


def _keep(signature: FreshSignature, subject: _Subject, unit: Unit) -> SignedDocument:
    """Store the signed bytes and record them; a rollback deletes the file again."""
    stored_name, digest = write_file(db.session(), signature.pdf)
    row = subject.row(
        unit,
        source_sha256=signature.source_sha256,
        stored_name=stored_name,
        sha256=digest,
        size=len(signature.pdf),
        signer_name=signature.signer_name,
        certificate_fingerprint=signature.certificate_fingerprint,
        signed_at=signature.signed_at,
        timestamped=signature.timestamped,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _signed_before(subject: _Subject, unit: Unit, source: str) -> bytes | None:
    """The bytes handed out when this very rendering was signed with the unit's current certificate.

    A copy signed while the certificate was valid is handed out again after it expires (it is
    what was issued); a removed or replaced certificate matches nothing.
    """
    fingerprint = sa.select(SigningCertificate.fingerprint).where(
        SigningCertificate.unit_id == unit.id
    )
    case, slip = subject.case, subject.slip
    earlier = db.session.scalar(
        sa.select(SignedDocument)
        .where(
            SignedDocument.kind == subject.kind,
            SignedDocument.case_id.is_(None) if case is None else SignedDocument.case_id == case.id,
            SignedDocument.slip_id.is_(None) if slip is None else SignedDocument.slip_id == slip.id,
            SignedDocument.source_sha256 == source,
            SignedDocument.certificate_fingerprint == fingerprint.scalar_subquery(),
        )
        .order_by(SignedDocument.id.desc())
        .limit(1)
    )
    return _read(earlier.stored_name) if earlier is not None else None


def issue_form(
    rendered: RenderedForm,
    *,
    kind: DocumentKind,
    unit: Unit,
    reference: str,
    case: Case | None = None,
    slip: CounterSlip | None = None,
) -> bytes:
    """The PDF to hand out: signed by the unit when it holds a valid certificate, else as rendered.

    The same rendering is signed once; printing it again hands out the same signed bytes.
    The caller commits (a signed document is recorded).
    """
    subject = _Subject(kind, reference, case, slip)
    source = hashlib.sha256(rendered.pdf).hexdigest()
    if (earlier := _signed_before(subject, unit, source)) is not None:
        return earlier
    now = utcnow()
    job = signing_job(rendered.pdf, unit, now, rendered.signature_box)
    if job is None:
        return rendered.pdf
    try:
        signature = sign(job, now)
    except SignFailed:
        log.exception("could not sign %s %s; handing it out unsigned", kind, reference)
        return rendered.pdf
    _keep(signature, subject, unit)
    return signature.pdf


def result_job(file: CaseFile, unit: Unit, now: datetime) -> SigningJob | None:
    """Read what signing an approved result needs; None when it is not signed here.

    Not signed here: an image, a PDF brought signed (kept as it came), a unit without a usable
    certificate.
    """
    if file.content_type != PDF or _upload_check(file) is not None:
        return None
    data = _read(file.stored_name)
    return signing_job(data, unit, now) if data is not None else None


def sign_result(job: SigningJob, now: datetime) -> FreshSignature:
    """Sign the result (slow; run it with no transaction open), or refuse a damaged PDF."""
    try:
        return sign(job, now)
    except SignFailed as error:
        raise CaseError(
            _l(
                "The result document could not be signed: the PDF file is damaged. "
                "Return it for rework with a readable PDF."
            )
        ) from error


def record_result(
    case: Case, file: CaseFile, unit: Unit, signature: FreshSignature | None
) -> SignedDocument | None:
    """Record the approved result as signed: by us (`signature`), or elsewhere and verified on upload.

    None when it stays unsigned.
    """
    subject = _Subject(DocumentKind.RESULT, case.code or "", case)
    if signature is not None:
        return _keep(signature, subject, unit)
    check = _upload_check(file)
    if check is None or file.content_type != PDF:
        return None
    row = subject.row(  # signed elsewhere and verified on upload: kept as it came
        unit,
        source_sha256=file.sha256,
        stored_name=file.stored_name,
        sha256=file.sha256,
        size=file.size,
        signer_name=check.signer_name,
        certificate_fingerprint=check.certificate_fingerprint,
        signed_at=check.signed_at or check.checked_at,
        timestamped=check.timestamped,
        signed_elsewhere=True,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _upload_check(file: CaseFile) -> SignatureCheck | None:
    return db.session.scalar(sa.select(SignatureCheck).where(SignatureCheck.file_id == file.id))


def check_upload(data: bytes, content_type: str) -> Report | None:
    """Verify a PDF brought in signed; refuse it (message on `document`) unless the signature holds.

    None for a file without a signature: it is kept as an ordinary scan.
    """
    if content_type != PDF:
        return None
    report = verify_pdf(data, trusted_roots(), utcnow())
    # A file pyHanko cannot read is only refused if it looks signed (scanners write odd PDFs).
    unreadable_scan = report.verdict is Verdict.UNREADABLE and b"/ByteRange" not in data
    if report.verdict is Verdict.UNSIGNED or unreadable_scan:
        return None
    if not report.valid:
        raise CaseError(
            _l(
                "The signed document was not accepted: %(reason)s",
                reason=VERDICT_TEXT[report.verdict],
            ),
            field="document",
        )
    return report


def record_check(file: CaseFile, report: Report) -> SignatureCheck:
    signature = report.last
    assert report.valid and signature is not None
    check = SignatureCheck(
        file_id=file.id,
        signer_name=signature.signer_name[:300],
        certificate_fingerprint=signature.fingerprint,
        trust_anchor=signature.trust_anchor[:500],
        signed_at=signature.signed_at,
        timestamped=signature.timestamped,
    )
    db.session.add(check)
    db.session.flush()
    return check


def latest_result_id(case_id: Any) -> sa.ScalarSelect[Any]:
    """The id of a case's newest signed result (a countersignature is a newer row), as a
    subquery: `case_id` is a case id or a column to correlate with (Case.id)."""
    return (
        sa.select(sa.func.max(SignedDocument.id))
        .where(SignedDocument.case_id == case_id, SignedDocument.kind == DocumentKind.RESULT)
        .scalar_subquery()
    )


def result_document(case_id: int) -> SignedDocument | None:
    """The signed result of a case, if its result was signed."""
    return db.session.scalar(
        sa.select(SignedDocument).where(SignedDocument.id == latest_result_id(case_id))
    )


def signed_documents_of(case: Case) -> list[SignedDocument]:
    return list(
        db.session.scalars(
            sa.select(SignedDocument)
            .where(SignedDocument.case_id == case.id)
            .order_by(SignedDocument.signed_at, SignedDocument.id)
        )
    )


def checks_of(file_ids: list[int]) -> dict[int, SignatureCheck]:
    """The signature verdicts of these uploaded files, by file id (unsigned files have none)."""
    if not file_ids:
        return {}
    rows = db.session.scalars(sa.select(SignatureCheck).where(SignatureCheck.file_id.in_(file_ids)))
    return {row.file_id: row for row in rows}


@dataclass(frozen=True)
class CopyCheck:
    """A document checked by the public: the issued document it is a copy of, and its signature."""

    issued: SignedDocument | None
    report: Report


def check_copy(reference: str, data: bytes) -> CopyCheck:
    """Compare an uploaded copy with what was issued under this code, and check its signature."""
    digest = hashlib.sha256(data).hexdigest()
    issued = db.session.scalar(
        sa.select(SignedDocument)
        .where(
            SignedDocument.reference == normalise_reference(reference),
            SignedDocument.sha256 == digest,
        )
        .limit(1)
    )
    return CopyCheck(issued, verify_pdf(data, trusted_roots(), utcnow()))
