"""Open-data export of every public view, safe for spreadsheets and for privacy."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from mel import headline
from mel.db import Reader
from mel.export import safe_frame, xlsx_bytes
from mel.filters import Filters
from mel.privacy import suppressed

PUBLIC_VIEWS = (
    "members", "collectivities", "plans", "axes", "projects", "milestones", "indicators",
    "observations_current", "observations_history", "participation", "gender_bodies", "import_batches",
    "member_targets", "published_counts", "cohorts", "reference_figures", "census", "ogp_commitments",
    "quarter_steps", "comments", "learning_notes",
)  # fmt: skip
# Counts of people in these views are suppressed below five.
PEOPLE_COUNTS = {
    "participation": ["participants_women", "participants_men", "participants_youth", "participants_total"],
    "gender_bodies": ["members_women", "members_men"],
}
SHARES = {"participation": {"women_share": "participants_total"}}
FORMATS = ("csv", "xlsx", "parquet")
# Columns naming a person (a user name, an e-mail address for OpenID Connect sign-in): open data
# publishes their role instead (focal_point, evaluator, administrator; "system" for the data
# the database was built with; "operator" for the server's command line).
AUTHOR_COLUMNS = ("recorded_by", "assessed_by")
BUILT_BY = ("system", "demo")


def view_frame(reader: Reader, view: str) -> pd.DataFrame:
    """A public view as exported: people counts under five suppressed."""
    if view not in PUBLIC_VIEWS:
        raise ValueError(f"not a public view: {view}")
    frame = reader.df(f"export/{view}")
    authors = [c for c in AUTHOR_COLUMNS if c in frame.columns]
    if authors:
        roles = dict(reader.df("export/user_roles").itertuples(index=False, name=None))
        frame = frame.assign(**{c: frame[c].map(lambda name: _role_of(name, roles)) for c in authors})
        frame = frame.rename(columns={c: f"{c}_role" for c in authors})
    if view in PEOPLE_COUNTS:
        frame = suppressed(frame, PEOPLE_COUNTS[view], SHARES.get(view))
    return frame


def _role_of(name: object, roles: dict[str, str]) -> str:
    if not isinstance(name, str) or name in BUILT_BY:  # no author: built with the database
        return "system"
    return roles.get(name, "operator")


def export_all(reader: Reader, folder: Path, fmt: str, progress: Callable[[str], None] = print) -> list[Path]:
    """Write every public view to ``folder`` as CSV, XLSX or Parquet; return the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, view in enumerate(PUBLIC_VIEWS, start=1):
        frame = view_frame(reader, view)
        path = folder / f"{view}.{fmt}"
        if fmt == "csv":
            path.write_bytes(safe_frame(frame).to_csv(index=False).encode("utf-8-sig"))
        elif fmt == "xlsx":
            path.write_bytes(xlsx_bytes(frame, view))
        else:
            out = frame.copy()
            for column in out.columns:
                if out[column].dtype == object:
                    out[column] = out[column].map(
                        lambda v: None if v is None else str(v) if not isinstance(v, (list, dict)) else v
                    )
            out.to_parquet(path, index=False)
        written.append(path)
        progress(f"[{number}/{len(PUBLIC_VIEWS)}] {path.name}: {len(frame):,} rows")
    return written


def headline_frame(reader: Reader, today: date) -> pd.DataFrame:
    """The network's headline figures as of ``today`` (one row per figure), as the pages show them."""
    return headline.headline(reader, Filters(), today).as_frame()


def export_headline(reader: Reader, folder: Path, fmt: str, today: date) -> Path:
    """Write the headline figures as ``headline.FMT`` beside the views."""
    frame = headline_frame(reader, today)
    path = folder / f"headline.{fmt}"
    if fmt == "csv":
        path.write_bytes(frame.to_csv(index=False).encode("utf-8-sig"))
    elif fmt == "xlsx":
        path.write_bytes(xlsx_bytes(frame, "headline"))
    else:
        frame.to_parquet(path, index=False)
    return path


def zip_bytes(reader: Reader, today: date) -> bytes:
    """Every public view and the headline figures as CSV, in one ZIP file (for the app's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for view in PUBLIC_VIEWS:
            frame = safe_frame(view_frame(reader, view))
            archive.writestr(f"{view}.csv", frame.to_csv(index=False).encode("utf-8-sig"))
        archive.writestr("headline.csv", headline_frame(reader, today).to_csv(index=False).encode("utf-8-sig"))
    return buffer.getvalue()
