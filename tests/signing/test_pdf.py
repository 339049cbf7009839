"""Signing forms 01–05 and a result with PAdES, and checking them: pure, no database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.sign.validation.status import SignatureCoverageLevel

from onestop.documents.apology import apology_form
from onestop.documents.control_slip import control_slip_form
from onestop.documents.layout import RenderedForm
from onestop.documents.receipt import receipt_form
from onestop.documents.refusal import refusal_form
from onestop.documents.supplement import supplement_form
from onestop.signing.pdf import sign_pdf
from onestop.signing.verify import Verdict, verify_pdf
from tests.documents import samples
from tests.documents.readback import decode
from tests.signing.pki import Pki, issue, simple_pdf, timestamper, tsa_server
from tests.signing.readback import box_text, pyhanko_status, rasterise_with_box, widget_rect

NOW = datetime.now(UTC)
SIGNER = "UBND phường Hạc Thành"

FORMS: dict[str, Callable[[], RenderedForm]] = {
    "01-receipt": lambda: receipt_form(samples.receipt()),
    "02-supplement": lambda: supplement_form(samples.supplement()),
    "03-refusal": lambda: refusal_form(samples.refusal()),
    "04-apology": lambda: apology_form(samples.apology()),
    "05-control-slip": lambda: control_slip_form(samples.control_slip()),
    "result": lambda: RenderedForm(simple_pdf(), None),
}


def signed(pki: Pki, rendered: RenderedForm, **kwargs: Any) -> bytes:
    return sign_pdf(
        rendered.pdf,
        pki.unit.credentials(pki.root),
        signer_name=SIGNER,
        when=NOW,
        location="Hạc Thành",
        box=rendered.signature_box,
        **kwargs,
    ).pdf


@pytest.fixture(scope="module", params=list(FORMS))
def signed_form(request: pytest.FixtureRequest, pki: Pki) -> tuple[str, RenderedForm, bytes]:
    rendered = FORMS[request.param]()
    return request.param, rendered, signed(pki, rendered)


def test_every_form_validates_with_pyhankos_validator(
    pki: Pki, signed_form: tuple[str, RenderedForm, bytes]
) -> None:
    _, _, pdf = signed_form
    status = pyhanko_status(pdf, pki.root)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == SIGNER
    report = verify_pdf(pdf, [pki.root.certificate], NOW)
    assert report.verdict is Verdict.VALID
    assert report.last is not None and report.last.signer_name == SIGNER
    assert report.last.trust_anchor == "Onestop Test Root CA"


def test_the_box_says_who_signed_and_when_in_the_signers_place(
    signed_form: tuple[str, RenderedForm, bytes],
) -> None:
    name, rendered, pdf = signed_form
    page, (x1, y1, x2, y2) = widget_rect(pdf)
    spot = rendered.signature_box
    if spot is None:  # a result from elsewhere: bottom right of its last page
        assert name == "result" and x2 > 400 and y1 < 100
    else:
        assert page == spot.page
        sx1, sy1, sx2, sy2 = spot.rect
        assert sx1 <= x1 < x2 <= sx2 and sy1 <= y1 < y2 <= sy2
    text = box_text(pdf, page)
    assert f"Ký số bởi: {SIGNER}" in text
    local = NOW.astimezone(samples.VN)
    assert f"Thời gian ký: {local:%H:%M:%S, %d/%m/%Y}" in text


def test_the_receipt_box_is_on_the_applicants_copy_under_the_officer_title() -> None:
    rendered = receipt_form(samples.receipt())
    assert rendered.signature_box is not None
    assert rendered.signature_box.page == 1  # "Liên 2: Giao người nộp"
    x1, _, _, _ = rendered.signature_box.rect
    assert x1 > 150  # the right-hand column, the officer's


def test_a_signed_receipt_still_scans_back(pki: Pki) -> None:
    pdf = signed(pki, receipt_form(samples.receipt()))
    codes = decode(rasterise_with_box(pdf, 1))
    assert codes["Code128"] == [samples.CASE_CODE]
    assert codes["QRCode"] == [samples.LOOKUP_URL]


def test_signing_leaves_the_unsigned_rendering_alone() -> None:
    first, second = receipt_form(samples.receipt()), receipt_form(samples.receipt())
    assert first == second
    assert b"/Sig" not in first.pdf


def _flip_in_content(pdf: bytes) -> bytes:
    """Change one byte inside the first page content stream (covered by the signature)."""
    at = pdf.index(b"stream\n", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_a_byte_changed_after_signing_is_detected(pki: Pki) -> None:
    tampered = _flip_in_content(signed(pki, receipt_form(samples.receipt())))
    status = pyhanko_status(tampered, pki.root)
    assert not status.intact and not status.bottom_line
    assert verify_pdf(tampered, [pki.root.certificate], NOW).verdict is Verdict.TAMPERED


def test_bytes_appended_after_signing_are_detected(pki: Pki) -> None:
    extended = signed(pki, RenderedForm(simple_pdf(), None)) + b"\n%% added later\n"
    assert pyhanko_status(extended, pki.root).coverage is not SignatureCoverageLevel.ENTIRE_FILE
    assert verify_pdf(extended, [pki.root.certificate], NOW).verdict is Verdict.MODIFIED


def test_a_signature_under_an_untrusted_root_is_refused(pki: Pki) -> None:
    pdf = sign_pdf(
        simple_pdf(), pki.stranger.credentials(pki.stranger_root), signer_name="X", when=NOW
    ).pdf
    assert not pyhanko_status(pdf, pki.root).trusted
    report = verify_pdf(pdf, [pki.root.certificate], NOW)
    assert report.verdict is Verdict.UNTRUSTED and report.last is not None
    assert report.last.signer_name == "Nguyễn Văn Lạ"
    # Trusting its root makes the same bytes valid.
    assert verify_pdf(pdf, [pki.root.certificate, pki.stranger_root.certificate], NOW).valid


def test_with_no_trusted_root_nothing_counts_as_signed(pki: Pki) -> None:
    pdf = signed(pki, RenderedForm(simple_pdf(), None))
    assert verify_pdf(pdf, [], NOW).verdict is Verdict.UNTRUSTED


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "verdict"),
    [
        (NOW - timedelta(days=400), NOW - timedelta(days=1), Verdict.EXPIRED),
        (NOW + timedelta(days=2), NOW + timedelta(days=400), Verdict.NOT_YET_VALID),
    ],
)
def test_a_certificate_outside_its_validity_is_refused(
    pki: Pki, valid_from: datetime, valid_until: datetime, verdict: Verdict
) -> None:
    holder = issue("Hết Hạn", pki.root, valid_from=valid_from, valid_until=valid_until)
    pdf = sign_pdf(simple_pdf(), holder.credentials(pki.root), signer_name="X", when=NOW).pdf
    assert not pyhanko_status(pdf, pki.root).trusted
    assert verify_pdf(pdf, [pki.root.certificate], NOW).verdict is verdict


def test_a_certificate_not_for_signing_is_refused(pki: Pki) -> None:
    holder = issue("Chỉ mã hóa", pki.root, sign=False)
    pdf = sign_pdf(simple_pdf(), holder.credentials(pki.root), signer_name="X", when=NOW).pdf
    assert verify_pdf(pdf, [pki.root.certificate], NOW).verdict is Verdict.NOT_FOR_SIGNING


def test_the_timestamp_is_embedded_and_trusted(pki: Pki) -> None:
    result = sign_pdf(
        simple_pdf(),
        pki.unit.credentials(pki.root),
        signer_name=SIGNER,
        when=NOW,
        timestamper=timestamper(pki),
    )
    assert result.timestamped
    status = pyhanko_status(result.pdf, pki.root)
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert status.bottom_line
    report = verify_pdf(result.pdf, [pki.root.certificate], NOW)
    assert report.valid and report.last is not None and report.last.timestamped


def test_the_timestamp_comes_from_a_tsa_over_http(pki: Pki) -> None:
    with tsa_server(pki) as url:
        result = sign_pdf(
            receipt_form(samples.receipt()).pdf,
            pki.unit.credentials(pki.root),
            signer_name=SIGNER,
            when=NOW,
            timestamper=RequestsHTTPTimeStamper(url, timeout=5),
        )
    assert result.timestamped
    timestamp = pyhanko_status(result.pdf, pki.root).timestamp_validity
    assert timestamp is not None and timestamp.trusted


def test_an_unreachable_tsa_still_signs_without_a_timestamp(pki: Pki) -> None:
    with tsa_server(pki) as url:
        pass  # the port is closed again
    result = sign_pdf(
        simple_pdf(),
        pki.unit.credentials(pki.root),
        signer_name=SIGNER,
        when=NOW,
        timestamper=RequestsHTTPTimeStamper(url, timeout=2),
    )
    assert not result.timestamped
    status = pyhanko_status(result.pdf, pki.root)
    assert status.timestamp_validity is None and status.bottom_line


def test_a_certificate_expired_since_counts_if_timestamped_while_valid(pki: Pki) -> None:
    signed_at = NOW - timedelta(days=100)
    holder = issue(
        "Đã Hết Hạn Sau Khi Ký", pki.root, valid_from=NOW - timedelta(days=400),
        valid_until=NOW - timedelta(days=10),
    )  # fmt: skip
    pdf = sign_pdf(
        simple_pdf(),
        holder.credentials(pki.root),
        signer_name="X",
        when=signed_at,
        timestamper=timestamper(pki, at=signed_at),
    ).pdf
    report = verify_pdf(pdf, [pki.root.certificate], NOW)
    assert report.verdict is Verdict.VALID
    assert report.last is not None and report.last.signed_at == signed_at
    # Without the timestamp only the signer's word says when: that is not enough.
    bare = sign_pdf(simple_pdf(), holder.credentials(pki.root), signer_name="X", when=signed_at)
    assert verify_pdf(bare.pdf, [pki.root.certificate], NOW).verdict is Verdict.EXPIRED


def test_unsigned_and_damaged_files_are_told_apart(pki: Pki) -> None:
    roots = [pki.root.certificate]
    assert verify_pdf(simple_pdf(), roots, NOW).verdict is Verdict.UNSIGNED
    assert verify_pdf(b"%PDF-1.4 not really", roots, NOW).verdict is Verdict.UNREADABLE


def test_a_result_signed_by_the_department_and_then_by_the_unit_validates(pki: Pki) -> None:
    first = sign_pdf(
        simple_pdf(), pki.department.credentials(pki.root), signer_name="Lê Thị Lãnh Đạo", when=NOW
    ).pdf
    both = sign_pdf(first, pki.unit.credentials(pki.root), signer_name=SIGNER, when=NOW).pdf
    report = verify_pdf(both, [pki.root.certificate], NOW)
    assert report.valid
    assert [s.signer_name for s in report.signatures] == ["Lê Thị Lãnh Đạo", SIGNER]
