"""The view in the address: a copied link opens the same language, filters, member, tab, indicator
and period, and the sidebar's choices stay in the address from page to page.

Streamlit's own ``bind="query-params"`` writes an option's displayed label into the address
(``?lang=العربية``, the member's full name), and reads only that back; links here carry codes
(``?lang=ar&member=04.281.01.01``), so the binding is done by hand: ``take`` before the widget,
``keep`` after it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st

_SEEN = "_address_seen"  # what the address last said, per parameter
_LAST = "_address_last"  # the last value per parameter, kept from page to page


def take(
    key: str,
    default: Any,
    allowed: Collection[Any] | None = None,
    *,
    multi: bool = False,
    cast: Callable[[str], Any] = str,
) -> None:
    """Set widget ``key``'s value from the address (``?key=...``) when the address says something new.

    Else the widget keeps its value, or takes the one it had on another page, or ``default``.
    A value the widget does not offer (``allowed``) is ignored.
    """
    seen: dict[str, Any] = st.session_state.setdefault(_SEEN, {})
    last: dict[str, Any] = st.session_state.setdefault(_LAST, {})
    value = st.session_state[key] if key in st.session_state else last.get(key, default)
    raw: Any = st.query_params.get_all(key) if multi else st.query_params.get(key)
    if raw not in (None, []) and raw != seen.get(key):
        seen[key] = raw
        found = []
        for text in raw if multi else [raw]:
            try:
                found.append(cast(text))
            except (ValueError, KeyError):
                continue
        if multi or found:
            value = found if multi else found[0]
    if allowed is not None and not _offered(value, allowed, multi):
        value = [v for v in value if v in allowed] if multi else default
    # Set on every run, not only when it changes: a widget whose label changes with the language
    # is a new widget to Streamlit, which would otherwise start again from its default.
    st.session_state[key] = value


def _offered(value: Any, allowed: Collection[Any], multi: bool) -> bool:
    return all(v in allowed for v in value) if multi else value in allowed


def keep(key: str, default: Any, text: Callable[[Any], str] = str) -> Any:
    """Write widget ``key``'s value into the address as ``text(value)`` (left out when it is
    ``default``); returns the value."""
    value = st.session_state.get(key, default)
    st.session_state.setdefault(_LAST, {})[key] = value
    seen: dict[str, Any] = st.session_state.setdefault(_SEEN, {})
    if value == default or value in (None, [], ()):
        if key in st.query_params:
            del st.query_params[key]
        seen[key] = None
    else:
        written: Any = [text(v) for v in value] if isinstance(value, (list, tuple)) else text(value)
        if (st.query_params.get_all(key) if isinstance(written, list) else st.query_params.get(key)) != written:
            st.query_params[key] = written
        seen[key] = written
    return value
