"""Read rendered documents back: text, page sizes, pixels, barcodes; save them for people."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import zxingcpp
from PIL.Image import Image

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
A5 = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)


def raw_page_texts(pdf: bytes) -> list[str]:
    """Extract each page's text exactly as pypdf returns it."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def clean(text: str) -> str:
    """Normalise to NFC and collapse whitespace, so layout line breaks do not matter."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def page_texts(pdf: bytes) -> list[str]:
    """Extract each page's text, NFC and whitespace-collapsed."""
    return [clean(text) for text in raw_page_texts(pdf)]


def all_text(pdf: bytes) -> str:
    """Extract the whole document's text, NFC and whitespace-collapsed."""
    return " ".join(page_texts(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Return each page's (width, height) in points, rounded to 0.01."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in reader.pages
    ]


def font_names(pdf: bytes) -> set[str]:
    """Return the base names of every font the pages use, without subset prefixes."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()  # pypdf types this loosely
        fonts: Any = resources.get("/Font", {})
        for ref in fonts.get_object().values():
            base = str(ref.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names


def rasterise(pdf: bytes, page: int = 0, dpi: int = 200) -> Image:
    """Render one page to a greyscale-ready PIL image at dpi."""
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    """Count the pages."""
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def decode(image: Image) -> dict[str, list[str]]:
    """Decode every barcode in the image, grouped by format name ('Code128', 'QRCode')."""
    found: dict[str, list[str]] = {}
    for result in zxingcpp.read_barcodes(image):
        found.setdefault(result.format.name, []).append(result.text)
    return found


def save_artifacts(name: str, pdf: bytes, dpi: int = 150) -> None:
    """Keep the PDF and a PNG of its first page under test-artifacts/documents/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    rasterise(pdf, 0, dpi).save(ARTIFACTS / f"{name}.png")
