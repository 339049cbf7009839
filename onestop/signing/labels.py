"""What the verdicts, certificate states and document kinds are called on screen."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from onestop.signing.certificates import CertificateState
from onestop.signing.models import DocumentKind
from onestop.signing.verify import Verdict

VERDICT_TEXT = {
    Verdict.VALID: _l(
        "The signature is valid: the document is unchanged since it was signed, and the "
        "certificate was valid and issued by a trusted certification authority."
    ),
    Verdict.UNSIGNED: _l("The file carries no digital signature."),
    Verdict.UNREADABLE: _l("The file is damaged or is not a PDF, so its signature cannot be read."),
    Verdict.TAMPERED: _l(
        "The document was changed after it was signed: its signature no longer matches its content."
    ),
    Verdict.MODIFIED: _l(
        "Something was added to the file after it was signed, so the signature does not cover "
        "the whole document."
    ),
    Verdict.EXPIRED: _l("The signer's certificate had expired when the document was signed."),
    Verdict.NOT_YET_VALID: _l(
        "The signer's certificate was not yet valid when the document was signed."
    ),
    Verdict.REVOKED: _l("The signer's certificate has been revoked."),
    Verdict.UNTRUSTED: _l(
        "The signer's certificate was not issued by a certification authority this system "
        "trusts. An administrator can add that authority's root certificate."
    ),
    Verdict.NOT_FOR_SIGNING: _l("The signer's certificate may not be used to sign documents."),
}

CERTIFICATE_STATE_LABELS = {
    CertificateState.VALID: _l("Valid"),
    CertificateState.EXPIRING: _l("Expires soon"),
    CertificateState.EXPIRED: _l("Expired"),
    CertificateState.NOT_YET_VALID: _l("Not yet valid"),
    CertificateState.LOCKED: _l("Key unreadable"),
}

KIND_LABELS = {
    DocumentKind.RECEIPT: _l("Receipt (form 01)"),
    DocumentKind.SUPPLEMENT: _l("Supplement request (form 02)"),
    DocumentKind.REFUSAL: _l("Refusal slip (form 03)"),
    DocumentKind.APOLOGY: _l("Apology (form 04)"),
    DocumentKind.CONTROL_SLIP: _l("Control slip (form 05)"),
    DocumentKind.RESULT: _l("Result document"),
}
