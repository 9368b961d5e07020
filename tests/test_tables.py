"""The HTML tables every page draws: right to left in Arabic, empty cells empty, words in the language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from mel import export, i18n
from tests.helpers import _TableParser
from ui.tables import cell_text, table_html


def cells(markup: str) -> list[list[str]]:
    parser = _TableParser()
    parser.feed(markup)
    return parser.tables[0]


def test_missing_values_are_empty_and_values_are_in_the_language() -> None:
    frame = pd.DataFrame(
        {
            "name": ["Kénitra", "Tiznit"],
            "value": [1234.5, None],
            "count": [3, None],
            "on": [date(2026, 3, 1), pd.NaT],
            "period": ["2026-Q3", None],
            "late": [True, False],
        }
    )
    rows = cells(table_html(frame, "fr"))
    when, period = i18n.day("fr", date(2026, 3, 1)), i18n.quarter("fr", "2026-Q3")
    assert rows[1] == ["Kénitra", "1\u202f234,5", "3", when, period, "Oui"]
    assert rows[2] == ["Tiznit", "", "", "", "", "Non"]


def test_arabic_runs_from_the_right_with_the_name_first() -> None:
    markup = table_html(pd.DataFrame({"name": ["القنيطرة"], "value": [2]}), "ar")
    assert 'dir="rtl"' in markup
    assert markup.index("القنيطرة") < markup.index(">٢<" if ">٢<" in markup else ">2<")
    assert '<th scope="row"' in markup  # the name is the row's header, pinned in view


def test_cell_text_is_escaped_and_long_tables_say_so() -> None:
    frame = pd.DataFrame({"name": [f"<b>{i}</b>" for i in range(30)]})
    markup = table_html(frame, "en", max_rows=10)
    assert "<b>" not in markup and "&lt;b&gt;" in markup
    assert markup.count("<tr>") == 11
    assert i18n.t("en", "table.first_rows", n=10, total="30") in markup


def test_every_kind_of_number_follows_the_language_and_downloads_keep_it_raw() -> None:
    """numpy's numbers (as an object column holds them, e.g. after "< 5" suppression) and
    Decimal are numbers too: written as the page's language writes them, not as Python does."""
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c"],
            "count": pd.Series([np.int64(12345), "< 5", None], dtype=object),
            "share": pd.Series([np.float32(2.5), Decimal("1234.50"), np.float64("nan")], dtype=object),
        }
    )
    for lang in i18n.LANGUAGES:
        rows = cells(table_html(frame, lang))
        assert rows[1][1:] == [i18n.number(lang, 12345), i18n.decimal(lang, 2.5)]
        assert rows[2][1:] == ["< 5", i18n.decimal(lang, 1234.5)] and rows[3][1:] == ["", ""]
    assert cell_text("fr", np.int64(12345)) == ("12\u202f345", "12345")
    assert cell_text("ar", np.bool_(True))[0] == i18n.t("ar", "yes")
    assert "12345" in export.csv_bytes(frame).decode("utf-8-sig")  # the download keeps the raw number
