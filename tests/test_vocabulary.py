"""One vocabulary: the schema, the catalogs, the imports and the charts use the same lists."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mel import gender, i18n, vocabulary
from mel.db import Reader
from mel.filters import Filters
from mel.imports import plan_format, record
from mel.paths import MIGRATIONS_DIR

TODAY = date(2026, 11, 25)
# column in the schema's CHECK constraints -> the vocabulary it must hold
SCHEMA_COLUMNS = {
    ("kind", "'region'"): vocabulary.KINDS.codes,
    ("status", "'co_creation'"): vocabulary.PLAN_STATUSES.codes,
    ("status", "'not_started'"): vocabulary.PROJECT_STATUSES.codes,
    ("completion", "'no_evidence'"): vocabulary.COMPLETION.codes,
    ("opened_government", "'worsened'"): vocabulary.OPENED_GOVERNMENT.codes,
    ("sex", "'total'"): vocabulary.SEXES.codes,
    ("kind", "'co_creation_workshop'"): (*vocabulary.EVENT_KINDS.codes, vocabulary.NETWORK_EVENT),
    ("role", "'focal_point'"): vocabulary.ROLES.codes,
    ("action", "'submit'"): vocabulary.QUARTER_STEPS.codes,
}


def _checks() -> list[tuple[str, tuple[str, ...]]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        for column, values in re.findall(r"CHECK \((\w+) IN \(([^)]*)\)\)", path.read_text(encoding="utf-8")):
            found.append((column, tuple(v.strip().strip("'") for v in values.split(","))))
    return found


@pytest.mark.parametrize(("column", "first"), list(SCHEMA_COLUMNS), ids=[f"{c} {f}" for c, f in SCHEMA_COLUMNS])
def test_the_schema_holds_the_same_lists(column: str, first: str) -> None:
    expected = SCHEMA_COLUMNS[(column, first)]
    matching = [values for name, values in _checks() if name == column and values[0] == first.strip("'")]
    assert matching, (column, first)
    assert all(values == tuple(expected) for values in matching)


@pytest.mark.parametrize("vocab", vocabulary.ALL, ids=[v.name for v in vocabulary.ALL])
def test_every_code_has_a_label_in_every_language(vocab: vocabulary.Vocabulary) -> None:
    for lang in i18n.LANGUAGES:
        labels = vocab.labels(lang)
        assert all(label and label != f"{vocab.prefix}.{code}" for code, label in labels.items()), (vocab.name, lang)
        assert len(set(labels.values())) == len(labels), (vocab.name, lang)  # two codes never read the same


def test_the_imports_use_the_vocabulary() -> None:
    assert vocabulary.PROJECT_STATUSES.codes == plan_format.PROJECT_STATUSES
    assert vocabulary.PLAN_STATUSES.codes == plan_format.PLAN_STATUSES
    assert vocabulary.PRINCIPLES.codes == plan_format.PRINCIPLES
    assert vocabulary.SEXES.codes == record.SEXES


def test_every_event_kind_in_the_data_has_its_bar(reader: Reader) -> None:
    present = {
        kind
        for (kind,) in reader.cursor()
        .execute("SELECT DISTINCT kind FROM participation WHERE member_code IS NOT NULL AND held_on <= ?", [TODAY])
        .fetchall()
    }
    assert present <= set(vocabulary.EVENT_KINDS.codes)
    for lang in i18n.LANGUAGES:
        fig = gender.by_event_kind_figure(reader, Filters(), lang, TODAY, "x")
        drawn = {label for trace in fig.data for label in (trace.x if trace.orientation != "h" else trace.y)}
        assert {vocabulary.EVENT_KINDS.label(lang, kind) for kind in present} <= drawn


def test_every_project_status_in_the_data_is_counted(reader: Reader) -> None:
    from mel import headline

    statuses = {s for (s,) in reader.cursor().execute("SELECT DISTINCT status FROM projects").fetchall()}
    assert statuses <= set(vocabulary.PROJECT_STATUSES.codes)
    figures = headline.headline(reader, Filters(), TODAY)
    if "suspended" in statuses:
        assert figures.projects_suspended > 0
    assert sum(figures.projects_by_standing.values()) == figures.projects_total
