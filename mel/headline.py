"""The headline figures, each defined once (``mel/sql/overview/headline_figures.sql``) and read by every
page, the brief and the export: members, plans adopted, projects by standing, participants and
women's share, progress and indicators by standing. One as-of rule: nothing dated after ``today``
counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd

from mel import i18n, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.i18n import t
from mel.metrics import fresh_since


@dataclass(frozen=True)
class HeadlineFigures:
    """The network's headline figures for the members in view, as of ``as_of``."""

    as_of: date
    members: int
    regions: int
    councils: int
    communes: int
    demo_members: int
    regions_covered: int
    regions_total: int
    plans_adopted: int
    plans_total: int
    projects_done: int
    projects_on_track: int
    projects_late: int
    projects_suspended: int
    projects_total: int
    events: int
    women: int
    men: int
    progress: float | None
    indicators_on_track: int
    indicators_at_risk: int
    indicators_off_track: int
    indicators_no_recent_data: int
    indicators_total: int

    @property
    def participants(self) -> int:
        """Everyone counted at the members' participation events (women and men)."""
        return self.women + self.men

    @property
    def women_share(self) -> float | None:
        """Women among participants; None when nobody took part."""
        return self.women / self.participants if self.participants else None

    @property
    def projects_by_standing(self) -> dict[str, int]:
        """Projects per standing, in the vocabulary's order; they add up to ``projects_total``."""
        return {standing: getattr(self, f"projects_{standing}") for standing in vocabulary.PROJECT_STANDINGS}

    @property
    def indicators_by_standing(self) -> dict[str, int]:
        """Indicators on track, at risk, off track and with no recent data; they add up to the total."""
        return {
            "on_track": self.indicators_on_track,
            "at_risk": self.indicators_at_risk,
            "off_track": self.indicators_off_track,
            "no_recent_data": self.indicators_no_recent_data,
        }

    def as_frame(self) -> pd.DataFrame:
        """One row per figure (``figure``, ``value``), with the as-of date, for exports."""
        values = {**asdict(self), "participants": self.participants, "women_share": self.women_share}
        # Shares to six decimals: a parallel average differs in its last bits from one run to the next.
        shown = [
            "" if value is None else str(round(value, 6)) if isinstance(value, float) else str(value)
            for value in values.values()
        ]
        return pd.DataFrame({"figure": list(values), "value": shown})


def headline(reader: Reader, filters: Filters, today: date) -> HeadlineFigures:
    """Every headline figure for the members in view, by one query, as of ``today``."""
    params = filters.params(
        today=today,
        event_kinds=list(vocabulary.EVENT_KINDS.codes),
        fresh_since=fresh_since(today),
        on_track=vocabulary.ON_TRACK_THRESHOLD,
        amber=vocabulary.AMBER_THRESHOLD,
    )
    row = reader.df("overview/headline_figures", params).iloc[0].to_dict()
    progress = row.pop("progress")
    return HeadlineFigures(
        as_of=today,
        progress=None if pd.isna(progress) else float(progress),
        **{key: int(value) for key, value in row.items()},
    )


def summary_line(figures: HeadlineFigures, lang: str) -> str:
    """The headline figures in one sentence (members, projects by standing, indicators by standing)."""
    n = lambda value: i18n.number(lang, value)  # noqa: E731 - a local shorthand
    return t(
        lang, "eval.headline", as_of=i18n.day(lang, figures.as_of), members=n(figures.members),
        projects=n(figures.projects_total), done=n(figures.projects_done), on_track=n(figures.projects_on_track),
        late=n(figures.projects_late), suspended=n(figures.projects_suspended),
        indicators=n(figures.indicators_total), ind_on_track=n(figures.indicators_on_track),
        ind_at_risk=n(figures.indicators_at_risk), ind_off_track=n(figures.indicators_off_track),
        ind_no_recent=n(figures.indicators_no_recent_data),
    )  # fmt: skip
