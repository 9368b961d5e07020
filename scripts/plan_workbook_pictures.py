"""Pictures of the plan workbook for the README: Kénitra's plan as the workbook shows it, in Arabic and French.

Run with the project's venv on a built database (MEL_DB or data/mel.duckdb):
    .venv/bin/python scripts/plan_workbook_pictures.py docs/
Each sheet is drawn as a spreadsheet would show it (tabs below, right to left in Arabic) and
photographed with Debian's Chromium.
"""

from __future__ import annotations

import html
import io
import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from mel import i18n
from mel.db import Reader
from mel.imports.plan_template import plan_rows, workbook_bytes

MEMBER = "04.281.01.01"
SHOWN = ("projects", "milestones")
CHROMIUM = "/usr/bin/chromium"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:,.0f}".replace(",", " ") if value.is_integer() else f"{value:,.2f}"
    return html.escape(str(value))


def page(lang: str) -> str:
    """The workbook's sheets as HTML: headers in bold on blue, a few rows, the tabs."""
    book = load_workbook(io.BytesIO(workbook_bytes(lang, plan_rows(Reader(), MEMBER))))
    rtl = "rtl" if i18n.is_rtl(lang) else "ltr"
    parts = [f"<html dir='{rtl}'><head><meta charset='utf-8'><style>"
             "body{font-family:'Noto Sans','Noto Sans Arabic',sans-serif;font-size:13px;margin:12px;background:#fff}"
             "table{border-collapse:collapse;margin-bottom:6px}td,th{border:1px solid #c8c8c8;padding:3px 6px;"
             "max-width:260px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}th{background:#dde7f0}"
             ".tabs span{display:inline-block;padding:3px 10px;border:1px solid #c8c8c8;margin:0 2px;"
             "background:#f3f3f3}"
             ".tabs .on{background:#fff;font-weight:bold}h3{margin:14px 0 4px}</style></head><body>"]  # fmt: skip
    for sheet in SHOWN:
        ws = book[i18n.t(lang, f"plan_book.sheet.{sheet}")]
        rows = list(ws.iter_rows(values_only=True))[:6]
        parts.append("<table>")
        for number, row in enumerate(rows):
            tag = "th" if number == 0 else "td"
            parts.append("<tr>" + "".join(f"<{tag}>{_cell(v)}</{tag}>" for v in row[:9]) + "</tr>")
        parts.append("</table><div class='tabs'>")
        parts += [
            f"<span class='{'on' if name == ws.title else ''}'>{html.escape(name)}</span>" for name in book.sheetnames
        ]
        parts.append("</div><br>")
    parts.append("</body></html>")
    return "".join(parts)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for lang in ("ar", "fr"):
            tab = browser.new_page(viewport={"width": 1280, "height": 520})
            tab.set_content(page(lang))
            tab.screenshot(path=str(out / f"plan-workbook-{lang}.png"), full_page=True)
            print(f"written: {out / f'plan-workbook-{lang}.png'}")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
