"""The meeting brief as a PDF, in Arabic (shaped, right to left), French or English.

fpdf2 shapes Arabic through HarfBuzz (uharfbuzz) with Debian's Noto Naskh Arabic; Noto Naskh
has no Latin letters, "%" or "-", so DejaVu Sans is registered as a fallback (bold too). The
content (``mel.brief_content``) is the deck's too; in Arabic, text is right-aligned and tables
run from the right. The document is laid out twice: the first pass counts the pages, so that
each page can say "page X of Y".
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from mel import brief_content, i18n
from mel.brief_content import BRIEF_LANGUAGES, Brief, Table
from mel.db import Reader
from mel.i18n import t

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]
FONTS = {
    ("naskh", ""): "NotoNaskhArabic-Regular.ttf",
    ("naskh", "B"): "NotoNaskhArabic-Bold.ttf",
    ("dejavu", ""): "DejaVuSans.ttf",
    ("dejavu", "B"): "DejaVuSans-Bold.ttf",
}
INK = (33, 37, 41)
MUTED = (95, 99, 104)
ACCENT = (27, 94, 122)
DEMO = (160, 82, 0)
HEADING_FILL = (226, 236, 241)
ZEBRA = (246, 248, 249)
TABLE_SIZE = 8.5

__all__ = ["BRIEF_LANGUAGES", "FontsMissing", "brief_pdf", "render_pdf"]


class FontsMissing(FileNotFoundError):
    """The fonts the PDF needs are not installed."""


def _font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FontsMissing(f"{name} is not installed: install Debian's fonts-noto-core and fonts-dejavu-core (make run)")


class _Pdf(FPDF):
    def __init__(self, brief: Brief, pages: int | None) -> None:
        super().__init__(format="A4")
        self.brief = brief
        self.lang = brief.lang
        self.rtl = brief.rtl
        self.pages_total = pages
        for (family, style), file_name in FONTS.items():
            self.add_font(family, style, str(_font_path(file_name)))
        self.main_font = "naskh" if self.rtl else "dejavu"
        self.set_fallback_fonts(["dejavu"])
        self.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=16)
        self.set_title(brief.title)
        self.set_lang(brief.lang)

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(self.main_font, "", 8)
        self.set_text_color(*MUTED)
        pages = self.pages_total or self.page_no()
        page = i18n.number(self.lang, self.page_no())
        text = t(self.lang, "brief.page", page=page, pages=i18n.number(self.lang, pages))
        self.cell(0, 5, f"{self.brief.name} · {text}", align="C")
        self.set_text_color(*INK)

    def paragraph(
        self, text: str, size: float = 10.5, bold: bool = False, colour: tuple[int, int, int] = INK, gap: float = 0
    ) -> None:
        self.set_font(self.main_font, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.55, text, align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        if gap:
            self.ln(gap)

    def heading(self, text: str, keep: float = 22) -> None:
        if self.will_page_break(keep):  # a heading never ends a page: ``keep`` mm of what follows go with it
            self.add_page()
        self.ln(3)
        self.paragraph(text, 12.5, bold=True, colour=ACCENT, gap=1)

    def facts(self, facts: list[tuple[str, str]]) -> None:
        """Label and value pairs, two per line, the label in bold."""
        pairs = [facts[i : i + 2] for i in range(0, len(facts), 2)]
        widths = (40.0, 51.0, 40.0, 51.0)
        self.set_font(self.main_font, "", 9.5)
        with self.table(
            col_widths=widths[::-1] if self.rtl else widths, text_align=self.align, first_row_as_headings=False,
            borders_layout="NONE", line_height=5.6, padding=(0.6, 1.2),
        ) as table:  # fmt: skip
            for pair in pairs:
                cells: list[tuple[str, bool]] = []
                for label, value in pair:
                    cells += [(label, True), (value, False)]
                cells += [("", False)] * (4 - len(cells))
                row = table.row()
                for text, bold in cells[::-1] if self.rtl else cells:
                    row.cell(text, style=FontFace(emphasis="BOLD" if bold else None, color=ACCENT if bold else INK))

    def data_table(self, table: Table) -> None:
        self.heading(table.title)
        if not table.rows:
            self.paragraph(table.empty, 10, colour=MUTED)
            return
        order = list(range(len(table.columns)))
        if self.rtl:  # columns from the right: the identifying column is the rightmost
            order.reverse()
        text_align = tuple("C" if table.numeric[i] else self.align for i in order)
        self.set_font(self.main_font, "", TABLE_SIZE)
        self.set_draw_color(200, 205, 210)
        with self.table(
            col_widths=tuple(table.weights[i] for i in order), text_align=text_align,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL, color=INK),
            cell_fill_color=ZEBRA, cell_fill_mode="ROWS", line_height=TABLE_SIZE * 0.5,
            padding=(0.8, 1.2), borders_layout="HORIZONTAL_LINES",
        ) as grid:  # fmt: skip
            header = grid.row()
            for i in order:
                header.cell(table.columns[i])
            for cells in table.rows:
                row = grid.row()
                for i in order:
                    row.cell(cells[i])

    def chart_height(self, width: int, height: int) -> float:
        return self.epw * height / width

    def chart(self, png: bytes, width: int, height: int) -> None:
        h = self.chart_height(width, height)
        if self.will_page_break(h + 4):
            self.add_page()
        self.image(io.BytesIO(png), x=self.l_margin, w=self.epw, h=h)
        self.ln(3)


def render_pdf(brief: Brief) -> bytes:
    """The brief laid out as a PDF; laid out twice so that every page knows the number of pages."""
    first = _layout(brief, None)
    return bytes(_layout(brief, first.pages_count).output())


def _layout(brief: Brief, pages: int | None) -> _Pdf:
    pdf = _Pdf(brief, pages)
    pdf.add_page()
    pdf.paragraph(brief.title, 18, bold=True, gap=1)
    pdf.paragraph(brief.subtitle, 10.5, colour=MUTED, gap=1)
    if brief.demo:
        pdf.paragraph(brief.demo, 9.5, colour=DEMO, gap=1)
    pdf.ln(1)
    pdf.facts(brief.facts)
    for table in brief.tables:
        pdf.data_table(table)
    if brief.charts or brief.charts_note:
        first = brief.charts[0] if brief.charts else None
        keep = pdf.chart_height(first.width, first.height) + 16 if first else 22
        pdf.heading(t(brief.lang, "brief.section.charts"), keep)
    if brief.charts_note:
        pdf.paragraph(brief.charts_note, 10, colour=DEMO)
    for chart in brief.charts:
        pdf.chart(chart.png, chart.width, chart.height)
    pdf.ln(3)
    pdf.paragraph(brief.footer, 8.5, colour=MUTED)
    return pdf


def brief_pdf(reader: Reader, member: str, lang: str, since: date | None, today: date) -> bytes:
    """The meeting brief of one member as a PDF: headline, late, due next, done since ``since``
    (default: the last meeting), indicators off track, projects, indicator values, the latest
    comments, charts; the figures as they stood at the last meeting beside today's."""
    return render_pdf(brief_content.assemble(reader, member, lang, since, today))
