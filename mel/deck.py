"""The meeting brief as a 16:9 slide deck for the projector (python-pptx).

One story per slide, in large type: the headline, what is late and by how many days, what is
due next, what was done since the last meeting, the indicators off track, the projects, the
charts, the indicator values. The content is the PDF's (``mel.brief_content``). In Arabic every
paragraph is right-aligned and marked right to left (``rtl="1"`` on ``a:pPr``), and tables run
from the right. Each slide carries its number and, when figures are illustrative, the demo line.
"""

from __future__ import annotations

import io
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.xmlchemy import OxmlElement
from pptx.slide import Slide
from pptx.text.text import _Paragraph
from pptx.util import Emu, Inches, Pt

from mel import brief_content
from mel.brief_content import Brief, Chart, Table
from mel.db import Reader
from mel.i18n import t

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 16:9, as PowerPoint makes it
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.45)
BODY_BOTTOM = Inches(6.75)
INK = RGBColor(0x21, 0x25, 0x29)
MUTED = RGBColor(0x5F, 0x63, 0x68)
ACCENT = RGBColor(0x1B, 0x5E, 0x7A)
DEMO = RGBColor(0xA0, 0x52, 0x00)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
ZEBRA = RGBColor(0xF1, 0xF5, 0xF7)
FONT = "Arial"  # has Latin and Arabic letters wherever PowerPoint runs
ROWS_PER_SLIDE = 8
TABLE_SIZE = 18  # 16 in tables of more than six columns
LANG_TAGS = {"ar": "ar-MA", "fr": "fr-MA", "en": "en-GB"}


def brief_pptx(reader: Reader, member: str, lang: str, since: date | None, today: date) -> bytes:
    """The meeting brief of one member as a PPTX deck (same stories and figures as ``brief.brief_pdf``)."""
    return render_pptx(brief_content.assemble(reader, member, lang, since, today))


def render_pptx(brief: Brief) -> bytes:
    """The brief laid out as slides, one story per slide (long tables over several)."""
    deck = _Deck(brief)
    deck.headline()
    charts = {chart.key: chart for chart in brief.charts}
    for table in brief.tables:
        if table.key == "indicators":  # the charts come before the full table of values
            deck.charts(charts)
        deck.table(table)
    deck.number_slides()
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()


class _Deck:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.lang = brief.lang
        self.rtl = brief.rtl
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.prs.core_properties.title = brief.title
        self.prs.core_properties.language = LANG_TAGS[brief.lang]
        self.blank = self.prs.slide_layouts[6]

    # ---- text ---------------------------------------------------------------------------------

    def write(
        self, paragraph: _Paragraph, text: str, size: float, bold: bool = False,
        colour: RGBColor = INK, align: PP_ALIGN | None = None,
    ) -> None:  # fmt: skip
        """One run of text; in Arabic the paragraph is right to left and right-aligned."""
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
        run.font.name = FONT
        rpr = run._r.get_or_add_rPr()
        rpr.set("lang", LANG_TAGS[self.lang])
        latin = rpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
        cs = OxmlElement("a:cs")  # the font of complex scripts (Arabic)
        cs.set("typeface", FONT)
        if latin is not None:
            latin.addnext(cs)
        paragraph.alignment = align if align is not None else (PP_ALIGN.RIGHT if self.rtl else PP_ALIGN.LEFT)
        if self.rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")

    def text_box(
        self, slide: Slide, left: int, top: int, width: int, height: int, lines: list[tuple[str, float, bool, RGBColor]]
    ) -> None:
        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, (text, size, bold, colour) in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.write(paragraph, text, size, bold, colour)
            paragraph.space_after = Pt(size * 0.35)

    def slide(self, title: str) -> Slide:
        slide = self.prs.slides.add_slide(self.blank)
        self.text_box(slide, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.95), [(title, 28, True, ACCENT)])
        if self.brief.demo:
            width = WIDTH - 2 * MARGIN - Inches(1.4)  # beside the slide number
            self.text_box(
                slide, self._x(MARGIN, width), Inches(6.85), width, Inches(0.55), [(self.brief.demo, 11, False, DEMO)]
            )
        return slide

    # ---- slides -------------------------------------------------------------------------------

    def headline(self) -> None:
        brief = self.brief
        slide = self.slide(brief.title)
        self.text_box(slide, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(0.6), [(brief.subtitle, 18, False, MUTED)])
        half = (WIDTH - 2 * MARGIN) // 2
        facts = [(f"{label} : " if self.lang == "fr" else f"{label}: ", value) for label, value in brief.facts]
        box = slide.shapes.add_textbox(Emu(self._x(MARGIN, half)), Inches(2.0), Emu(half), Inches(4.6))
        box.text_frame.word_wrap = True
        for i, (label, value) in enumerate(facts):
            paragraph = box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph()
            self.write(paragraph, label, 22, True, ACCENT)
            self.write(paragraph, value, 22)
            paragraph.space_after = Pt(10)
        counts = {table.key: len(table.rows) for table in brief.tables}
        kpis = [("late", counts["late"]), ("due_next", counts["due_next"]), ("off_track", counts["off_track"])]
        for i, (key, n) in enumerate(kpis):
            top = Inches(2.0) + i * Inches(1.5)
            self.text_box(
                slide, self._x(MARGIN + half + Inches(0.4), half - Inches(0.4)), top, half - Inches(0.4), Inches(1.4),
                [(str(n), 44, True, ACCENT if n == 0 else DEMO), (t(self.lang, f"deck.kpi.{key}"), 18, False, INK)],
            )  # fmt: skip

    def table(self, table: Table) -> None:
        if not table.rows:
            slide = self.slide(table.title)
            self.text_box(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1.2), [(table.empty, 24, False, MUTED)])
            return
        parts = self.pages(table)
        for number, rows in enumerate(parts, start=1):
            title = table.title
            if len(parts) > 1:
                title = t(self.lang, "deck.continued", title=table.title, part=number, parts=len(parts))
            self.grid(self.slide(title), table, rows)

    def pages(self, table: Table) -> list[list[list[str]]]:
        """The table's rows over as few slides as hold them (at most ROWS_PER_SLIDE each), evenly."""
        size = self.size(table)
        total = sum(table.weights)
        # characters on a line of each column (about half an em each)
        per_line = [max(4, int((WIDTH - 2 * MARGIN) * w / total / Pt(size) * 2.1)) for w in table.weights]
        lines = lambda row: max(-(-len(cell) // n) or 1 for cell, n in zip(row, per_line, strict=True))  # noqa: E731
        line_height = Pt(size) * 1.2
        budget = BODY_BOTTOM - BODY_TOP - lines(table.columns) * line_height - Inches(0.1)
        slides, used, count = 1, 0.0, 0
        for row in table.rows:
            height = lines(row) * line_height + Inches(0.1)
            if count and (used + height > budget or count == ROWS_PER_SLIDE):
                slides, used, count = slides + 1, 0.0, 0
            used, count = used + height, count + 1
        size_of = -(-len(table.rows) // slides)  # the same number of rows on every slide but the last
        return [table.rows[i : i + size_of] for i in range(0, len(table.rows), size_of)]

    def size(self, table: Table) -> int:
        return TABLE_SIZE if len(table.columns) <= 6 else TABLE_SIZE - 2

    def grid(self, slide: Slide, table: Table, rows: list[list[str]]) -> None:
        order = list(range(len(table.columns)))
        if self.rtl:  # columns from the right: the identifying column is the rightmost
            order.reverse()
        width = WIDTH - 2 * MARGIN
        shape = slide.shapes.add_table(
            len(rows) + 1, len(order), Emu(MARGIN), Emu(BODY_TOP), Emu(width), Emu(Inches(0.5) * (len(rows) + 1))
        )
        grid = shape.table
        size = self.size(table)
        total = sum(table.weights)
        for position, i in enumerate(order):
            grid.columns[position].width = Emu(int(width * table.weights[i] / total))
        for r, cells in enumerate([table.columns, *rows]):
            for position, i in enumerate(order):
                cell = grid.cell(r, position)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.margin_left = cell.margin_right = Inches(0.08)
                cell.margin_top = cell.margin_bottom = Inches(0.05)
                cell.fill.solid()
                cell.fill.fore_color.rgb = ACCENT if r == 0 else (ZEBRA if r % 2 == 0 else WHITE)
                paragraph = cell.text_frame.paragraphs[0]
                align = PP_ALIGN.CENTER if table.numeric[i] and r > 0 else None
                self.write(paragraph, cells[i], size, r == 0, WHITE if r == 0 else INK, align)

    def charts(self, charts: dict[str, Chart]) -> None:
        if self.brief.charts_note:
            slide = self.slide(t(self.lang, "brief.section.charts"))
            self.text_box(
                slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1.2), [(self.brief.charts_note, 24, False, DEMO)]
            )
        for key in ("timeline", "comparison"):
            if key in charts:
                self.picture(self.slide(t(self.lang, f"deck.chart.{key}")), charts[key])

    def picture(self, slide: Slide, chart: Chart) -> None:
        box_w, box_h = WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP
        scale = min(box_w / chart.width, box_h / chart.height)
        w, h = int(chart.width * scale), int(chart.height * scale)
        left = MARGIN + (box_w - w) // 2
        slide.shapes.add_picture(io.BytesIO(chart.png), Emu(left), Emu(BODY_TOP), Emu(w), Emu(h))

    def number_slides(self) -> None:
        slides = list(self.prs.slides)
        for number, slide in enumerate(slides, start=1):
            text = t(self.lang, "deck.slide", slide=number, slides=len(slides))
            left = MARGIN if self.rtl else WIDTH - MARGIN - Inches(1.2)
            box = slide.shapes.add_textbox(Emu(left), Inches(6.9), Inches(1.2), Inches(0.45))
            align = PP_ALIGN.LEFT if self.rtl else PP_ALIGN.RIGHT  # at the slide's far end
            self.write(box.text_frame.paragraphs[0], text, 14, False, MUTED, align)

    def _x(self, left: int, width: int) -> int:
        """A box's left edge, mirrored in right-to-left slides."""
        return WIDTH - left - width if self.rtl else left
