"""The domain's vocabularies and thresholds, each defined once.

Every list of codes the app knows (kinds of member, sexes, event kinds, principles, statuses,
assessment scales, roles), in the order they are shown, with the catalog prefix of their labels;
the RAG thresholds and the network's key dates. The schema's CHECK constraints hold the same
lists; ``tests/test_vocabulary.py`` checks that they agree and that no chart drops a category.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mel.i18n import t


@dataclass(frozen=True)
class Vocabulary:
    """Codes in display order, and the catalog prefix of their labels (``prefix.code``)."""

    name: str
    codes: tuple[str, ...]
    prefix: str

    def label(self, lang: str, code: str) -> str:
        """The code's label in ``lang``."""
        return t(lang, f"{self.prefix}.{code}")

    def labels(self, lang: str) -> dict[str, str]:
        """Every code's label in ``lang``, in display order."""
        return {code: self.label(lang, code) for code in self.codes}

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes


KINDS = Vocabulary("kind", ("region", "council", "commune"), "kind")
# Values recorded by sex: the total, and women and men when the indicator is split.
SEXES = Vocabulary("sex", ("total", "women", "men"), "sex")
EVENT_KINDS = Vocabulary(
    "event_kind", ("co_creation_workshop", "consultation", "follow_up_committee", "training"), "event"
)
NETWORK_EVENT = "network_meeting"  # the network's own meetings: counted for no member
PRINCIPLES = Vocabulary(
    "principle", ("transparency", "access_to_information", "participation", "digitalisation", "gender"), "principle"
)
OPENNESS_PRINCIPLES = PRINCIPLES.codes[:4]  # the four openness principles; gender is the fifth lens
PLAN_STATUSES = Vocabulary("plan_status", ("co_creation", "adopted", "implementation", "completed"), "plan_status")
PROJECT_STATUSES = Vocabulary(
    "project_status", ("not_started", "in_progress", "completed", "suspended"), "project_status"
)
# How a project stands today, for the headline counts: every project is in exactly one.
PROJECT_STANDINGS = Vocabulary("project_standing", ("done", "on_track", "late", "suspended"), "standing")
# OGP's Independent Reporting Mechanism scales.
COMPLETION = Vocabulary(
    "completion", ("no_evidence", "not_started", "limited", "substantial", "complete"), "completion"
)
OPENED_GOVERNMENT = Vocabulary(
    "opened_government", ("worsened", "did_not_change", "marginal", "major", "outstanding"), "opened"
)
ROLES = Vocabulary("role", ("focal_point", "evaluator", "administrator"), "role")
# A member's quarter in the reporting cycle, and the steps that move it.
QUARTER_STATUSES = Vocabulary(
    "quarter_status", ("not_started", "draft", "submitted", "approved", "late"), "quarter_status"
)
QUARTER_STEPS = Vocabulary("quarter_step", ("submit", "return", "approve", "reopen"), "quarter_step")
RAG = Vocabulary("rag", ("green", "amber", "red", "grey"), "rag")
# How an indicator stands today: its latest value against the thresholds, or too old to tell.
INDICATOR_STANDINGS = Vocabulary(
    "indicator_standing", ("on_track", "at_risk", "off_track", "no_recent_data"), "indicator_standing"
)
RAG_OF_STANDING = dict(zip(INDICATOR_STANDINGS.codes, RAG.codes, strict=True))
# The RAG colours, for every chart, table, brief and deck. Okabe and Ito's colour-blind-safe palette
# (bluish green, orange, vermillion), its vermillion darkened so that red and amber also differ in
# lightness, and a light grey (the palette's grey reads like its bluish green to a deuteranope): the
# four stay apart under deuteranopia, protanopia and tritanopia, where the usual green and red look
# alike. Colour is never alone: each status also has a shape and a word.
RAG_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#A6361C", "grey": "#C8C8C8"}
# The same colours at 30 % on white: a cell's background, under dark text.
RAG_TINTS = {"green": "#B2E2D5", "amber": "#F8E2B2", "red": "#E4C3BB", "grey": ""}
# A status's shape (full, half, empty; a dash when there is no value), shown beside its colour.
RAG_ICONS = {"green": "●", "amber": "◐", "red": "○", "grey": "–"}
# A status's marker on a chart (plotly's symbols): a different shape for each.
RAG_SYMBOLS = {"green": "circle", "amber": "diamond", "red": "x", "grey": "circle-open"}

# An indicator is on track (green) when its latest value has covered at least this share of the
# way from baseline to target, at risk (amber) from AMBER_THRESHOLD, else off track (red).
ON_TRACK_THRESHOLD = 0.75
AMBER_THRESHOLD = 0.40

NETWORK_CREATED = date(2022, 10, 21)  # REMACTO was created on this day: nothing in the network predates it

ALL = (
    KINDS, SEXES, EVENT_KINDS, PRINCIPLES, PLAN_STATUSES, PROJECT_STATUSES, PROJECT_STANDINGS,
    COMPLETION, OPENED_GOVERNMENT, ROLES, RAG, INDICATOR_STANDINGS, QUARTER_STATUSES, QUARTER_STEPS,
)  # fmt: skip
