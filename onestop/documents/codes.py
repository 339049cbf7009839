"""Vector Code128 barcodes and QR codes as reportlab flowables."""

from __future__ import annotations

from itertools import groupby

import segno
from barcode import Code128
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from onestop.documents.fonts import REGULAR

QUIET_MODULES = 10  # Code128 asks for at least 10 modules of white either side
QR_BORDER = 4  # the QR specification's quiet zone, in modules


def code128_modules(code: str) -> str:
    """Return the Code128 bar pattern of code as '1' (bar) and '0' (space) modules."""
    if not code or not code.isascii() or not code.isprintable():
        raise ValueError(f"Case codes must be printable ASCII for Code128, got {code!r}")
    # python-barcode picks the shortest code sets and adds the checksum and stop pattern.
    (pattern,) = Code128(code).build()
    return pattern


def _runs(cells: list[bool] | str) -> list[tuple[int, int]]:
    """Return (start, length) of each dark run in a row of modules."""
    runs, position = [], 0
    for dark, group in groupby(cells, key=lambda cell: cell in (True, "1")):
        length = len(list(group))
        if dark:
            runs.append((position, length))
        position += length
    return runs


class BarcodeFlowable(Flowable):
    """A Code128 barcode drawn as filled rectangles, with the code printed below it."""

    def __init__(
        self,
        code: str,
        module: float = 0.85,
        bar_height: float = 28,
        font_size: float = 9,
        min_module: float = 0.6,
    ) -> None:
        super().__init__()
        self.code = code
        self.pattern = code128_modules(code)
        self.module, self.min_module = module, min_module
        self.bar_height, self.font_size = bar_height, font_size
        self.hAlign = "CENTER"

    def _total_modules(self) -> int:
        return len(self.pattern) + 2 * QUIET_MODULES

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        module = self.module
        if self._total_modules() * module > avail_width:
            # Shrink to fit, but never so thin that a 200 dpi scan loses bars.
            module = max(self.min_module, avail_width / self._total_modules())
        self.drawn_module = module
        self.width = self._total_modules() * module
        self.height = self.bar_height + self.font_size * 1.4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        module = self.drawn_module
        text_band = self.font_size * 1.4
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        for start, length in _runs(self.pattern):
            path.rect((QUIET_MODULES + start) * module, text_band, length * module, self.bar_height)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont(REGULAR, self.font_size)
        text_width = stringWidth(self.code, REGULAR, self.font_size)
        canvas.drawString((self.width - text_width) / 2, self.font_size * 0.35, self.code)


def qr_matrix(data: str, error: str = "m") -> list[list[bool]]:
    """Encode data as a QR code and return its modules, quiet zone included, top row first."""
    qr = segno.make(data, error=error, micro=False)
    return [[bool(cell) for cell in row] for row in qr.matrix_iter(scale=1, border=QR_BORDER)]


class QrFlowable(Flowable):
    """A QR code drawn as filled squares of a given total size, quiet zone included."""

    def __init__(self, matrix: list[list[bool]], size: float = 72) -> None:
        super().__init__()
        # Takes the matrix, not the text: encoding costs more than drawing, so do it once per PDF.
        self.matrix = matrix
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        module = self.width / len(self.matrix)
        canvas.setFillColorRGB(0, 0, 0)
        # One path for all squares: no anti-aliasing seams between neighbouring modules.
        path = canvas.beginPath()
        for y, row in enumerate(self.matrix):
            top = self.height - (y + 1) * module
            for start, length in _runs(row):
                path.rect(start * module, top, length * module, module)
        canvas.drawPath(path, stroke=0, fill=1)
