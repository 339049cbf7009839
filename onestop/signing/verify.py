"""Check the signatures of a PDF (pyHanko's validator) against the trusted roots. No database here.

A document is signed when every signature is intact, the last one covers the whole file (nothing
was added after it), and each signer's certificate chains to a trusted root and was valid when
the document was signed: at the embedded timestamp if there is a trusted one, else now.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


class Verdict(enum.StrEnum):
    VALID = "valid"
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"  # damaged, or not a PDF pyHanko can read
    TAMPERED = "tampered"  # the signed bytes changed: the signature no longer matches
    MODIFIED = "modified"  # something was added after the signature
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    UNTRUSTED = "untrusted"  # no chain to a trusted root
    NOT_FOR_SIGNING = "not_for_signing"  # the certificate's key usage forbids signing


# Earlier signatures of a multiply signed PDF may be followed by later signatures, nothing else.
ALLOWED_AFTER = {
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
}
SIGNING_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


@dataclass(frozen=True)
class SignatureFound:
    verdict: Verdict
    signer_name: str
    fingerprint: str
    trust_anchor: str
    signed_at: datetime | None  # the timestamp's time if trusted, else the time the signer claims
    timestamped: bool


@dataclass(frozen=True)
class Report:
    verdict: Verdict
    signatures: tuple[SignatureFound, ...] = ()

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    @property
    def last(self) -> SignatureFound | None:
        return self.signatures[-1] if self.signatures else None


def _context(roots: Sequence[asn1_x509.Certificate], moment: datetime) -> ValidationContext:
    # No fetching: revocation is not looked up online (soft-fail), the server may have no network.
    return ValidationContext(trust_roots=list(roots), moment=moment, allow_fetching=False)


def _status(
    sig: EmbeddedPdfSignature, roots: Sequence[asn1_x509.Certificate], moment: datetime
) -> PdfSignatureStatus:
    return validate_pdf_signature(
        sig, signer_validation_context=_context(roots, moment), key_usage_settings=SIGNING_USAGE
    )


def _trust_verdict(status: PdfSignatureStatus, moment: datetime) -> Verdict:
    if status.trusted:
        return Verdict.VALID
    if status.revoked:
        return Verdict.REVOKED
    cert = status.signing_cert
    if cert.not_valid_after < moment:
        return Verdict.EXPIRED
    if cert.not_valid_before > moment:
        return Verdict.NOT_YET_VALID
    if status.trust_problem_indic in (
        AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE,
        AdESIndeterminate.SIG_CONSTRAINTS_FAILURE,
        AdESFailure.FORMAT_FAILURE,
    ):
        return Verdict.NOT_FOR_SIGNING
    return Verdict.UNTRUSTED


def _name(subject: asn1_x509.Name) -> str:
    """The common name of a certificate subject, else the whole name."""
    return str(subject.native.get("common_name") or subject.human_friendly)


def _changed_after(status: PdfSignatureStatus, last: bool) -> bool:
    """Whether the file changed after this signature beyond what a later signature may add."""
    if last:
        return status.coverage is not SignatureCoverageLevel.ENTIRE_FILE
    return (
        status.coverage is SignatureCoverageLevel.UNCLEAR
        or status.modification_level not in ALLOWED_AFTER
        or status.docmdp_ok is False
    )


def _one(
    sig: EmbeddedPdfSignature, roots: Sequence[asn1_x509.Certificate], now: datetime, last: bool
) -> SignatureFound:
    status = _status(sig, roots, now)
    tst = status.timestamp_validity
    timestamped = tst is not None and tst.intact and tst.valid and tst.trusted
    moment = tst.timestamp if timestamped and tst is not None else now
    if not (status.intact and status.valid) or (tst is not None and not (tst.intact and tst.valid)):
        verdict = Verdict.TAMPERED
    elif _changed_after(status, last):
        verdict = Verdict.MODIFIED
    else:
        verdict = _trust_verdict(status, now)
        if verdict is not Verdict.VALID and moment != now:
            # Expired since? What counts is the certificate at the (trusted) time of signing.
            status = _status(sig, roots, moment)
            verdict = _trust_verdict(status, moment)
    anchor = _name(status.validation_path[0].subject) if status.validation_path else ""
    cert = status.signing_cert
    return SignatureFound(
        verdict=verdict,
        signer_name=_name(cert.subject),
        fingerprint=cert.sha256.hex(),
        trust_anchor=anchor,
        signed_at=moment if timestamped else status.signer_reported_dt,
        timestamped=timestamped,
    )


def verify_pdf(data: bytes, roots: Sequence[x509.Certificate], now: datetime) -> Report:
    """Judge every signature of the PDF; the first failing one gives the document's verdict."""
    anchors = [
        asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in roots
    ]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError):
        return Report(Verdict.UNREADABLE)
    if not signatures:
        return Report(Verdict.UNSIGNED)
    found = []
    for index, sig in enumerate(signatures):
        try:
            found.append(_one(sig, anchors, now, last=index == len(signatures) - 1))
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError):
            return Report(Verdict.TAMPERED, tuple(found))
    failing = next((f.verdict for f in found if f.verdict is not Verdict.VALID), Verdict.VALID)
    return Report(failing, tuple(found))
