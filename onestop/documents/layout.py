"""Shared building blocks of the forms: styles, the national header, dates, signatures."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import _doNothing

from onestop.documents.data import Applicant
from onestop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DESK_NAME = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# A5 forms: the 13–14 pt of Decree 30 is for A4; A5 is that page scaled by 0.71, so ~10.5 pt.
BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=13.2, alignment=TA_JUSTIFY)
BODY_LEFT = ParagraphStyle("body_left", parent=BODY, alignment=TA_LEFT)
BODY_CENTER = ParagraphStyle("body_center", parent=BODY, alignment=TA_CENTER)
ITALIC_CENTER = ParagraphStyle("italic_center", parent=BODY_CENTER, fontName=ITALIC)
HEAD = ParagraphStyle("head", fontName=REGULAR, fontSize=10, leading=12.5, alignment=TA_CENTER)
HEAD_BOLD = ParagraphStyle("head_bold", parent=HEAD, fontName=BOLD)
HEAD_ITALIC = ParagraphStyle("head_italic", parent=HEAD, fontName=ITALIC, fontSize=10.5)
TITLE = ParagraphStyle(
    "title",
    fontName=BOLD,
    fontSize=12.5,
    leading=15.5,
    alignment=TA_CENTER,
    spaceBefore=7,
    spaceAfter=4,
)
CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=10, leading=12, alignment=TA_LEFT)
CELL_CENTER = ParagraphStyle("cell_center", parent=CELL, alignment=TA_CENTER)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL_CENTER, fontName=BOLD)
SIGN_TITLE = ParagraphStyle("sign_title", parent=HEAD_BOLD, fontSize=10.5, leading=12.5)
SIGN_HINT = ParagraphStyle("sign_hint", parent=HEAD, fontName=ITALIC, fontSize=9.5)


def nfc(text: str) -> str:
    """Return text in NFC, the form the fonts have precomposed glyphs for."""
    return unicodedata.normalize("NFC", text)


def esc(text: str) -> str:
    """Make user text safe to put inside paragraph markup."""
    return escape(nfc(text))


def p(markup: str, style: ParagraphStyle = BODY) -> Paragraph:
    """Build a paragraph from trusted markup whose user parts went through esc()."""
    return Paragraph(nfc(markup), style)


def local(moment: datetime) -> datetime:
    """Convert an aware datetime to Vietnam time; refuse naive ones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Forms need timezone-aware datetimes, got naive {moment!r}")
    return moment.astimezone(VN_TZ)


def format_date_vn(day: date) -> str:
    """Format as 'ngày 31 tháng 05 năm 2021' (datetimes in Vietnam time)."""
    if isinstance(day, datetime):
        day = local(day).date()
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def format_datetime_vn(moment: datetime) -> str:
    """Format as '09 giờ 15 phút, ngày 31 tháng 05 năm 2021' in Vietnam time."""
    moment = local(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {format_date_vn(moment.date())}"


def format_short_datetime(moment: datetime | None) -> str:
    """Format as '09:15 31/05/2021' for narrow table cells; empty for None."""
    if moment is None:
        return ""
    return local(moment).strftime("%H:%M %d/%m/%Y")


def format_place_date(place: str, day: date) -> str:
    """Format the date line: 'Đông Sơn, ngày 31 tháng 05 năm 2021'."""
    return f"{nfc(place)}, {format_date_vn(day)}"


class CenteredRule(Flowable):
    """A short horizontal rule centred in the available width."""

    def __init__(self, length: float, gap: float = 2.5, thickness: float = 0.6) -> None:
        super().__init__()
        self.length, self.gap, self.thickness = length, gap, thickness

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, self.gap + self.thickness

    def draw(self) -> None:
        x = (self.avail_width - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.thickness / 2, x + self.length, self.thickness / 2)


class UnderlinedText(Flowable):
    """One centred line of text with a rule exactly as wide as the text under it."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = nfc(text), font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, self.size * 1.25 + 2

    def draw(self) -> None:
        width = stringWidth(self.text, self.font, self.size)
        x = (self.avail_width - width) / 2
        baseline = 2 + self.size * 0.3
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(x, baseline, self.text)
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 0.6, x + width, 0.6)


def form_header(
    unit_name: str,
    parent_unit_name: str,
    width: float,
    date_line: str = "",
    number: str = "",
    size: float = 9.5,
) -> Table:
    """Build the two-column header: issuing unit at left, nation and motto at right."""
    head = ParagraphStyle("form_head", parent=HEAD, fontSize=size, leading=size * 1.25)
    head_bold = ParagraphStyle("form_head_bold", parent=head, fontName=BOLD)
    date_style = ParagraphStyle("form_date", parent=head, fontName=ITALIC, fontSize=size + 0.5)
    # The nation line must stay on one line; the unit names at left may wrap.
    right_w = min(width * 0.62, stringWidth(NATION, BOLD, size) + 8)
    left_w = min(width - right_w, stringWidth(DESK_NAME, BOLD, size) + 24)
    gap = width - left_w - right_w  # only on wide pages: keeps the two blocks at the edges
    left: list[Flowable] = []
    if parent_unit_name:
        left.append(p(esc(parent_unit_name.upper()), head))
    # Break the desk name where it reads naturally rather than before the last word.
    desk = DESK_NAME
    if stringWidth(DESK_NAME, BOLD, size) > left_w:
        desk = DESK_NAME.replace(" VÀ TRẢ", "<br/>VÀ TRẢ")
    left += [
        p(esc(unit_name.upper()), head),
        p(desk, head_bold),
        CenteredRule(left_w * 0.35),
    ]
    right: list[Flowable] = [p(NATION, head_bold), UnderlinedText(MOTTO, BOLD, size + 0.5)]
    rows: list[list[object]] = [[left, "", right]]
    if date_line or number:
        rows.append(
            [
                p(f"Số: {esc(number)}", head) if number else "",
                "",
                p(esc(date_line), date_style) if date_line else "",
            ]
        )
    table = Table(rows, colWidths=[left_w, gap, right_w])
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not Helvetica, even for empty cells
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 5),
        ]
    )
    return table


def addressee_lines(applicant: Applicant) -> list[Flowable]:
    """Build 'Kính gửi' and the applicant's address and contact lines."""
    lines: list[Flowable] = [p(f"Kính gửi: Ông/Bà <b>{esc(applicant.name)}</b>", BODY_LEFT)]
    if applicant.address:
        lines.append(p(f"Địa chỉ: {esc(applicant.address)}"))
    contact = [
        f"Điện thoại: {esc(applicant.phone)}" if applicant.phone else "",
        f"Email: {esc(applicant.email)}" if applicant.email else "",
    ]
    if any(contact):
        lines.append(p("; ".join(part for part in contact if part), BODY_LEFT))
    return lines


@dataclass(frozen=True)
class SignatureBox:
    """Where the issuer's digital signature goes: page index from 0, (x1, y1, x2, y2) in points."""

    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedForm:
    """A form's PDF and the place its issuer signs, if the layout has one."""

    pdf: bytes
    signature_box: SignatureBox | None


_SPOT_ATTR = "_onestop_signature_box"


class SignatureSpot(Flowable):
    """Blank space where the issuer signs; remembers where it was drawn for the digital signature.

    On paper it is the space for a handwritten signature. When a story has several spots (the
    receipt's two copies), the last one drawn wins: the copy handed to the applicant.
    """

    def __init__(self, height: float, *, share: float = 1.0, optional: bool = False) -> None:
        super().__init__()
        self.height, self.share, self.optional, self.fits = height, share, optional, True

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # An optional spot never pushes a page break: without room it takes none and is not kept.
        self.fits = not self.optional or avail_height >= self.height
        return avail_width, self.height if self.fits else 0

    def draw(self) -> None:
        if not self.fits:
            return
        x, y = self.canv.absolutePosition(self.width * (1 - self.share), 0)
        box = SignatureBox(
            page=self.canv.getPageNumber() - 1,
            rect=(x, y, x + self.width * self.share, y + self.height),
        )
        setattr(self.canv, _SPOT_ATTR, box)


def signature_block(
    width: float, columns: Sequence[tuple[str, str, str]], space: float = 36
) -> Table:
    """Build side-by-side signature blocks of (title, hint, printed name); the last one signs."""
    row = []
    for index, (title, hint, name) in enumerate(columns):
        cell: list[Flowable] = [p(esc(title), SIGN_TITLE)]
        if hint:
            cell.append(p(esc(hint), SIGN_HINT))
        cell.append(SignatureSpot(space) if index == len(columns) - 1 else Spacer(1, space))
        if name:
            cell.append(p(esc(name), SIGN_TITLE))
        row.append(cell)
    table = Table([row], colWidths=[width / len(columns)] * len(columns))
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not Helvetica, even for empty cells
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


# (top, right, bottom, left), the order CSS uses. A wider left margin leaves room for binding.
A5_MARGINS = (11 * mm, 10 * mm, 9 * mm, 13 * mm)

PageHook = Callable[[Canvas, BaseDocTemplate], None]


def page_footer(text: str = "", size: float = 8.5) -> PageHook:
    """Return a page hook printing 'text - Trang n' at the bottom right of every page."""
    text = nfc(text)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        label = f"Trang {canvas.getPageNumber()}"
        if text:
            label = f"{text} - {label}"
        canvas.saveState()
        canvas.setFont(ITALIC, size)
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, doc.bottomMargin / 2, label)
        canvas.restoreState()

    return draw


def build_pdf(
    story: list[Flowable],
    pagesize: tuple[float, float],
    title: str,
    author: str,
    margins: tuple[float, float, float, float] = A5_MARGINS,
    on_page_end: PageHook | None = None,
) -> bytes:
    """Lay out the story on pages of one size and return the PDF bytes."""
    return build_form(story, pagesize, title, author, margins, on_page_end).pdf


def build_form(
    story: list[Flowable],
    pagesize: tuple[float, float],
    title: str,
    author: str,
    margins: tuple[float, float, float, float] = A5_MARGINS,
    on_page_end: PageHook | None = None,
) -> RenderedForm:
    """Lay out the story on pages of one size; return the PDF and where the issuer signs."""
    register_fonts()
    top, right, bottom, left = margins
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=nfc(title),
        author=nfc(author),
        creator="Onestop",
        lang="vi-VN",
        invariant=True,  # same input, same bytes: easy to cache and to compare
        initialFontName=REGULAR,
    )
    frame = Frame(
        left,
        bottom,
        pagesize[0] - left - right,
        pagesize[1] - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end or _doNothing)]
    )
    doc.build(story)
    return RenderedForm(buffer.getvalue(), getattr(doc.canv, _SPOT_ATTR, None))


def content_width(
    pagesize: tuple[float, float], margins: tuple[float, float, float, float] = A5_MARGINS
) -> float:
    """Return the frame width for a page size and (top, right, bottom, left) margins."""
    return pagesize[0] - margins[1] - margins[3]
