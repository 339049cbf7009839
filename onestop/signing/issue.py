"""Sign what the system hands out (forms 01–05, the approved result); check signed PDFs brought in."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

from onestop.cases.errors import CaseError
from onestop.cases.files import stored_path, write_file
from onestop.cases.models import Case, CaseFile, CounterSlip
from onestop.db import db, utcnow
from onestop.documents.layout import RenderedForm
from onestop.organisation.models import Unit
from onestop.signing.certificates import signing_key, trusted_roots
from onestop.signing.labels import VERDICT_TEXT
from onestop.signing.models import DocumentKind, SignatureCheck, SignedDocument
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
    now = utcnow()
    key = signing_key(unit, now)
    if key is None:
        return rendered.pdf
    certificate, credentials = key
    source = hashlib.sha256(rendered.pdf).hexdigest()
    earlier = db.session.scalar(
        sa.select(SignedDocument)
        .where(
            SignedDocument.kind == kind,
            SignedDocument.case_id.is_(None) if case is None else SignedDocument.case_id == case.id,
            SignedDocument.slip_id.is_(None) if slip is None else SignedDocument.slip_id == slip.id,
            SignedDocument.source_sha256 == source,
            SignedDocument.certificate_fingerprint == certificate.fingerprint,
        )
        .order_by(SignedDocument.id.desc())
        .limit(1)
    )
    if earlier is not None and (data := _read(earlier.stored_name)) is not None:
        return data
    try:
        signed = sign_pdf(
            rendered.pdf,
            credentials,
            signer_name=certificate.signer_name,
            when=now,
            location=unit.place_name or unit.name,
            box=rendered.signature_box,
            timestamper=_timestamper(),
        )
    except SignFailed:
        log.exception("could not sign %s %s; handing it out unsigned", kind, reference)
        return rendered.pdf
    stored_name, digest = write_file(db.session(), signed.pdf)
    db.session.add(
        SignedDocument(
            kind=kind,
            reference=normalise_reference(reference),
            case_id=case.id if case else None,
            slip_id=slip.id if slip else None,
            unit_id=unit.id,
            source_sha256=source,
            stored_name=stored_name,
            sha256=digest,
            size=len(signed.pdf),
            signer_name=certificate.signer_name,
            certificate_fingerprint=certificate.fingerprint,
            signed_at=now,
            timestamped=signed.timestamped,
        )
    )
    db.session.flush()
    return signed.pdf


def sign_result(case: Case, file: CaseFile, unit: Unit) -> SignedDocument | None:
    """Sign the approved result with the unit's certificate, or keep the signature it came with.

    None when it stays unsigned: an image, or a unit without a usable certificate.
    """
    if file.content_type != PDF:
        return None
    check = db.session.scalar(sa.select(SignatureCheck).where(SignatureCheck.file_id == file.id))
    now = utcnow()
    if check is not None:
        row = SignedDocument(
            kind=DocumentKind.RESULT,
            reference=normalise_reference(case.code or ""),
            case_id=case.id,
            unit_id=unit.id,
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
    else:
        key = signing_key(unit, now)
        data = _read(file.stored_name) if key is not None else None
        if key is None or data is None:
            return None
        certificate, credentials = key
        try:
            signed = sign_pdf(
                data,
                credentials,
                signer_name=certificate.signer_name,
                when=now,
                location=unit.place_name or unit.name,
                timestamper=_timestamper(),
            )
        except SignFailed as error:
            raise CaseError(
                _l(
                    "The result document could not be signed: the PDF file is damaged. "
                    "Return it for rework with a readable PDF."
                )
            ) from error
        stored_name, digest = write_file(db.session(), signed.pdf)
        row = SignedDocument(
            kind=DocumentKind.RESULT,
            reference=normalise_reference(case.code or ""),
            case_id=case.id,
            unit_id=unit.id,
            source_sha256=file.sha256,
            stored_name=stored_name,
            sha256=digest,
            size=len(signed.pdf),
            signer_name=certificate.signer_name,
            certificate_fingerprint=certificate.fingerprint,
            signed_at=now,
            timestamped=signed.timestamped,
        )
    db.session.add(row)
    db.session.flush()
    return row


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


def result_document(case: Case) -> SignedDocument | None:
    """The signed result of a case, if its result was signed."""
    return db.session.scalar(
        sa.select(SignedDocument)
        .where(SignedDocument.case_id == case.id, SignedDocument.kind == DocumentKind.RESULT)
        .order_by(SignedDocument.id.desc())
        .limit(1)
    )


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
