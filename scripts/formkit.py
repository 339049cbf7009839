"""Lay out a Vietnamese declaration form as .docx (A4, Times New Roman 13 pt)."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"  # Decree 30/2020: official documents use Times New Roman 13–14 pt
TEXT_WIDTH = Cm(17)
FIXED_TIME = datetime(
    2026, 1, 1, tzinfo=UTC
)  # fixed metadata and zip times: same input, same bytes
BOX = "☐"


@dataclass
class Line:
    """A label followed by a dotted line to fill in; several labels share a line."""

    labels: tuple[str, ...]


@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Check:
    """A question answered by ticking one box."""

    question: str
    options: tuple[str, ...]


@dataclass
class Grid:
    """A table whose first column holds labels and the others are to fill in."""

    header: tuple[str, ...]
    rows: tuple[str, ...]


@dataclass
class Blank:
    """Empty dotted lines for free text."""

    count: int = 2


Item = Line | Text | Check | Grid | Blank


@dataclass
class Form:
    file: str
    reference: str  # e.g. "Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA"
    title: str
    addressee: str
    body: list[Item]
    signer: str = "NGƯỜI YÊU CẦU"
    signer_hint: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    pledge: str = (
        "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
        "pháp luật về cam đoan của mình."
    )
    subtitle: str = ""
    footnotes: list[str] = field(default_factory=list)


def line(*labels: str) -> Line:
    return Line(labels)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def render(form: Form) -> bytes:
    """Return the form as .docx bytes, identical for identical input."""
    doc = Document()
    _setup(doc)
    _para(doc, form.reference, italic=True, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "Độc lập - Tự do - Hạnh phúc", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "_______________________", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, form.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    if form.subtitle:
        _para(doc, form.subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"Kính gửi: {form.addressee}", align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    for item in form.body:
        _item(doc, item)
    _para(doc, form.pledge, space_before=6)
    _signature(doc, form)
    for note in form.footnotes:
        _para(doc, note, italic=True, size=10)
    return _deterministic(doc)


def write(form: Form, folder: Path) -> Path:
    target = folder / form.file
    target.write_bytes(render(form))
    return target


def _setup(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian font slot too, or Word falls back to another font for some glyphs.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(2)
    props = doc.core_properties
    props.author = props.last_modified_by = "Onestop"
    props.created = props.modified = FIXED_TIME
    props.revision = 1


def _para(
    doc: Document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    align: int | None = None,
    space_before: int = 0,
) -> Paragraph:
    p = doc.add_paragraph()
    run = p.add_run(nfc(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(space_before)
    return p


def _dotted(p: Paragraph) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(
        TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )


def _item(doc: Document, item: Item) -> None:
    if isinstance(item, Text):
        _para(doc, item.text, bold=item.bold, italic=item.italic, space_before=4)
    elif isinstance(item, Line):
        p = doc.add_paragraph()
        if len(item.labels) == 1:
            p.add_run(nfc(f"{item.labels[0]}: ") + "\t")
            _dotted(p)
        else:
            # Share the width: one dotted tab stop per label.
            step = int(TEXT_WIDTH) // len(item.labels)
            for i, label in enumerate(item.labels):
                stop = step * (i + 1)
                p.paragraph_format.tab_stops.add_tab_stop(
                    stop, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
                )
                p.add_run(nfc(f"{label}: ") + "\t" + (" " if i + 1 < len(item.labels) else ""))
    elif isinstance(item, Check):
        options = "   ".join(f"{BOX} {o}" for o in item.options)
        _para(doc, f"{item.question}   {options}")
    elif isinstance(item, Blank):
        for _ in range(item.count):
            p = doc.add_paragraph()
            p.add_run("\t")
            _dotted(p)
    elif isinstance(item, Grid):
        table = doc.add_table(rows=len(item.rows) + 1, cols=len(item.header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for col, head in enumerate(item.header):
            cell = table.rows[0].cells[col]
            cell.text = ""
            run = cell.paragraphs[0].add_run(nfc(head))
            run.bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row, label in enumerate(item.rows, start=1):
            table.rows[row].cells[0].text = nfc(label)
        doc.add_paragraph()


def _signature(doc: Document, form: Form) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = ""
    place = right.paragraphs[0]
    place.add_run(
        nfc("Làm tại: ............., ngày ...... tháng ...... năm ........")
    ).italic = True
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer = right.add_paragraph()
    signer.add_run(nfc(form.signer)).bold = True
    signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hint = right.add_paragraph()
    hint.add_run(nfc(form.signer_hint)).italic = True
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(3):
        right.add_paragraph()


def _deterministic(doc: Document) -> bytes:
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
