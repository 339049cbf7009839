"""Vietnamese text helpers: NFC, and folding for diacritic-insensitive search and SMS."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics: "Đăng ký" -> "Dang ky".

    Unicode decomposition does not split đ/Đ (they are letters, not d + a mark), so map them by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold text for searching: no diacritics, lower case, single spaces."""
    return " ".join(strip_diacritics(text).lower().split())
