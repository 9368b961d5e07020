"""Catalogs: same keys in every language, every key used exists, no interface string outside them."""

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


def test_placeholders_match_across_languages() -> None:
    field = re.compile(r"{(\w+)}")
    en = i18n.catalog("en")
    for lang in ("fr", "ar"):
        for key, text in i18n.catalog(lang).items():
            assert set(field.findall(text)) == set(field.findall(en[key])), (lang, key)


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
