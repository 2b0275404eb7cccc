"""The papers people carry (a job card, a referral slip, a dispute receipt) as one structure
that both the printable page and the PDF are made from, so the two say the same; the PDF is
set with ReportLab in a TrueType font that holds the Cyrillic letters of Kyrgyz and Tajik."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.config import get_settings


@dataclass
class Section:
    """A heading over facts (a label and its value per row) and sentences."""

    key: str
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Paper:
    kind: str  # job_card, referral_slip, dispute_receipt
    language: str
    title: str
    subtitle: str
    reference_label: str
    reference: str
    sections: list[Section]
    warning_title: str
    warnings: list[str]
    filename: str
    qr_url: str | None = None
    qr_caption: str = ""
    printed: str = ""  # "Printed on …" in the reader's language

    def qr_svg(self) -> str:
        """The QR as an SVG data URI for the page (the policy allows data: images)."""
        if not self.qr_url:
            return ""
        return str(segno.make(self.qr_url, error="m", micro=False).svg_data_uri(scale=4))


class FontMissing(Exception):
    """The PDF font is not installed: the papers' PDFs cannot be made (the pages still print)."""


_REGULAR, _BOLD = "PaperSans", "PaperSans-Bold"


@cache
def _register_fonts(regular: Path, bold: Path) -> None:
    for name, path in ((_REGULAR, regular), (_BOLD, bold)):
        if not path.is_file():
            raise FontMissing(f"the PDF font {path} is not installed (Debian: fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(_REGULAR, normal=_REGULAR, bold=_BOLD, italic=_REGULAR,
                                  boldItalic=_BOLD)


def fonts() -> None:
    """Register the configured font once per process (FontMissing when it is absent)."""
    settings = get_settings()
    _register_fonts(settings.pdf_font, settings.pdf_font_bold)


class _Qr(Flowable):
    """The QR drawn as squares: sharp at any size, and no image library needed."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix]
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        quiet = 2
        count = len(self.matrix) + 2 * quiet
        cell = self.size / count
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    canvas.rect((x + quiet) * cell, self.size - (y + quiet + 1) * cell,
                                cell, cell, stroke=0, fill=1)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=_REGULAR, fontSize=10, leading=13,
                          textColor=colors.black)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=_BOLD, fontSize=17, leading=21,
                                spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14),
        "heading": ParagraphStyle("heading", parent=base, fontName=_BOLD, fontSize=12,
                                  leading=15, spaceBefore=8, spaceAfter=3),
        "label": ParagraphStyle("label", parent=base, fontName=_BOLD, fontSize=9.5),
        "reference": ParagraphStyle("reference", parent=base, fontName=_BOLD, fontSize=15,
                                    leading=19),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
    }


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def render_pdf(paper: Paper) -> bytes:
    """The paper as an A4 PDF in black on white."""
    fonts()
    style = _styles()
    width = A4[0] - 36 * mm
    story: list[Flowable] = [
        Paragraph(_text(paper.title), style["title"]),
        Paragraph(_text(paper.subtitle), style["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    reference = [Paragraph(_text(paper.reference_label), style["label"]),
                 Paragraph(_text(paper.reference), style["reference"])]
    if paper.qr_url:
        reference += [Spacer(1, 2 * mm), Paragraph(_text(paper.qr_caption), style["small"]),
                      Paragraph(_text(paper.qr_url), style["small"])]
        head = Table([[reference, _Qr(paper.qr_url, 34 * mm)]],
                     colWidths=[width - 38 * mm, 38 * mm])
    else:
        head = Table([[reference]], colWidths=[width])
    head.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                              ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm)]))
    story.append(head)
    for section in paper.sections:
        block: list[Flowable] = [Paragraph(_text(section.title), style["heading"])]
        if section.rows:
            rows = [[Paragraph(_text(label), style["label"]), Paragraph(_text(value),
                                                                        style["body"])]
                    for label, value in section.rows]
            table = Table(rows, colWidths=[width * 0.32, width * 0.68])
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
            block.append(table)
        block += [Paragraph(_text(note), style["body"]) for note in section.notes]
        story.append(KeepTogether(block))
    if paper.warnings:
        lines = [[Paragraph(_text(paper.warning_title), style["heading"])]]
        lines += [[Paragraph("• " + _text(w), style["body"])] for w in paper.warnings]
        box = Table(lines, colWidths=[width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.6, colors.black),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm)]))
        story += [Spacer(1, 5 * mm), KeepTogether([box])]
    story += [Spacer(1, 4 * mm), Paragraph(_text(paper.printed), style["small"])]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, title=paper.title,
                            subject=paper.reference, author="Vetted", lang=paper.language)
    doc.build(story)
    return buffer.getvalue()
