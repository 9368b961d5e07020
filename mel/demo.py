"""Deterministic demo data: plausible plans, milestones, values and events, flagged as demo.

Everything here comes from one fixed seed, so two builds are identical. Real facts (the
network's composition by date, the members named in public sources, Kénitra's axes and
projects, the people named in the press) come from ``data/`` and are never replaced.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from mel import demo_cycle
from mel.paths import DATA_DIR
from mel.periods import quarter_of, quarter_start, quarters_between
from mel.reference import KIND_OF_LEVEL, LEVEL_OF_KIND

# Demo data is generated up to this date, so that two builds agree whatever the day;
# indicator values stop at the last complete quarter before it.
DEMO_AS_OF = date(2026, 11, 15)
LAST_DEMO_QUARTER = "2026-Q3"

EVENT_SIZES = {
    "co_creation_workshop": (30, 120),
    "consultation": (40, 250),
    "follow_up_committee": (6, 20),
    "training": (8, 40),
}


def _catalog() -> dict[str, Any]:
    return json.loads((DATA_DIR / "demo_catalog.json").read_text(encoding="utf-8"))


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


Targets = dict[str, dict[str, tuple[float, float]]]  # member -> indicator -> (baseline, target)
ASSESSMENT_COLUMNS = ["completion", "opened_government", "verifiable"]


@dataclass
class DemoTables:
    """The generated data: each member's plan workbook (as rows per sheet), and the rest by table."""

    member_records: pd.DataFrame
    books: dict[str, dict[str, list[dict[str, Any]]]]  # member -> sheet -> rows, for the plan import
    assessments: pd.DataFrame  # evaluators' assessments of the demo projects, by (member, project code)
    targets: Targets  # each member's own baselines and targets, as its book states them
    observations: pd.DataFrame
    participation_events: pd.DataFrame


def choose_members(
    collectivities: pd.DataFrame,
    named: pd.DataFrame,
    targets: dict[int, dict[str, int]],
    calendar: pd.DataFrame,
    rng: random.Random,
) -> pd.DataFrame:
    """The members: the named ones from ``data/``, and demo placeholders drawn to reach each cohort's
    published total (``targets``: cohort -> kind -> members), joining within the cohort's window."""
    rows = [
        {
            "member_code": r.member_code,
            "kind": r.kind,
            "joined_on": r.joined_on,
            "cohort": int(r.cohort),
            "dates_estimated": bool(r.dates_estimated),
            "is_demo": False,
            "source": r.source,
            "source_url": r.source_url,
        }
        for r in named.itertuples()
    ]
    taken = set(named["member_code"])
    eligible = collectivities[collectivities["can_be_member"]]
    windows = calendar.set_index("cohort")
    for cohort, wanted in sorted(targets.items()):
        for kind, target in wanted.items():
            have = sum(1 for r in rows if r["cohort"] == cohort and r["kind"] == kind)
            pool = sorted(set(eligible.loc[eligible["level"] == LEVEL_OF_KIND[kind], "code"]) - taken)
            picks = rng.sample(pool, max(0, target - have))
            taken.update(picks)
            start, end = windows.loc[cohort, "joined_from"], windows.loc[cohort, "joined_to"]
            for code in picks:
                rows.append(
                    {
                        "member_code": code,
                        "kind": kind,
                        "joined_on": _between(rng, start, end),
                        "cohort": cohort,
                        "dates_estimated": False,
                        "is_demo": True,
                        "source": "demo",
                        "source_url": None,
                    }
                )
    frame = _member_records(rows)
    return frame.sort_values(["cohort", "joined_on", "member_code"]).reset_index(drop=True)


def all_collectivities_as_members(
    collectivities: pd.DataFrame, calendar: pd.DataFrame, rng: random.Random
) -> pd.DataFrame:
    """Every collectivity that has a council, as a demo member of a random cohort (the national-scale database)."""
    eligible = collectivities[collectivities["can_be_member"]].sort_values("code")
    windows = calendar.set_index("cohort")
    rows = []
    for code, level in zip(eligible["code"], eligible["level"], strict=True):
        cohort = rng.choice(list(windows.index))
        rows.append(
            {
                "member_code": code,
                "kind": KIND_OF_LEVEL[level],
                "joined_on": _between(rng, windows.loc[cohort, "joined_from"], windows.loc[cohort, "joined_to"]),
                "cohort": int(cohort),
                "dates_estimated": False,
                "is_demo": True,
                "source": "demo (national scale)",
                "source_url": None,
            }
        )
    return _member_records(rows)


def _member_records(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Member rows in the shape of ``core.member_records``: first versions, none left."""
    frame = pd.DataFrame(rows)
    frame["left_on"] = None
    frame["version"] = 1
    frame["recorded_at"] = datetime(2024, 11, 12, 9, 0)
    frame["recorded_by"] = "system"
    return frame


def _event(
    event_id: int, rng: random.Random, member_code: str, kind: str, held_on: date, size: float, women_share: float
) -> dict[str, Any]:
    """One demo participation event, its participants split by sex around the member's usual share."""
    low, high = EVENT_SIZES[kind]
    total = int(rng.randint(low, high) * (size if kind != "follow_up_committee" else 1))
    share = min(0.95, max(0.05, rng.gauss(women_share, 0.07)))
    women = round(total * share)
    return {
        "event_id": event_id,
        "member_code": member_code,
        "held_on": held_on,
        "kind": kind,
        "title": None,
        "participants_women": women,
        "participants_men": total - women,
        "participants_youth": round(total * rng.uniform(0.1, 0.4)),
        "cso_count": rng.randint(0, 15) if kind != "training" else 0,
        "is_demo": True,
        "source": "demo",
    }


class _Ids:
    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def next(self, name: str) -> int:
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]


def generate(
    members: pd.DataFrame,
    collectivities: pd.DataFrame,
    indicators: pd.DataFrame,
    people: pd.DataFrame,
    seed: int,
    calendar: pd.DataFrame,
    with_observations: bool = True,
    shipped: dict[str, dict[str, Any]] | None = None,
) -> DemoTables:
    """Plan workbooks (plan, axes, projects, milestones, targets, IEECAG), observations and events for ``members``.

    ``shipped`` holds the plans shipped in ``data/plans/`` (dates and targets by member): those
    members get no generated plan, and their demo values follow the shipped targets. A plan's
    dates follow its cohort's ``calendar`` (``data/cohorts.csv``). Observations
    start when each plan is adopted; ``with_observations=False`` leaves them out (the national
    scale generates its ten years of values with ``national_observations``).
    """

    cat = _catalog()
    shipped = shipped or {}
    population = collectivities.set_index("code")["population"].to_dict()
    ids = _Ids()
    books: dict[str, dict[str, list[dict[str, Any]]]] = {}
    assessments: list[dict[str, Any]] = []
    targets: Targets = {}
    events: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    network_indicators = indicators[indicators["level"].isin(["network", "plan"])]

    for m in members.itertuples():
        member_rng = random.Random(f"{seed}-{m.member_code}")
        perf = member_rng.uniform(0.35, 1.25)
        reliability = member_rng.uniform(0.65, 1.0)
        women_share = member_rng.uniform(0.25, 0.45)
        splits_by_sex = member_rng.random() < 0.85  # some members report totals only
        size = min(2.5, max(0.5, math.log10(max(population.get(m.member_code, 10_000), 1000)) - 3.3))

        if m.member_code in shipped:
            # A plan shipped in data/plans/ is the member's plan: its dates drive the demo around it.
            shipped_plan = shipped[m.member_code]
            co_created, adopted = shipped_plan["co_created_on"], shipped_plan["adopted_on"]
            start, end = shipped_plan["start_on"], shipped_plan["end_on"]
        else:
            co_created, adopted, start, end, status = _plan_dates(calendar, m.cohort, bool(m.is_demo), member_rng)
            rows: dict[str, list[dict[str, Any]]] = {
                "plan": [{"member_code": m.member_code, "cycle": 1, "status": status, "co_created_on": co_created,
                          "adopted_on": adopted, "start_on": start if adopted else None,
                          "end_on": end if adopted else None, "source": "demo",
                          **demo_cycle.focal_point(m.member_code, seed)}],
                "axes": [], "projects": [], "milestones": [],
            }  # fmt: skip
            _demo_programme(rows, cat, member_rng, adopted, start, end, size, perf, assessments, m.member_code)
            books[m.member_code] = rows

        # Participation events.
        def add_event(
            kind: str,
            held_on: date,
            code: str = m.member_code,
            rng_: random.Random = member_rng,
            size_: float = size,
            share_: float = women_share,
        ) -> None:
            events.append(_event(ids.next("event"), rng_, code, kind, held_on, size_, share_))

        for _ in range(member_rng.randint(1, 2)):
            add_event("co_creation_workshop", co_created + timedelta(days=member_rng.randint(0, 20)))
        if adopted is not None:
            day = start
            while day <= min(end, DEMO_AS_OF):
                if member_rng.random() < reliability:
                    add_event("follow_up_committee", day + timedelta(days=member_rng.randint(10, 80)))
                if member_rng.random() < 0.5:
                    add_event("consultation", day + timedelta(days=member_rng.randint(0, 85)))
                if member_rng.random() < 0.3:
                    add_event("training", day + timedelta(days=member_rng.randint(0, 85)))
                day = quarter_start(quarter_of(day + timedelta(days=95)))

        # The IEECAG (equity, equal opportunity and gender approach body).
        exists = member_rng.random() < 0.92
        created = _between(member_rng, date(2016, 3, 1), date(2018, 12, 31)) if exists else None
        size_body = member_rng.randint(9, 25)
        women_members = round(size_body * member_rng.uniform(0.4, 0.8))
        issued_total = 0
        acted_total = 0
        ieecag: list[dict[str, Any]] = []
        for year in (2023, 2024, 2025, 2026):
            as_of = date(year, 12, 31) if year < 2026 else date(2026, 9, 30)
            if exists:
                issued_total += member_rng.randint(0, 6)
                acted_total = min(issued_total, acted_total + member_rng.randint(0, 4))
            ieecag.append(
                {
                    "period": as_of,
                    "established_on": created,
                    "members_women": women_members if exists else None,
                    "members_men": size_body - women_members if exists else None,
                    "meetings": member_rng.randint(1, 8) if exists else None,
                    "opinions_issued": issued_total if exists else None,
                    "opinions_acted_on": acted_total if exists else None,
                    "took_part_in_co_creation": (member_rng.random() < 0.8) if exists else False,
                }
            )
        if m.member_code in books:
            books[m.member_code]["ieecag"] = ieecag

        # The member's own baselines and targets, then indicator values, quarterly, from adoption to
        # the last quarter before DEMO_AS_OF.
        if adopted is None:
            continue
        own = shipped.get(m.member_code, {}).get("targets") or {}
        drawn = {}
        for ind in network_indicators.itertuples():
            base, target = _member_target(ind, size, member_rng)
            drawn[ind.code] = own.get(ind.code, (base, target))
        if m.member_code in books:
            books[m.member_code]["targets"] = [
                {"indicator_code": code, "baseline_value": b, "baseline_on": start, "target_value": v, "target_on": end}
                for code, (b, v) in drawn.items()
            ]
        targets[m.member_code] = drawn
        if not with_observations:
            continue
        stops_after = (
            quarter_of(_between(member_rng, date(2025, 1, 1), date(2026, 6, 30))) if member_rng.random() < 0.1 else None
        )
        first = quarter_of(adopted)
        periods = quarters_between(first, LAST_DEMO_QUARTER)
        for ind in network_indicators.itertuples():
            base, target = drawn[ind.code]
            horizon = max(1, len(quarters_between(quarter_of(start), quarter_of(date(2025, 12, 31)))))
            for i, period in enumerate(periods):
                if stops_after is not None and period > stops_after:
                    break
                if member_rng.random() > reliability or member_rng.random() < 0.03:
                    continue
                reach = min(1.1, perf * max(0, i) / horizon)
                value = base + (target - base) * reach + member_rng.gauss(0, abs(target - base) * 0.08 + 0.5)
                if ind.unit == "percent":
                    value = round(min(100.0, max(0.0, value)), 1)
                elif ind.unit == "days":
                    value = round(max(1.0, value), 1)
                else:
                    value = float(max(0, round(value)))
                recorded = datetime.combine(
                    quarter_start(period) + timedelta(days=92 + member_rng.randint(10, 50)), datetime.min.time()
                ).replace(hour=10)
                row = {
                    "indicator_code": ind.code,
                    "member_code": m.member_code,
                    "period": period,
                    "period_start": quarter_start(period),
                    "source": "demo",
                    "note": None,
                    "version": 1,
                    "supersedes": None,
                    "recorded_at": recorded,
                    "recorded_by": "demo",
                    "batch_id": None,
                    "is_demo": True,
                }
                observations.append({**row, "sex": "total", "value": value})
                if ind.by_sex and splits_by_sex:
                    share = min(0.9, max(0.05, member_rng.gauss(women_share, 0.05)))
                    women = float(round(value * share))
                    observations.append({**row, "sex": "women", "value": women})
                    observations.append({**row, "sex": "men", "value": value - women})
                if member_rng.random() < 0.01:
                    # A demo correction: a second version recorded later; the first stays.
                    observations.append(
                        {
                            **row,
                            "sex": "total",
                            "version": 2,
                            "value": value if ind.by_sex else _corrected(value, ind.unit, member_rng.uniform(0.9, 1.1)),
                            "recorded_at": recorded + timedelta(days=30),
                            "note": "correction",
                        }
                    )

    obs = pd.DataFrame(observations)
    if not obs.empty:
        obs.insert(0, "observation_id", range(1, len(obs) + 1))
        first_ids = obs[obs["version"] == 1].set_index(["indicator_code", "member_code", "period", "sex"])[
            "observation_id"
        ]
        later = obs["version"] > 1
        keys = list(
            zip(
                obs.loc[later, "indicator_code"],
                obs.loc[later, "member_code"],
                obs.loc[later, "period"],
                obs.loc[later, "sex"],
                strict=True,
            )
        )
        obs.loc[later, "supersedes"] = [first_ids[k] for k in keys]
    return DemoTables(
        member_records=members,
        books=books,
        assessments=pd.DataFrame(assessments, columns=["member_code", "project_code", *ASSESSMENT_COLUMNS]),
        targets=targets,
        observations=obs,
        participation_events=pd.DataFrame(events),
    )


def _plan_dates(
    calendar: pd.DataFrame, cohort: int, is_demo: bool, rng: random.Random
) -> tuple[date, date | None, date, date, str]:
    """A demo plan's co-creation, adoption, start and end dates and status, from its cohort's calendar."""
    c = calendar.set_index("cohort").loc[cohort]
    co_created = _between(rng, c["co_creation_from"], c["co_creation_to"])
    adopted: date | None = _between(rng, c["adoption_from"], c["adoption_to"])
    start, end = c["start_on"], c["end_on"]
    status = "completed" if end < DEMO_AS_OF else "implementation"
    if (is_demo and rng.random() < 0.08) or (adopted is not None and adopted > DEMO_AS_OF):
        adopted, status = None, "co_creation"
    return co_created, adopted, start, end, status


def _demo_programme(
    rows: dict[str, list[dict[str, Any]]],
    cat: dict[str, Any],
    rng: random.Random,
    adopted: date | None,
    start: date,
    end: date,
    size: float,
    perf: float,
    assessments: list[dict[str, Any]],
    member: str,
) -> None:
    """A demo plan's axes, and once it is adopted its projects and milestones, as workbook rows."""
    for position, axis in enumerate(rng.sample(cat["axes"], 4), start=1):
        rows["axes"].append({"axis": position, "title_ar": axis["title_ar"], "title_fr": axis["title_fr"],
                             "title_en": axis["title_en"], "principles": ", ".join(axis["principles"])})  # fmt: skip
        pool = cat["projects"][axis["principles"][0]]
        # Projects are defined by the follow-up committees once the plan is adopted.
        for proj in rng.sample(pool, rng.randint(1, min(2, len(pool)))) if adopted is not None else []:
            code = f"P{len(rows['projects']) + 1}"
            p_start = start + timedelta(days=rng.randint(0, 150))
            p_end = min(p_start + timedelta(days=rng.randint(420, 720)), end)
            budget = round(rng.uniform(40_000, 1_500_000) * size, -3)
            n_ms = rng.randint(3, 5)
            span = (p_end - p_start).days
            done_count = 0
            # A project either keeps to its schedule or stalls from some milestone on.
            stalls_at = rng.randint(0, n_ms - 1) if rng.random() < 0.4 - 0.25 * perf else n_ms
            for k in range(n_ms):
                due = p_start + timedelta(days=int(span * (k + 1) / n_ms))
                done_on = None
                if k < stalls_at and due <= DEMO_AS_OF:
                    done_on = min(due + timedelta(days=int(rng.gauss(-8, 25))), DEMO_AS_OF)
                elif k < stalls_at and rng.random() < 0.1:
                    done_on = DEMO_AS_OF - timedelta(days=rng.randint(0, 60))
                if done_on is not None:
                    done_count += 1
                tmpl = cat["milestones"][min(k, len(cat["milestones"]) - 1)] if k < n_ms - 1 else cat["milestones"][-1]
                rows["milestones"].append({"project_code": code, "milestone": k + 1, "title_ar": tmpl["title_ar"],
                                           "title_fr": tmpl["title_fr"], "title_en": tmpl["title_en"],
                                           "due_on": due, "done_on": done_on})  # fmt: skip
            progress = done_count / n_ms
            if p_start > DEMO_AS_OF:
                status = "not_started"
            elif done_count == n_ms:
                status = "completed"
            elif rng.random() < 0.03:
                status = "suspended"
            else:
                status = "in_progress"
            if p_start <= DEMO_AS_OF:
                completion = (
                    "complete" if progress == 1 else "substantial" if progress >= 0.5
                    else "limited" if progress > 0 else "not_started"
                )  # fmt: skip
                opened = rng.choices(["did_not_change", "marginal", "major", "outstanding"],
                                     weights=[2, 5, 3, 1] if progress >= 0.5 else [5, 4, 1, 0.2])[0]  # fmt: skip
                assessments.append({"member_code": member, "project_code": code, "completion": completion,
                                    "opened_government": opened, "verifiable": rng.random() < 0.8})  # fmt: skip
            service = rng.choice(cat["lead_services"])
            rows["projects"].append({
                "project_code": code, "axis": position, "title_ar": proj["title_ar"], "title_fr": proj["title_fr"],
                "title_en": proj["title_en"], "aim_ar": proj.get("aim_ar"), "aim_fr": proj.get("aim_fr"),
                "aim_en": proj.get("aim_en"), "lead_service": service["fr"], "budget_mad": budget,
                "spent_mad": min(budget, round(budget * progress * rng.uniform(0.7, 1.05), -2)),
                "start_on": p_start, "end_on": p_end, "status": status,
            })  # fmt: skip


def _member_target(indicator: Any, size: float, rng: random.Random) -> tuple[float, float]:
    """A member's own baseline and target for an indicator, around the network's, plausible for its unit."""
    base = float(indicator.baseline_value) * rng.uniform(0.6, 1.4)
    target = float(indicator.target_value) * rng.uniform(0.85, 1.15)
    if indicator.unit == "count":
        base, target = float(round(base * size)), float(round(target * size))
    elif indicator.unit == "percent":
        base, target = round(min(100.0, base), 1), round(min(100.0, target), 1)
    else:
        base, target = round(max(1.0, base), 1), round(max(1.0, target), 1)
    if target == base:  # a target must differ from its baseline
        down = (indicator.unit == "percent" and base >= 99) or (indicator.direction == "lower" and base >= 2)
        target = base - 1 if down else base + 1
    return base, target


def national_observations(
    members: pd.DataFrame,
    collectivities: pd.DataFrame,
    indicators: pd.DataFrame,
    first_quarter: str,
    seed: int,
    targets: Targets | None = None,
) -> pd.DataFrame:
    """Ten years of quarterly values for every member and common indicator, by sex where
    disaggregated, generated column-wise with NumPy (millions of rows, deterministic)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    framework = indicators[indicators["level"].isin(["network", "plan"])].reset_index(drop=True)
    periods = quarters_between(first_quarter, LAST_DEMO_QUARTER)
    n_m, n_i, n_p = len(members), len(framework), len(periods)
    population = collectivities.set_index("code")["population"].reindex(members["member_code"]).fillna(10_000)
    size = np.clip(np.log10(np.maximum(population.to_numpy(dtype=float), 1000)) - 3.3, 0.5, 2.5)
    perf = rng.uniform(0.35, 1.25, n_m)
    reliability = rng.uniform(0.85, 1.0, n_m)
    women_share = rng.uniform(0.25, 0.45, n_m)
    splits = rng.random(n_m) < 0.85
    is_count = (framework["unit"] == "count").to_numpy()
    base = framework["baseline_value"].to_numpy(float)[None, :] * rng.uniform(0.6, 1.4, (n_m, n_i))
    target = framework["target_value"].to_numpy(float)[None, :] * rng.uniform(0.85, 1.15, (n_m, n_i))
    scale = np.where(is_count[None, :], size[:, None], 1.0)
    base, target = base * scale, target * scale
    # Members with their own targets (their plan workbook) move towards those.
    for i_m, code in enumerate(members["member_code"]):
        own = (targets or {}).get(code) or {}
        for i_i, indicator in enumerate(framework["code"]):
            if indicator in own:
                base[i_m, i_i], target[i_m, i_i] = own[indicator]
    m_idx, i_idx, p_idx = (
        a.ravel() for a in np.meshgrid(np.arange(n_m), np.arange(n_i), np.arange(n_p), indexing="ij")
    )
    keep = rng.random(m_idx.size) < reliability[m_idx]
    m_idx, i_idx, p_idx = m_idx[keep], i_idx[keep], p_idx[keep]
    b, t = base[m_idx, i_idx], target[m_idx, i_idx]
    reach = np.minimum(1.1, perf[m_idx] * p_idx / max(1, n_p - 1))
    value = b + (t - b) * reach + rng.normal(0, 1, m_idx.size) * (np.abs(t - b) * 0.08 + 0.5)
    unit = framework["unit"].to_numpy()[i_idx]
    value = np.where(unit == "percent", np.clip(value, 0, 100).round(1), value)
    value = np.where(unit == "days", np.maximum(value, 1).round(1), value)
    value = np.where((unit == "count") | (unit == "mad"), np.maximum(value, 0).round(), value)
    starts = np.array([quarter_start(p) for p in periods], dtype="datetime64[D]")
    frames = [pd.DataFrame({"m": m_idx, "i": i_idx, "p": p_idx, "sex": "total", "value": value})]
    by_sex = framework["by_sex"].to_numpy()[i_idx] & splits[m_idx]
    share = np.clip(women_share[m_idx[by_sex]] + rng.normal(0, 0.05, int(by_sex.sum())), 0.05, 0.9)
    women = (value[by_sex] * share).round()
    for sex, column in (("women", women), ("men", value[by_sex] - women)):
        frames.append(
            pd.DataFrame({"m": m_idx[by_sex], "i": i_idx[by_sex], "p": p_idx[by_sex], "sex": sex, "value": column})
        )
    grid = pd.concat(frames, ignore_index=True)
    codes = members["member_code"].to_numpy()
    period_start = starts[grid["p"].to_numpy()]
    return pd.DataFrame(
        {
            "observation_id": np.arange(1, len(grid) + 1),
            "indicator_code": pd.Categorical.from_codes(grid["i"], framework["code"]).astype(str),
            "member_code": codes[grid["m"].to_numpy()],
            "period": np.array(periods, dtype=object)[grid["p"].to_numpy()],
            "period_start": period_start,
            "sex": grid["sex"].to_numpy(),
            "value": grid["value"].to_numpy(),
            "source": "demo",
            "version": 1,
            "recorded_at": (period_start + np.timedelta64(110, "D")).astype("datetime64[us]"),
            "recorded_by": "demo",
            "is_demo": True,
        }
    )


def _corrected(value: float, unit: str, factor: float) -> float:
    """A demo correction of ``value``, plausible for its unit (counts stay whole, percentages within 0-100)."""
    if unit == "count":
        return float(round(value * factor))
    if unit == "percent":
        return round(min(100.0, value * factor), 1)
    return round(value * factor, 1)
