"""Streamlit glue shared by the pages: the cached reader, language, filters, layout."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from mel import asof, i18n, queries
from mel.db import DatabaseMissing, Reader
from mel.filters import KINDS, Filters
from mel.i18n import t
from mel.paths import db_path
from mel.reference import NETWORK_CREATED
from ui import address, tables

T = TypeVar("T")
AS_OF = "as_of"  # the address's parameter and the sidebar's widget: the past day shown
_SEEN_AS_OF = "_as_of_seen"  # the last value of ?as_of= checked
_REFUSED_AS_OF = "_as_of_refused"  # ?as_of= held a value that is not a past day: say so once
APPROVED_ONLY = "approved_only"  # the sidebar's switch: figures of approved quarters only
_PAGE = "_page"  # "data" while the Data page runs (``every_value_here``)
DATA_PAGE = "data"


@st.cache_resource
def _reader(master: str) -> Reader:
    return Reader(Path(master))


# Each is a whole copy in memory (about 0.5 GB at national scale, a few MB for the network today).
@st.cache_resource(show_spinner=False, max_entries=2)
def _rewound(master: str, version: str, day: date) -> Reader:
    """The database as it stood at the end of ``day``, for one version of the present database."""
    return asof.rewound(_reader(master), day)


def reader_on(day: date | None, approved: bool = False) -> Reader:
    """The database as it stood at the end of ``day`` (None: as it is now), read only; with
    ``approved``, its figures limited to approved quarters."""
    present = _reader(str(db_path()))
    chosen = present if day is None else _rewound(str(db_path()), present.version(), day)
    return chosen.approved() if approved else chosen


def reader() -> Reader:
    """The database the pages read: as it is now (one handle per process and database, following
    each new snapshot), or as it stood on the day the address asks for (``?as_of=``); approved
    figures only when the switch says so (``approved_only``)."""
    return reader_on(as_of(), approved_only())


def every_value_here() -> None:
    """Mark this run's page as one that reads every value, drafts included (the Data page), and say
    so under the sidebar's switch, which does not apply here."""
    st.session_state[_PAGE] = DATA_PAGE
    st.sidebar.caption(t(lang(), "sidebar.every_value_here"))


def approved_only() -> bool:
    """Whether the figures are limited to approved quarters: the sidebar's switch, on by default,
    on every page but the Data page (where values are entered, drafts and all)."""
    return st.session_state.get(_PAGE) != DATA_PAGE and bool(st.session_state.get(APPROVED_ONLY, True))


def _call(
    func_module: str, func_name: str, args: tuple[Any, ...], day: date | None, then: date | None, approved: bool
) -> Any:
    import importlib

    func = getattr(importlib.import_module(func_module), func_name)
    if then is None:
        return func(reader_on(day, approved), *args)
    return func(reader_on(day, approved), *args, then=(reader_on(then, approved), then))


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    func_module: str, func_name: str, version: str, args: tuple[Any, ...], day: date | None = None,
    then: date | None = None, approved: bool = False,
) -> Any:  # fmt: skip
    return _call(func_module, func_name, args, day, then, approved)


_FILLED_FOR: dict[str, str] = {}  # the database version the caches were last filled for


def _version() -> str:
    """The present database's version; when it has changed, every cached result of older versions
    is dropped at once (no page asks for them again), so the caches hold one version's worth. A
    result for a past day is cached under the present version and the day (a new version may
    bring a correction recorded that day)."""
    version = _reader(str(db_path())).version()
    if _FILLED_FOR.get("version") != version:
        if _FILLED_FOR:
            _cached.clear()
            _cached_figure.clear()
        _FILLED_FOR["version"] = version
    return version


def cached(func: Callable[..., T], *args: Any) -> T:
    """Call ``func(reader, *args)``, cached by its small arguments and the database version."""
    day = as_of()
    return _cached(func.__module__, func.__name__, _version(), args, day, None, approved_only())


def cached_then(func: Callable[..., T], then: date, *args: Any) -> T:
    """Call ``func(reader, *args, then=(reader_then, then))``: ``reader_then`` is the database as it
    stood at the end of ``then`` (``mel.asof``); cached like ``cached``."""
    day = as_of()
    return _cached(func.__module__, func.__name__, _version(), args, day, then, approved_only())


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_figure(
    func_module: str, func_name: str, version: str, args: tuple[Any, ...], day: date | None, approved: bool
) -> Any:
    return _call(func_module, func_name, args, day, None, approved)


def figure(func: Callable[..., T], *args: Any) -> T:
    """Like ``cached`` for plotly figures, kept as objects: unpickling a large figure on every
    run (what st.cache_data does) costs more than drawing it."""
    day = as_of()
    return _cached_figure(func.__module__, func.__name__, _version(), args, day, approved_only())


def clear_caches() -> None:
    """Forget every cached query result and the tables opened for editing (call after each write)."""
    st.cache_data.clear()
    st.session_state.pop("_opened_tables", None)


def lang() -> str:
    """The current language: the sidebar's choice, kept in the address (``?lang=``)."""
    chosen = st.session_state.get("lang")
    return chosen if chosen in i18n.LANGUAGES else i18n.normalise_language(st.query_params.get("lang"))


def today() -> date:
    """The day the pages show: today, or the past day the address asks for (``?as_of=``), for
    lateness and 'as of' figures."""
    return as_of() or date.today()


def _past_day(text: str) -> date:
    """A day from ``YYYY-MM-DD`` that may be shown as it stood: not after today, not before the
    network; ValueError otherwise."""
    day = date.fromisoformat(text.strip())
    if not NETWORK_CREATED <= day <= date.today():
        raise ValueError(f"{day} is not a past day of the network")
    return day


def as_of() -> date | None:
    """The past day the pages show as it stood (``?as_of=YYYY-MM-DD``, or the sidebar's choice);
    None for the present, and for a value in the address that is not a past day of the network."""
    if AS_OF in st.session_state:
        chosen = st.session_state[AS_OF]
        return chosen if isinstance(chosen, date) and NETWORK_CREATED <= chosen <= date.today() else None
    raw = st.query_params.get(AS_OF)
    try:
        return _past_day(raw) if raw else None
    except ValueError:
        return None


def read_only() -> bool:
    """True when a past day is shown: nothing may be written then."""
    return as_of() is not None


def writes_off() -> None:
    """Say that nothing can be written on a past day (in place of a write's controls)."""
    st.info(t(lang(), "asof.writes_off"), icon=":material/history:")


def _back_to_today() -> None:
    st.session_state[AS_OF] = None


def _as_of_picker(lg: str) -> None:
    """The day to show, under the filters, kept in the address (``?as_of=``). A value in the address
    that is not a past day of the network is ignored, and said so (``_as_of_banner``)."""
    raw = st.query_params.get(AS_OF)
    if raw and raw != st.session_state.get(_SEEN_AS_OF):  # a new value in the address
        st.session_state[_SEEN_AS_OF] = raw
        try:
            _past_day(raw)
        except ValueError:
            st.session_state[_REFUSED_AS_OF] = True
    address.take(AS_OF, None, cast=_past_day)
    st.date_input(
        t(lg, "asof.pick"), key=AS_OF, min_value=NETWORK_CREATED, max_value=date.today(), help=t(lg, "asof.pick_help"),
        format="YYYY/MM/DD" if lg == "en" else "DD/MM/YYYY",
    )  # fmt: skip
    address.keep(AS_OF, None, text=date.isoformat)


def _as_of_banner(lg: str) -> None:
    """At the top of every page: the past day shown, with a way back to today; or why the day
    asked for was not taken; or that the network was empty on that day."""
    if st.session_state.pop(_REFUSED_AS_OF, False):
        st.warning(t(lg, "asof.invalid", day=i18n.day(lg, NETWORK_CREATED, "long")), icon=":material/event_busy:")
    day = as_of()
    if day is None:
        return
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.info(t(lg, "asof.banner", day=i18n.day(lg, day, "long")), icon=":material/history:")
    button.button(t(lg, "asof.back"), key="as_of_back", on_click=_back_to_today, icon=":material/today:")
    if empty_day():
        st.warning(t(lg, "asof.empty", day=i18n.day(lg, day, "long")))


def empty_day() -> bool:
    """True when a past day is shown on which nothing had been recorded yet (no member)."""
    if as_of() is None:
        return False
    try:
        return not cached(queries.demo_share, Filters())["members"]
    except DatabaseMissing:
        return False


def filters() -> Filters:
    """The global filters chosen in the sidebar."""
    return Filters(
        regions=tuple(st.session_state.get("region", ())),
        kinds=tuple(st.session_state.get("kind", ())),
        cohorts=tuple(int(c) for c in st.session_state.get("cohort", ())),
    )


def sidebar() -> None:
    """The language switch and the global filters, kept in the address (``ui.address``), and
    the switch between approved figures and everything (the Data page shows everything)."""
    st.session_state[_PAGE] = ""  # until a page says otherwise (``every_value_here``)
    address.take("lang", i18n.DEFAULT_LANGUAGE, i18n.LANGUAGES)
    lg = lang()
    with st.sidebar:
        st.selectbox(
            t(lg, "sidebar.language"),
            i18n.LANGUAGES,
            key="lang",
            format_func=lambda code: i18n.t(code, "language.name"),
        )
        address.keep("lang", i18n.DEFAULT_LANGUAGE)
        lg = lang()
        st.subheader(t(lg, "sidebar.filters"))
        try:
            options = cached(queries.filter_options)
        except DatabaseMissing:
            return
        regions = options[options["filter"] == "region"]
        region_names = dict(zip(regions["value"], regions[i18n.name_column(lg, "label")], strict=True))
        cohorts = sorted(int(v) for v in options.loc[options["filter"] == "cohort", "value"])
        for key, choices, cast, name in (
            ("region", list(region_names), str, lambda code: str(region_names.get(code, code))),
            ("kind", list(KINDS), str, lambda kind: t(lg, f"kind.{kind}.plural")),
            ("cohort", cohorts, int, lambda n: t(lg, "cohort.label", n=n)),
        ):
            address.take(key, [], choices, multi=True, cast=cast)
            st.multiselect(t(lg, f"filter.{key}"), choices, key=key, format_func=name, placeholder=t(lg, "filter.all"))
            address.keep(key, [])
        st.toggle(t(lg, "sidebar.approved_only"), value=True, key=APPROVED_ONLY,
                  help=t(lg, "sidebar.approved_only_help"))  # fmt: skip
        if not approved_only():
            st.caption(t(lg, "sidebar.drafts_included"))
        _as_of_picker(lg)
    _as_of_banner(lg)


CSS = Path(__file__).with_name("css")
JS = Path(__file__).with_name("js")


def css(*names: str) -> str:
    """The style sheets ``ui/css/NAME.css`` as one ``<style>`` element."""
    return "<style>" + "".join((CSS / f"{name}.css").read_text(encoding="utf-8") for name in names) + "</style>"


def script(*names: str) -> str:
    """The scripts ``ui/js/NAME.js`` as one ``<script>`` element (for ``st.html``)."""
    return "<script>" + "".join((JS / f"{name}.js").read_text(encoding="utf-8") for name in names) + "</script>"


def page_setup() -> None:
    """Page-wide CSS (fonts, tables, phone, paper; right to left in Arabic), and the scripts that
    sort tables, fit charts to paper, and give the page its language and the charts their names."""
    names = ["base", "tables", "phone", "print"] + (["rtl"] if i18n.is_rtl(lang()) else [])
    st.html(css(*names))
    marker = f'<span data-mel-lang="{lang()}" hidden></span>'
    st.html(marker + script("sort", "print", "a11y"), unsafe_allow_javascript=True)


def print_heading(subject: str) -> None:
    """On paper, ``subject`` and today's date at the top of every page, its number at the bottom."""
    lg = lang()
    heading = t(lg, "print.heading", subject=subject, date=i18n.day(lg, today()))
    page = t(lg, "print.page").replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
    quoted = heading.replace("\\", "").replace('"', "'")
    st.html(
        '<style>@page { @top-center { content: "' + quoted + '"; font-size: 9pt; color: #555; }'
        ' @bottom-center { content: "' + page + '"; font-size: 8pt; color: #555; } }</style>'
    )


def demo_notice(counts: dict[str, int]) -> None:
    """A visible notice of how much of what is shown is real and how much is demo, counted exactly."""
    lg = lang()
    demo = ("demo_members", "demo_plans", "demo_values", "demo_events")
    if any(counts[key] for key in demo):
        fields = {key: i18n.number(lg, value) for key, value in counts.items()}
        fields["real_members"] = i18n.number(lg, counts["members"] - counts["demo_members"])
        st.warning(t(lg, "demo.notice", **fields), icon=":material/science:")


def database_missing() -> None:
    """Tell the user how to build the database when it is not there."""
    st.error(t(lang(), "error.database_missing"))


def table(
    frame: pd.DataFrame,
    height: int | None = 520,
    columns: list[str] | None = None,
    trend: str | None = None,
    colours: pd.DataFrame | None = None,
    link: str | None = None,
    link_text: str | None = None,
    urls: str | None = None,
    sort_keys: pd.DataFrame | None = None,
    titles: pd.DataFrame | None = None,
    row_links: str | None = None,
) -> None:
    """A table of ``columns`` (default all) whose first column says what each row is: on the
    right in Arabic, always in view, sortable by a click on a header (see ``ui.tables``).

    ``height`` caps the box (it scrolls; paper shows every row); ``trend`` names a column of
    value lists drawn as sparklines; ``colours`` holds a CSS style per cell; ``link`` names a
    column of in-app links shown as ``link_text``; ``urls`` names a column of web addresses (not
    shown) that each row's first cell opens in a new tab; ``row_links`` a column of in-app
    addresses (not shown) that each row's first cell opens in the same tab; ``sort_keys`` and
    ``titles`` give some columns' cells a sort key and a tooltip (see ``ui.tables``).
    """
    shown = frame[columns] if columns else frame
    lg = lang()
    longer = len(shown) > tables.SHOWN_ROWS
    # Every row costs the browser: a long table shows its first rows until the reader asks for all.
    identity = repr((list(shown.columns), len(shown), shown.iloc[:1].to_numpy().tolist()))
    key = "all_rows_" + hashlib.sha1(identity.encode()).hexdigest()[:12]
    rows = tables.MAX_ROWS if longer and st.session_state.get(key) else tables.SHOWN_ROWS
    st.html(
        tables.table_html(
            shown, lg, height=height, trend=trend, colours=colours, link=link, link_text=link_text, urls=urls,
            sort_keys=sort_keys, titles=titles, row_links=row_links, max_rows=rows,
        )
    )  # fmt: skip
    if longer:
        st.toggle(t(lg, "table.show_all", n=len(shown)), key=key)


def public_base(page: str) -> str:
    """The app's address as the browser sees it (``https://host`` or ``https://host/prefix``), for
    links that work outside the app (downloads); ``MEL_PUBLIC_URL`` overrides it (behind a proxy
    that rewrites the host). ``page`` is the current page's url path, cut from the address.
    Empty when neither is known (no browser): links then stay within the app (``/plan?...``).
    """
    configured = os.environ.get("MEL_PUBLIC_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    seen = st.context.url if isinstance(st.context.url, str) else ""
    seen = seen.rstrip("/")
    return seen.removesuffix("/" + page) if page else seen


def downloads(frame: pd.DataFrame, stem: str, key: str) -> None:
    """CSV and XLSX downloads of a table, built when clicked."""
    from mel import export

    lg = lang()
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t(lg, "download.csv"),
        data=lambda: export.csv_bytes(frame),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    right.download_button(
        t(lg, "download.xlsx"),
        data=lambda: export.xlsx_bytes(frame, stem, i18n.is_rtl(lg)),
        file_name=f"{stem}.xlsx",
        key=f"{key}_xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# The first rows of a long preview (the whole file is checked and written).
MAX_PREVIEW_ROWS = 1_000
MAX_PROBLEMS_SHOWN = 200


def client() -> tuple[str, str]:
    """The browser's address, and a fingerprint a session is bound to (address, user agent, XSRF cookie).

    Streamlit gives no address for a connection from this machine; behind a reverse proxy on
    this machine (HAProxy, nginx), the address is the last one the proxy added to
    X-Forwarded-For, the only one a client cannot forge.
    """
    # Plain strings and mappings only: outside a browser (AppTest) the context holds stand-ins.
    headers = st.context.headers if isinstance(st.context.headers, Mapping) else {}
    cookies = st.context.cookies if isinstance(st.context.cookies, Mapping) else {}
    address = st.context.ip_address if isinstance(st.context.ip_address, str) else ""
    forwarded = str(headers.get("X-Forwarded-For", "") or "")
    if not address and forwarded:
        address = forwarded.split(",")[-1].strip()
    address = address or "local"
    agent, token = str(headers.get("User-Agent", "") or ""), str(cookies.get("_streamlit_xsrf", "") or "")
    return address, hashlib.sha256(f"{address}\n{agent}\n{token}".encode()).hexdigest()[:24]


def file_uploader(label: str, key: str, help_text: str) -> Any:
    """A file uploader with the real limits, its texts in the user's language."""
    from mel.sheets import MAX_BYTES, MAX_COLUMNS, MAX_ROWS

    lg = lang()
    # Streamlit writes the drop zone's texts in English; they are replaced by the catalog's.
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] > div > span,'
        '[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }'
        f'[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{ content: "{t(lg, "data.drop_here")}"; }}'
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }'
        f'[data-testid="stFileUploaderDropzone"] button > div::after {{ content: "{t(lg, "data.browse")}"; }}'
        # A file the uploader refuses itself (too large, another type) is named in the language.
        '[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]::after {'
        f' content: " · {t(lg, "data.upload_refused", mb=i18n.number(lg, MAX_BYTES // 2**20))}";'
        " color: #b3261e; white-space: normal; }"
        "</style>"
    )
    upload = st.file_uploader(label, type=["csv", "xlsx"], key=key, help=help_text, max_upload_size=MAX_BYTES // 2**20)
    st.caption(
        t(lg, "data.upload_limits", mb=i18n.number(lg, MAX_BYTES // 2**20), rows=i18n.number(lg, MAX_ROWS),
          columns=i18n.number(lg, MAX_COLUMNS))
    )  # fmt: skip
    return upload


def opened(key: str, func: Callable[..., pd.DataFrame], *args: Any) -> pd.DataFrame:
    """An editable table as it was when the user opened it, kept until it is saved (``clear_caches``).

    Its values are what the user saw: a save sends them with the changed rows, so a value someone
    else saved since is refused instead of overwritten. Re-reading the table on every rerun would
    send the other person's value as the one "seen", and silently overwrite it.
    """
    tables = st.session_state.setdefault("_opened_tables", {})
    if key not in tables:
        tables[key] = cached(func, *args)
    return tables[key]


def once(key: tuple[Any, ...], func: Callable[..., T], *args: Any) -> T | Exception:
    """``func(*args)`` once per ``key`` in this browser session (the latest key only is kept).

    A refusal (ImportRejected, PermissionDenied) is kept as the result, so a rerun of the page
    shows it again without reading the file again.
    """
    from mel.auth import PermissionDenied
    from mel.imports.cells import ImportRejected

    kept = st.session_state.get("_once")
    if kept is None or kept[0] != key:
        try:
            result: T | Exception = func(*args)
        except ImportRejected as refused:
            # A fresh exception, without the traceback whose frames hold the whole file.
            result = ImportRejected(refused.problems)
        except PermissionDenied as refused:
            result = PermissionDenied(str(refused))
        kept = (key, result)
        st.session_state["_once"] = kept
    return kept[1]


def problems(rejected: Any, entry: bool = False) -> None:
    """Every problem of a refused file (or edited table), by row and column, in the user's language."""
    lg = lang()
    found = rejected.problems
    st.error(t(lg, "data.rejected_entry" if entry else "data.rejected", n=len(found)))
    shown = found[:MAX_PROBLEMS_SHOWN]
    # Lines, not a table: each message names its row and column and must be read whole, also on a
    # phone; not a Markdown list either, whose markers Streamlit keeps left-aligned in Arabic.
    lines = "  \n".join(literal(p.message(lg)) for p in shown)
    st.markdown(lines)
    if len(found) > len(shown):
        st.caption(t(lg, "data.problems_more", n=len(found) - len(shown)))


def literal(text: str) -> str:
    """Text shown as written in Markdown (a cell's content may hold *, _, $ or brackets)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def _in_words(lg: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A refusal's fields in the reader's words: a quarter and a status by their labels."""
    from mel.vocabulary import QUARTER_STATUSES

    shown = dict(fields)
    if "period" in shown:
        shown["period"] = i18n.quarter(lg, shown["period"])
    if "status" in shown:
        shown["status"] = QUARTER_STATUSES.label(lg, shown["status"])
    return shown


@contextmanager
def writing(status: Any = None, entry: bool = False) -> Iterator[None]:
    """Run a write, and say in the user's language what happened: written, or nothing written and why.

    A write either fails before its COMMIT (nothing was written, and the message says so) or
    succeeds; the caches are cleared after a success.
    """
    from mel.auth import PermissionDenied
    from mel.batches import UndoRefused
    from mel.imports.cells import ImportRejected
    from mel.problems import Refused
    from mel.snapshots import DatabaseBusy, WriteFailed

    lg = lang()
    failed = True
    try:
        yield
        failed = False
    except ImportRejected as rejected:
        problems(rejected, entry)
        if entry:  # the table is read again at the next run: it shows what is saved now
            st.session_state.pop("_opened_tables", None)
    except PermissionDenied:
        st.error(t(lg, "data.not_allowed"))
    except Refused as refused:  # a step of the cycle, an undo, a comment, a note: said in the user's words
        st.error(t(lg, refused.key, **_in_words(lg, refused.fields)))
        if isinstance(refused, UndoRefused) and not refused.newer.empty:
            newer = refused.newer.assign(
                kind=refused.newer["kind"].map(lambda k: t(lg, f"data.kind.{k}")),
                sex=refused.newer["sex"].map(lambda s: t(lg, f"eval.measure.{s}") if isinstance(s, str) else None),
            )
            table(newer.rename(columns={"version": "newer_version"}))
    except DatabaseBusy:
        st.error(t(lg, "data.busy"))
    except WriteFailed:
        st.error(t(lg, "data.write_failed"))
    if failed:
        if status is not None:
            status.update(state="error")
        return
    clear_caches()


def field_config(frame: pd.DataFrame, pinned: tuple[str, ...] = ()) -> dict[str, Any]:
    """Column headers in the language for an editable table (the data keeps its column names).

    An editable table is a canvas that opens scrolled to the left, whatever the language: the
    ``pinned`` columns (what each row is) stay on its left edge, in view, also in Arabic.
    """
    return {
        c: st.column_config.Column(i18n.column_label(lang(), str(c)), pinned=c in pinned or None) for c in frame.columns
    }


def signed_in_user() -> Any:
    """The signed-in user (``mel.auth.User``), or None; the session is checked again on every run:
    inactivity, removal, a new password or another browser end it."""
    from mel import auth

    user = None
    session = st.session_state.get("session")
    if session is not None:
        session = auth.resume(session, client()[1], reader_on(None))  # the accounts as they are now
        if session is None:
            del st.session_state["session"]
            st.warning(t(lang(), "data.session_ended"))
        else:
            st.session_state["session"] = session
            user = session.user
    if user is None and getattr(st.user, "is_logged_in", False):
        # Signed in with OpenID Connect (st.login, configured in .streamlit/secrets.toml): the role
        # still comes from the users table, matched on the e-mail address.
        user = auth.user_by_email(str(st.user.get("email", "")), reader_on(None))
    return user


def page_start(prefix: str) -> tuple[str, Filters, date]:
    """A page's common start: title and subtitle (``PREFIX.title``, ``PREFIX.subtitle``), a clear
    error if the database is missing, and the demo-data notice. Returns language, filters, today."""
    lg, chosen = lang(), filters()
    st.title(t(lg, f"{prefix}.title"))
    st.caption(t(lg, f"{prefix}.subtitle"))
    try:
        reader().version()
    except DatabaseMissing:
        database_missing()
        st.stop()
    if empty_day():  # a past day before anything was recorded: the banner says so
        st.stop()
    demo_notice(cached(queries.demo_share, chosen))
    print_heading(t(lg, f"{prefix}.title"))
    return lg, chosen, today()


def chart(fig: Any, key: str, frame: pd.DataFrame | None = None, **options: Any) -> Any:
    """A chart and, under it, its figures as a table one click away (``ui.figures.chart``)."""
    from ui import figures

    return figures.chart(fig, key, frame, **options)
