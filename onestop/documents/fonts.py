"""Register the Liberation Serif 2.x family that every printed form uses."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")

REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

# Times-metric with full Vietnamese (Decree 30/2020 asks for Times New Roman). Liberation 1.07 and
# reportlab's built-in Times print boxes for Vietnamese, so nothing else may stand in for these.
FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

VIETNAMESE_SAMPLE = "Đăng ký khai sinh Nguyễn Thị Hồng Ngọc ỹ ữ ự ĐÔNG SƠN Ỹ Ữ Ự"

_lock = threading.Lock()
_registered = False


class FontError(RuntimeError):
    """A form font is missing or cannot print Vietnamese."""


def load_font(name: str, path: Path) -> TTFont:
    """Load one TrueType font and prove it can print the Vietnamese sample."""
    if not path.is_file():
        raise FontError(
            f"Font file missing: {path} (needed for {name!r}; the forms never fall back to "
            "another font — restore onestop/documents/fonts/ from the repository)"
        )
    font = TTFont(name, str(path))
    sample = unicodedata.normalize("NFC", VIETNAMESE_SAMPLE)
    glyphs = font.face.charToGlyph
    missing = sorted({ch for ch in sample if not ch.isspace() and ord(ch) not in glyphs})
    if missing:
        raise FontError(f"Font {path} has no glyphs for Vietnamese characters: {''.join(missing)}")
    return font


def load_fonts(font_dir: Path = FONT_DIR) -> list[TTFont]:
    """Load and check the whole family from font_dir without registering anything."""
    return [load_font(name, font_dir / filename) for name, filename in FONT_FILES.items()]


def register_fonts(font_dir: Path = FONT_DIR) -> None:
    """Register the family with reportlab once; later calls do nothing."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        # Load and check all four before registering any, so a failure leaves no half-family.
        fonts = load_fonts(font_dir)
        for font in fonts:
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
