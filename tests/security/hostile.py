"""Hostile text, and checks that it comes back as text wherever it reappears.

Each payload targets one reader: a browser (markup that would run script), a spreadsheet (a cell
that would be read as a formula, including the DDE form), and headers (a line break).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from email import message_from_bytes, policy
from html.parser import HTMLParser

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
PAYLOADS = (SCRIPT, IMG, FORMULA, DDE)
MARKUP = (SCRIPT, IMG)


class LiveMarkup(HTMLParser):
    """Collect what a browser would run: scripts, event handlers, javascript: URLs, frames.

    With `styles`, also what a style-src 'self' policy blocks: style attributes and elements.
    """

    def __init__(self, *, styles: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}= on <{tag}>")
            if value and re.match(r"\s*javascript:", value, re.IGNORECASE):
                self.found.append(f"javascript: URL in {name}= on <{tag}>")
            if self.styles and name == "style":
                self.found.append(f"style attribute on <{tag}>")
        if tag == "script":
            if not dict(attrs).get("src"):
                self.found.append("<script> without src")
            self._script = True
        if tag in ("iframe", "object", "embed", "base") or (self.styles and tag == "style"):
            self.found.append(f"<{tag}> element")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.found.append("inline <script> body")


def active_content(markup: str, *, styles: bool = False) -> list[str]:
    parser = LiveMarkup(styles=styles)
    parser.feed(markup)
    parser.close()
    return parser.found


def assert_inert_html(markup: str, where: str, *, shows: tuple[str, ...] = ()) -> None:
    """Nothing in the page would run, and each text in `shows` is displayed as typed."""
    assert active_content(markup) == [], where
    for raw in MARKUP:
        assert raw not in markup, f"{raw!r} unescaped in {where}"
    # What the reader sees: the page's text with entities resolved.
    text = html.unescape(markup)
    for expected in shows:
        assert expected in text, f"{expected!r} not shown on {where}"


def squeeze(text: str) -> str:
    """Drop whitespace: PDF text extraction breaks lines where the layout wrapped them."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF"), "not a PDF"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def assert_pdf_shows(data: bytes, where: str, *texts: str) -> None:
    """The PDF prints each text literally (ReportLab did not read it as paragraph markup)."""
    printed = squeeze(pdf_text(data))
    for text in texts:
        assert squeeze(text) in printed, f"{text!r} not printed literally in {where}"


def xlsx_strings(data: bytes, where: str) -> list[str]:
    """Every text cell of the workbook, after checking that no cell holds a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets, f"no worksheet in {where}"
        for name in sheets:
            xml = book.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, f"a formula cell in {where} ({name})"
        shared = (
            book.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in book.namelist()
            else ""
        )
    return [html.unescape(s) for s in re.findall(r"<t[^>]*>([^<]*)</t>", shared)]


def assert_xlsx_cells(data: bytes, where: str, *texts: str) -> None:
    """Each text is a plain string cell of its own (starting the cell, as typed)."""
    strings = xlsx_strings(data, where)
    for text in texts:
        assert any(s.startswith(text) or text in s for s in strings), f"{text!r} not in {where}"


def email_headers(raw: bytes) -> dict[str, str]:
    message = message_from_bytes(raw, policy=policy.default)
    return {name.lower(): str(value) for name, value in message.items()}
