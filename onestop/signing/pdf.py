"""Sign a PDF with PAdES (pyHanko): a visible box saying who signed and when, and a timestamp.

No database and no Flask: the caller passes the key, the place of the box and the timestamper.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import IndirectObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from onestop.calendar.workcal import to_local
from onestop.documents.fonts import FONT_DIR, FONT_FILES, REGULAR
from onestop.documents.layout import SignatureBox
from onestop.signing.keys import Credentials

log = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"
STAMP_TEXT = "Ký số bởi: %(signer)s\nThời gian ký: %(when)s"
# Where a document without a signature place (an uploaded result) gets the box: bottom right
# of the last page, inside a usual margin.
DEFAULT_BOX_SIZE = (200.0, 48.0)
DEFAULT_BOX_MARGIN = 28.0
INSET = 2.0  # keeps the box's border off the printed text around its place


class SignFailed(Exception):
    """The PDF could not be signed (it is damaged or of a kind pyHanko cannot update)."""


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    timestamped: bool


# Latin and Vietnamese, combining marks, punctuation and currency signs.
STAMP_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x20BF))


@cache
def _font_bytes() -> bytes:
    """The forms' Liberation Serif, cut to the box's alphabet and rescaled to 1000 units per em.

    pyHanko writes glyph widths in font units as if every font had 1000 per em; Liberation has
    2048, which would print the box's text twice as wide. A smaller font also signs faster.
    """
    font = TTFont(FONT_DIR / FONT_FILES[REGULAR])
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in STAMP_RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    scale_upem(font, 1000)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class _ShippedFont(GlyphAccumulatorFactory):
    """The box's font, prepared once and handed over from memory.

    pyHanko's own factory opens the file for every signature and never closes it.
    """

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _style() -> TextStampStyle:
    font = _ShippedFont(font_file=str(FONT_DIR / FONT_FILES[REGULAR]), font_size=9)
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=font,
            font_size=9,
            leading=12,
            box_layout_rule=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID,
                y_align=AxisAlignment.ALIGN_MID,
                margins=Margins.uniform(4),
            ),
        ),
        border_width=1,
    )


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _signer(credentials: Credentials) -> signers.SimpleSigner:
    key = credentials.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(_der(credentials.certificate)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(_der(c)) for c in credentials.chain]
        ),
    )


def _media_box(page: IndirectObject) -> tuple[float, float, float, float]:
    node = page.get_object()
    while "/MediaBox" not in node and "/Parent" in node:
        node = node["/Parent"].get_object()
    x1, y1, x2, y2 = (float(v) for v in node["/MediaBox"])
    return x1, y1, x2, y2


def _field_spec(
    writer: IncrementalPdfFileWriter, name: str, box: SignatureBox | None
) -> SigFieldSpec:
    """Place the box where the form says, else at the bottom right of the last page."""
    if box is not None:
        x1, y1, x2, y2 = box.rect
        inner = (round(x1 + INSET), round(y1 + INSET), round(x2 - INSET), round(y2 - INSET))
        return SigFieldSpec(name, on_page=box.page, box=inner)
    count = int(writer.root["/Pages"]["/Count"])
    page_ref, _ = writer.find_page_for_modification(count - 1)
    _, bottom, right, _ = _media_box(page_ref)
    width, height = DEFAULT_BOX_SIZE
    x2, y1 = right - DEFAULT_BOX_MARGIN, bottom + DEFAULT_BOX_MARGIN
    return SigFieldSpec(
        name,
        on_page=count - 1,
        box=(round(x2 - width), round(y1), round(x2), round(y1 + height)),
    )


def _field_name(writer: IncrementalPdfFileWriter) -> str:
    """A field name not used yet: a result may already carry a signature field of ours."""
    try:
        fields = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        fields = []
    taken = {str(field.get_object().get("/T")) for field in fields}
    name, n = FIELD_NAME, 1
    while name in taken:
        n += 1
        name = f"{FIELD_NAME}{n}"
    return name


def _sign_once(
    pdf: bytes,
    credentials: Credentials,
    *,
    signer_name: str,
    when: datetime,
    location: str,
    box: SignatureBox | None,
    timestamper: TimeStamper | None,
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    name = _field_name(writer)
    spec = _field_spec(writer, name, box)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        location=location or None,
        name=signer_name,
    )
    signer = signers.PdfSigner(
        meta,
        signer=_signer(credentials),
        timestamper=timestamper,
        stamp_style=_style(),
        new_field_spec=spec,
    )
    when_text = to_local(when).strftime("%H:%M:%S, %d/%m/%Y")
    out = signer.sign_pdf(writer, appearance_text_params={"signer": signer_name, "when": when_text})
    return out.getvalue()


def sign_pdf(
    pdf: bytes,
    credentials: Credentials,
    *,
    signer_name: str,
    when: datetime,
    location: str = "",
    box: SignatureBox | None = None,
    timestamper: TimeStamper | None = None,
) -> Signed:
    """Sign with a visible box; with a timestamper, embed an RFC 3161 timestamp (PAdES B-T).

    An unreachable timestamp server does not stop the desk: the document is signed without
    one, and the result says so.
    """

    def attempt(stamper: TimeStamper | None) -> Signed:
        signed = _sign_once(
            pdf,
            credentials,
            signer_name=signer_name,
            when=when,
            location=location,
            box=box,
            timestamper=stamper,
        )
        return Signed(signed, timestamped=stamper is not None)

    try:
        try:
            return attempt(timestamper)
        except TimestampRequestError:
            if timestamper is None:
                raise
            log.warning("timestamp server failed; signing without a timestamp", exc_info=True)
            return attempt(None)
    except (PdfError, SigningError, TimestampRequestError, KeyError, ValueError) as error:
        raise SignFailed(str(error)) from error
