"""Addresses of the app's pages that reproduce a view: the language and the sidebar's filters,
as codes, so that a link sent in a file opens what the sender saw."""

from __future__ import annotations

from urllib.parse import urlencode

from mel.filters import Filters


def view_query(lang: str, filters: Filters, **first: str) -> str:
    """The query string of a view: ``first`` (e.g. ``member=...``), the language, then each filter
    repeated per chosen value, as the sidebar reads them back (``region=04&region=05``)."""
    pairs = [*first.items(), ("lang", lang)]
    pairs += [("region", r) for r in filters.regions]
    pairs += [("kind", k) for k in filters.kinds]
    pairs += [("cohort", str(int(c))) for c in filters.cohorts]
    return urlencode(pairs)


def member_page(base: str, lang: str, filters: Filters, member_code: str) -> str:
    """The member's programme page with the view's language and filters kept.

    ``base`` is the app's public address (``https://host`` or ``https://host/prefix``); an empty
    base gives a link within the app (``/plan?...``).
    """
    return f"{base.rstrip('/')}/plan?{view_query(lang, filters, member=member_code)}"
