"""Read a signed PDF back: its signatures through pyHanko's own validator, the visible box's text."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from asn1crypto import x509 as asn1_x509
from PIL.Image import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from tests.signing.pki import Issued


def pyhanko_status(pdf: bytes, *roots: Issued) -> PdfSignatureStatus:
    """Validate the PDF's only signature with pyHanko, trusting exactly `roots`."""
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures
    assert len(signatures) == 1
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(r.der()) for r in roots], allow_fetching=False
    )
    return validate_pdf_signature(
        signatures[0],
        context,
        key_usage_settings=KeyUsageConstraints(key_usage={"non_repudiation"}),
    )


def widget_rect(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page index and rectangle of the signature's visible box."""
    reader = PdfFileReader(io.BytesIO(pdf))
    signature = reader.embedded_regular_signatures[0]
    field = signature.sig_field
    count = int(reader.root["/Pages"]["/Count"])
    refs = [reader.find_page_for_modification(i)[0].idnum for i in range(count)]
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    return refs.index(field.raw_get("/P").idnum), (x1, y1, x2, y2)


def box_text(pdf: bytes, page: int) -> str:
    """The page's text with its form widgets (the signature box) drawn into it."""
    document = pdfium.PdfDocument(pdf)
    document.init_forms()
    document[page].flatten()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    flat = pdfium.PdfDocument(buffer.getvalue())
    try:
        return str(flat[page].get_textpage().get_text_range())
    finally:
        flat.close()


def rasterise_with_box(pdf: bytes, page: int, dpi: int = 200) -> Image:
    """Render a page as a viewer shows it, signature box included."""
    document = pdfium.PdfDocument(pdf)
    try:
        document.init_forms()
        return document[page].render(scale=dpi / 72, may_draw_forms=True).to_pil()
    finally:
        document.close()
