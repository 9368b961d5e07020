"""Catalogs: same keys in every language, every key used exists, no interface string outside them,
counts in each language's CLDR plural forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mel import i18n

ROOT = Path(__file__).resolve().parent.parent
KEY_USE = re.compile(r"""\bt\(\s*[a-z_]+\s*,\s*f?["']([a-z0-9_.{}]+)["']""")


def test_every_catalog_has_every_key() -> None:
    keys = {lang: set(i18n.catalog(lang)) for lang in i18n.LANGUAGES}
    union = set().union(*keys.values())
    for lang, have in keys.items():
        assert not union - have, f"{lang} lacks {sorted(union - have)}"


FIELD = re.compile(r"{(\w+)}")
# Keys whose {n} stands alone, a number no word agrees with ("Comments (7)", "Cohort 2", "7 MB"): plain texts.
NUMBER_LABELS = {
    "cohort.label", "plan.versions_title", "meeting.screen_of", "reminders.count", "learning.group", "cycle.late_title",
    "explanations.comments_title", "explanations.evidence_title", "explanations.about.milestone_number",
    "explanations.about.project_number", "evidence.size_kb", "evidence.size_mb", "brief.section.milestone_done",
    "brief.section.value_reported", "brief.section.due_next", "brief.section.late", "brief.section.off_track",
    "brief.section.projects", "brief.section.indicators", "brief.section.explanations",
}  # fmt: skip
SAMPLE_COUNTS = (0, 1, 2, 3, 11, 100, 1000000)


def texts(entry: i18n.Entry) -> list[str]:
    """A catalog entry's texts: one, or each plural form."""
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def fields(entry: i18n.Entry) -> set[str]:
    """The fields an entry fills, the count ``n`` aside (a form may say "one" or "two" in words)."""
    return {name for text in texts(entry) for name in FIELD.findall(text)} - {"n"}


def test_placeholders_match_across_languages() -> None:
    en = i18n.catalog("en")
    for lang in ("fr", "ar"):
        for key, entry in i18n.catalog(lang).items():
            assert fields(entry) == fields(en[key]), (lang, key)


def test_counts_are_plural_objects_with_the_language_categories() -> None:
    catalogs = {lang: i18n.catalog(lang) for lang in i18n.LANGUAGES}
    counted = {
        key
        for cat in catalogs.values()
        for key, entry in cat.items()
        if isinstance(entry, dict) or ("{n}" in entry and key not in NUMBER_LABELS)
    }
    assert counted, "no plural object in the catalogs"
    for lang, cat in catalogs.items():
        categories = i18n.plural_categories(lang)
        for key in counted:
            entry = cat[key]
            assert isinstance(entry, dict), f"{lang} {key}: a count needs a plural object"
            assert set(entry) == categories, f"{lang} {key}: {sorted(entry)} is not {sorted(categories)}"
            assert "{n}" in entry["other"], f"{lang} {key}: the other form writes the count"
            for n in SAMPLE_COUNTS:
                text = i18n.t(lang, key, n=n, **{name: "x" for name in fields(entry)})
                assert "{" not in text and "}" not in text, (lang, key, n, text)


def test_no_text_hedges_its_plural() -> None:
    hedge = re.compile(r"\w\((s|e?s|x)\)")
    for lang in i18n.LANGUAGES:
        for key, entry in i18n.catalog(lang).items():
            assert not any(hedge.search(text) for text in texts(entry)), (lang, key)


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 1, "1 member"),
        ("en", 1234, "1,234 members"),
        ("fr", 0, "0 membre"),
        ("fr", 1000000, "1\u202f000\u202f000 de membres"),
        ("ar", 0, "لا أعضاء"),
        ("ar", 1, "عضو واحد"),
        ("ar", 2, "عضوان"),
        ("ar", 7, "7 أعضاء"),
        ("ar", 11, "11 عضوًا"),
        ("ar", 100, "100 عضو"),
    ],
)
def test_plural_forms(lang: str, n: int, expected: str) -> None:
    assert i18n.t(lang, "growth.members_count", n=n) == expected


def test_a_count_already_written_picks_its_form() -> None:
    assert i18n.t("fr", "growth.members_count", n=i18n.number("fr", 1)) == "1 membre"
    assert i18n.t("ar", "growth.members_count", n="11") == "11 عضوًا"
    with pytest.raises(TypeError):
        i18n.t("en", "growth.members_count")


def test_one_family_of_column_labels() -> None:
    assert not [key for key in i18n.catalog("en") if key.startswith("field.")]
    assert i18n.column_label("fr", "indicator_code") == i18n.t("fr", "col.indicator_code")
    assert i18n.column_label("en", "no_such_column") == "no_such_column"


def python_sources() -> list[Path]:
    return [
        ROOT / "dashboard.py",
        *sorted((ROOT / "ui").glob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "mel").rglob("*.py")),
    ]


def test_every_key_used_in_code_exists() -> None:
    catalog = i18n.catalog("en")
    for path in python_sources():
        for key in KEY_USE.findall(path.read_text(encoding="utf-8")):
            if "{" in key:  # f-string key: check its fixed prefix is a real family
                prefix = key.split("{")[0]
                assert any(k.startswith(prefix) for k in catalog), (path.name, key)
            else:
                assert key in catalog, (path.name, key)


def test_pages_write_no_literal_text() -> None:
    """Streamlit calls in pages take catalog text, not string literals."""
    literal = re.compile(
        r"""st\.(title|header|subheader|caption|markdown|write|info|warning|error|success|button|metric|selectbox|radio|expander|tabs)\(\s*["']"""
    )
    for path in [ROOT / "dashboard.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]:
        assert not literal.search(path.read_text(encoding="utf-8")), path.name


def test_mel_never_imports_streamlit() -> None:
    for path in sorted((ROOT / "mel").rglob("*.py")):
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize(
    ("value", "expected"), [("ar", "ar"), ("FR", "fr"), ("en-GB", "en"), ("xx", "fr"), (None, "fr")]
)
def test_language_from_query_parameter(value: str | None, expected: str) -> None:
    assert i18n.normalise_language(value) == expected


def test_locale_formatting() -> None:
    assert i18n.number("en", 1234567) == "1,234,567"
    assert i18n.number("fr", 1234567).replace("\u202f", " ").replace("\xa0", " ") == "1 234 567"
    assert i18n.percent("ar", 0.5).endswith(i18n.RLM)
    assert i18n.percent("en", None) == "–"
