"""The meeting brief as a PDF, in Arabic (shaped, right to left) or French.

fpdf2 shapes Arabic through HarfBuzz (uharfbuzz) with Debian's Noto Naskh Arabic; Noto Naskh
has no Latin letters, "%" or "-", so DejaVu Sans is registered as a fallback (bold too).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from fpdf import FPDF

from mel import i18n, plan
from mel.db import Reader
from mel.i18n import t
from mel.metrics import AMBER_THRESHOLD, ON_TRACK_THRESHOLD

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]
FONTS = {
    ("naskh", ""): "NotoNaskhArabic-Regular.ttf",
    ("naskh", "B"): "NotoNaskhArabic-Bold.ttf",
    ("dejavu", ""): "DejaVuSans.ttf",
    ("dejavu", "B"): "DejaVuSans-Bold.ttf",
}
BRIEF_LANGUAGES = ("ar", "fr", "en")


class FontsMissing(FileNotFoundError):
    """The fonts the PDF needs are not installed."""


def _font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FontsMissing(f"{name} is not installed: install Debian's fonts-noto-core and fonts-dejavu-core (make run)")


class _Brief(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(format="A4")
        self.lang = lang
        self.rtl = i18n.is_rtl(lang)
        for (family, style), file_name in FONTS.items():
            self.add_font(family, style, str(_font_path(file_name)))
        self.main_font = "naskh" if self.rtl else "dejavu"
        self.set_fallback_fonts(["dejavu"])
        self.set_text_shaping(True)
        self.set_auto_page_break(True, margin=15)

    def paragraph(self, text: str, size: float = 11, bold: bool = False, height: float | None = None) -> None:
        self.set_font(self.main_font, "B" if bold else "", size)
        self.multi_cell(0, height or size * 0.55, text, align="R" if self.rtl else "L", new_x="LMARGIN", new_y="NEXT")

    def bullet(self, text: str) -> None:
        self.paragraph(("• " if not self.rtl else "") + text + (" •" if self.rtl else ""), 10.5)


def brief_pdf(reader: Reader, member: str, lang: str, since: date, today: date) -> bytes:
    """The meeting brief of one member: what changed since ``since``, what is due, indicator status."""
    if lang not in BRIEF_LANGUAGES:
        raise ValueError(f"language must be one of {BRIEF_LANGUAGES}")
    header = plan.plan_header(reader, member)
    if header is None:
        raise KeyError(member)
    pdf = _Brief(lang)
    pdf.add_page()
    name = header[i18n.name_column(lang)]
    pdf.paragraph(t(lang, "brief.title", name=name), 18, bold=True, height=11)
    pdf.paragraph(
        t(lang, "brief.subtitle", code=member, kind=t(lang, f"kind.{header['kind']}"),
          since=i18n.day(lang, since), today=i18n.day(lang, today)),
        10.5,
    )  # fmt: skip
    if header["member_is_demo"] or header["plan_is_demo"]:
        pdf.paragraph(t(lang, "brief.demo"), 9.5)
    pdf.ln(2)
    if header["plan_id"] is not None:
        status = t(lang, f"plan_status.{header['status']}")
        focal = header[i18n.name_column(lang, "focal_point")]
        pdf.paragraph(
            t(lang, "brief.plan_line", cycle=int(header["cycle"]), status=status,
              progress=i18n.percent(lang, header["progress"]), focal=focal or "–"),
            11,
        )  # fmt: skip
    raw = plan.changes(reader, member, since, today)
    for change in ("milestone_done", "value_reported", "new_delay", "due_next"):
        pdf.ln(2)
        part = raw[raw["change"] == change]
        pdf.paragraph(t(lang, f"brief.section.{change}", n=len(part)), 13, bold=True, height=8)
        if part.empty:
            pdf.paragraph(t(lang, "brief.none"), 10.5)
        for row in part.head(25).itertuples():
            when = i18n.day(lang, pd.Timestamp(row.on_date).date())
            title = getattr(row, f"title_{lang}")
            if change == "value_reported":
                pdf.bullet(f"{title}: {i18n.number(lang, row.value, 1)} · {i18n.quarter(lang, row.period)} · {when}")
            else:
                pdf.bullet(f"{title} · {getattr(row, f'project_{lang}')} · {when}")
    pdf.ln(2)
    tracking = plan.indicator_tracking(reader, member, today)
    counts = tracking["rag"].value_counts()
    pdf.paragraph(t(lang, "brief.indicators"), 13, bold=True, height=8)
    pdf.paragraph(
        t(lang, "brief.indicators_line", green=int(counts.get("green", 0)), amber=int(counts.get("amber", 0)),
          red=int(counts.get("red", 0)), grey=int(counts.get("grey", 0))),
        10.5,
    )  # fmt: skip
    for row in tracking[tracking["rag"].isin(["red", "amber"])].itertuples():
        pdf.bullet(
            f"{getattr(row, f'name_{lang}')}: {t(lang, f'rag.{row.rag}')} · {i18n.percent(lang, row.achievement)}"
        )
    pdf.ln(3)
    pdf.paragraph(
        t(
            lang,
            "brief.footer",
            on_track=i18n.percent(lang, ON_TRACK_THRESHOLD),
            amber=i18n.percent(lang, AMBER_THRESHOLD),
        ),
        8.5,
    )
    return bytes(pdf.output())
