"""The form fonts: shipped, registered once, Vietnamese-capable, and never silently replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics

from onestop.documents import fonts


def test_register_fonts_is_idempotent() -> None:
    fonts.register_fonts()
    first = pdfmetrics.getFont(fonts.REGULAR)
    fonts.register_fonts()
    assert pdfmetrics.getFont(fonts.REGULAR) is first


@pytest.mark.parametrize("name", list(fonts.FONT_FILES))
def test_shipped_fonts_print_vietnamese(name: str) -> None:
    font = fonts.load_font(name, fonts.FONT_DIR / fonts.FONT_FILES[name])
    assert font.face.name.decode() == name  # PostScript name: Liberation Serif, not a stand-in


def test_licence_ships_with_the_fonts() -> None:
    licence = (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name Liberation" in licence


def test_missing_font_file_fails_loudly_naming_it(tmp_path: Path) -> None:
    for filename in fonts.FONT_FILES.values():
        shutil.copy(fonts.FONT_DIR / filename, tmp_path / filename)
    (tmp_path / "LiberationSerif-Italic.ttf").unlink()

    with pytest.raises(fonts.FontError, match=r"Font file missing: .*LiberationSerif-Italic\.ttf"):
        fonts.load_fonts(tmp_path)


def test_failed_registration_leaves_the_global_one_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts.register_fonts()
    registered = pdfmetrics.getFont(fonts.BOLD)
    monkeypatch.setattr(fonts, "_registered", False)

    with pytest.raises(fonts.FontError, match=r"LiberationSerif-Regular\.ttf"):
        fonts.register_fonts(tmp_path / "nowhere")

    assert fonts._registered is False  # a later call tries again instead of pretending
    assert pdfmetrics.getFont(fonts.BOLD) is registered


def test_font_without_vietnamese_glyphs_is_refused(tmp_path: Path) -> None:
    # Bitstream Vera, shipped with reportlab, has Latin-1 but not the Vietnamese letters.
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    impostor = tmp_path / "LiberationSerif-Regular.ttf"
    shutil.copy(vera, impostor)

    with pytest.raises(fonts.FontError, match=r"no glyphs for Vietnamese characters: .*ỹ"):
        fonts.load_font("Impostor", impostor)
