"""The meeting brief as a PDF and as a PPTX deck, in Arabic, French and English; charts drawn offline."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from mel import brief, brief_content, chart_images, deck, i18n, meeting
from mel.auth import User
from mel.db import Reader
from mel.i18n import t

KENITRA = "04.281.01.01"
TODAY = date(2026, 11, 25)  # Kénitra's shipped plan has late milestones then (the latest 524 days late)
SINCE = date(2026, 8, 25)
NAMES = {"ar": "القنيطرة", "fr": "Kénitra", "en": "Kénitra"}
HAS_CHROMIUM = chart_images.chromium_path().is_file()
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed (make test installs it)",
)
# bidirectional controls that pdftotext puts around right-to-left runs
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def documents(demo_db: Path) -> dict[str, dict[str, Any]]:
    """The PDF and the deck in each language; the six charts drawn with one browser."""
    reader = Reader(demo_db)
    try:
        plan_id = int(meeting.headline(reader, KENITRA, TODAY)["plan_id"])  # type: ignore[index]
        figures = [
            f for lang in i18n.LANGUAGES for f in brief_content.chart_figures(reader, KENITRA, plan_id, lang, TODAY)
        ]
        if HAS_CHROMIUM:  # the briefs below find these in the cache
            chart_images.png_images([fig for _, fig, _ in figures], [size for _, _, size in figures])
        late = meeting.late(reader, KENITRA, TODAY).iloc[0]
        indicator = meeting.indicators(reader, KENITRA, TODAY).set_index("code").loc["ATI-02"]
        out = {}
        for lang in i18n.LANGUAGES:
            content = brief_content.assemble(reader, KENITRA, lang, SINCE, TODAY)  # as brief_pdf and brief_pptx do
            out[lang] = {
                "pdf": brief.render_pdf(content),
                "pptx": deck.render_pptx(content),
                "late": late,
                "indicator": indicator,
            }
        return out
    finally:
        reader.close()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return BIDI_MARKS.sub("", text)


def deck_texts(data: bytes) -> tuple[list[list[str]], list[list[list[list[str]]]], Any]:
    """Each slide's text boxes, each slide's tables (rows of cells, as laid out), and the deck."""
    prs = Presentation(io.BytesIO(data))
    texts: list[list[str]] = []
    tables: list[list[list[list[str]]]] = []
    for slide in prs.slides:
        texts.append([shape.text_frame.text for shape in slide.shapes if shape.has_text_frame])
        tables.append(
            [
                [[cell.text for cell in row.cells] for row in shape.table.rows]
                for shape in slide.shapes
                if shape.has_table
            ]
        )
    return texts, tables, prs


@needs_poppler
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_pdf_brief_has_name_late_item_with_delay_and_targets(
    documents: dict[str, dict[str, Any]], tmp_path: Path, lang: str
) -> None:
    doc = documents[lang]
    data = doc["pdf"]
    assert data.startswith(b"%PDF")
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    page = next(tmp_path.glob("page-*1.png"))
    assert page.stat().st_size > 10_000  # page 1 renders, and is not blank
    text = pdf_text(data, tmp_path)
    assert NAMES[lang] in text
    late = doc["late"]
    days = str(late["days_late"])
    assert late["days_late"] == (TODAY - late["due_on"]).days == 524
    # the late item's row: its name and its delay in days, under a "days late" header
    assert any(late[f"title_{lang}"] in line and re.search(rf"(^|\s){days}(\s|$)", line) for line in text.splitlines())
    assert all(word in text for word in t(lang, "col.days_late").split())  # a header may wrap
    # a target beside its value (and the previous value) on the indicator's row
    ind = doc["indicator"]
    figures = [i18n.decimal(lang, ind[c]) for c in ("latest_value", "target_value", "previous_value")]
    assert len(set(figures)) == 3
    assert any(all(re.search(rf"(^|\s){f}(\s|$)", line) for f in figures) for line in text.splitlines())
    # page numbers in the language, and which figures are demo
    pages = int(
        subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0]
    )
    assert pages >= 2
    if lang != "ar":  # Arabic comes out of pdftotext in visual order
        assert t(lang, "brief.page", page=1, pages=pages) in text
        assert t(lang, "brief.demo.plan") in text
    else:
        assert "الصفحة" in text and t(lang, "brief.demo.plan") in text


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_pptx_brief_has_name_late_item_with_delay_and_targets(documents: dict[str, dict[str, Any]], lang: str) -> None:
    doc = documents[lang]
    texts, tables, prs = deck_texts(doc["pptx"])
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    assert NAMES[lang] in texts[0][0]
    rtl = lang == "ar"
    # the late items: the first table, most late first, with the delay in days
    late_rows = next(tab for slide in tables for tab in slide if t(lang, "col.days_late") in tab[0])
    header = late_rows[0][::-1] if rtl else late_rows[0]  # Arabic tables run from the right
    assert header[0] == t(lang, "col.late_item")
    first = late_rows[1][::-1] if rtl else late_rows[1]
    late = doc["late"]
    assert first[0] == late[f"title_{lang}"] and first[header.index(t(lang, "col.days_late"))] == "524"
    # the indicator values: a target beside its value
    ind = doc["indicator"]
    rows = [
        (row[::-1] if rtl else row, head[::-1] if rtl else head)
        for slide in tables
        for tab in slide
        if t(lang, "col.target") in tab[0]
        for head in [tab[0]]
        for row in tab[1:]
    ]
    row, head = next((r, h) for r, h in rows if r[0] == ind[f"name_{lang}"])
    assert row[head.index(t(lang, "col.latest"))] == i18n.decimal(lang, ind["latest_value"])
    assert row[head.index(t(lang, "col.target"))] == i18n.decimal(lang, ind["target_value"])
    assert row[head.index(t(lang, "col.previous"))] == i18n.decimal(lang, ind["previous_value"])
    # slide numbers, the demo line, one story per slide
    n = len(prs.slides)
    assert t(lang, "deck.slide", slide=n, slides=n) in texts[-1]
    assert all(any(t(lang, "brief.demo.plan") in box for box in slide) for slide in texts)
    assert any(t(lang, "brief.section.due_next", n=2) in slide[0] for slide in texts)


def test_arabic_paragraphs_are_marked_right_to_left(documents: dict[str, dict[str, Any]]) -> None:
    prs = Presentation(io.BytesIO(documents["ar"]["pptx"]))
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    paragraphs = [p for slide in prs.slides for p in slide.element.iter(f"{ns}p") if "".join(p.itertext()).strip()]
    assert paragraphs
    for p in paragraphs:
        ppr = p.find(f"{ns}pPr")
        assert ppr is not None and ppr.get("rtl") == "1"
        assert ppr.get("algn") in ("r", "ctr", "l")  # right; centred figures; the slide number at the far end
    prs_fr = Presentation(io.BytesIO(documents["fr"]["pptx"]))
    assert not any(p.get("rtl") for slide in prs_fr.slides for p in slide.element.iter(f"{ns}pPr"))


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed (make run installs it)")
def test_charts_are_drawn_offline_into_both_documents(documents: dict[str, dict[str, Any]]) -> None:
    html = chart_images.page_html()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and not any(s.startswith(("http:", "https:", "//")) for s in scripts)
    assert str(chart_images.plotly_js()) in html and "mathjax" not in html.lower()
    assert chart_images.chromium_path() == Path("/usr/bin/chromium") or chart_images.chromium_path().is_file()
    for lang in i18n.LANGUAGES:
        prs = Presentation(io.BytesIO(documents[lang]["pptx"]))
        pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 2 and all(p.image.content_type == "image/png" for p in pictures)
        assert documents[lang]["pdf"].count(b"/Subtype /Image") >= 2


@needs_poppler
def test_brief_without_chromium_says_so(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("MEL_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(chart_images, "_cache", OrderedDict())
    with caplog.at_level(logging.WARNING, logger="mel.brief_content"):
        data = brief.brief_pdf(reader, KENITRA, "fr", SINCE, TODAY)
        slides = deck.brief_pptx(reader, KENITRA, "en", SINCE, TODAY)
    assert "no Chromium" in caplog.text
    assert t("fr", "brief.charts_unavailable") in " ".join(pdf_text(data, tmp_path).split())
    texts, _, _ = deck_texts(slides)
    assert any(t("en", "brief.charts_unavailable") in box for slide in texts for box in slide)


def test_brief_since_defaults_to_the_last_meeting(fresh_db: Path) -> None:
    focal_point = User("bachri", "focal_point", KENITRA)
    meeting.record_meeting(focal_point, KENITRA, date(2026, 10, 1), master=fresh_db, today=TODAY)
    reader = Reader(fresh_db)
    try:
        content = brief_content.assemble(reader, KENITRA, "en", None, TODAY, charts=False)
        with pytest.raises(ValueError):
            brief_content.assemble(reader, KENITRA, "de", None, TODAY)
    finally:
        reader.close()
    assert dict(content.facts)[t("en", "col.last_meeting")] == i18n.day("en", date(2026, 10, 1))
    done = next(table for table in content.tables if table.key == "milestone_done")
    assert done.title == t("en", "brief.section.milestone_done", since=i18n.day("en", date(2026, 10, 1)), n=1)
