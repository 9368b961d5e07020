"""The demo's reporting cycle: each quarter a demo member reported, submitted and mostly approved.

Quarters before the demo's last are approved (a few after being returned once); the last one is
left at every stage, so the calendar, the late reporters and the review queue all have members to
show. A quarter with no value is never submitted: after its deadline it is late.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pandas as pd

from mel.periods import quarter_end

DEMO_REVIEWER = "demo-evaluator"
RETURN_COMMENT = "Merci de vérifier les valeurs et de joindre le justificatif."
# The last quarter's stages (shares of the members that reported it).
LAST_QUARTER_STAGES = (("approved", 0.45), ("submitted", 0.25), ("draft", 0.30))


def quarter_events(observations: pd.DataFrame, seed: int, last_quarter: str, as_of: date) -> pd.DataFrame:
    """The steps of every member quarter with values up to ``last_quarter``, as they stood on
    ``as_of``, shaped like ``core.quarter_events``."""
    if observations.empty:
        return pd.DataFrame(
            columns=["event_id", "member_code", "period", "action", "comment", "recorded_at", "recorded_by", "is_demo"]
        )
    reported = observations[["member_code", "period"]].drop_duplicates()
    latest_moment = datetime.combine(as_of, datetime.min.time()).replace(hour=18)
    rows: list[dict[str, object]] = []
    for member, period in reported.itertuples(index=False):
        rng = random.Random(f"{seed}-{member}-{period}-cycle")
        stage = _stage(rng) if period == last_quarter else "approved"
        if stage == "draft":
            continue
        # Submitted around the deadline (the demo's values carry recording times of their own).
        moment = datetime.combine(quarter_end(period), datetime.min.time())
        moment += timedelta(days=rng.randint(12, 34), hours=rng.randint(9, 16))
        steps: list[tuple[str, str | None, str]] = [("submit", None, "demo")]
        if stage == "approved" and period != last_quarter and rng.random() < 0.05:
            steps += [("return", RETURN_COMMENT, DEMO_REVIEWER), ("submit", None, "demo")]
        if stage == "approved":
            steps.append(("approve", None, DEMO_REVIEWER))
        for action, comment, by in steps:
            if moment > latest_moment:
                break  # not yet happened on the demo's day
            rows.append({"member_code": member, "period": period, "action": action, "comment": comment,
                         "recorded_at": moment, "recorded_by": by, "is_demo": True})  # fmt: skip
            moment += timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 5))
    frame = pd.DataFrame(rows)
    frame.insert(0, "event_id", range(1, len(frame) + 1))
    return frame


def _stage(rng: random.Random) -> str:
    draw = rng.random()
    for stage, share in LAST_QUARTER_STAGES:
        if draw < share:
            return stage
        draw -= share
    return LAST_QUARTER_STAGES[-1][0]


def focal_point(member_code: str, seed: int) -> dict[str, str | None]:
    """A demo plan's focal point: a name, and most often an e-mail (at example.org) and a phone."""
    rng = random.Random(f"{seed}-{member_code}-contact")
    first = rng.choice(("Fatima", "Mohamed", "Khadija", "Youssef", "Nadia", "Said", "Salma", "Hicham", "Amina"))
    last = rng.choice(("El Amrani", "Bennani", "Alaoui", "Tazi", "Idrissi", "Berrada", "Ouazzani", "Chraibi"))
    slug = member_code.replace(".", "-")
    email = f"focal.{slug}@example.org" if rng.random() < 0.85 else None
    phone = f"+212 6{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return {
        "focal_point_name": f"{first} {last}",
        "focal_point_email": email,
        "focal_point_phone": phone if rng.random() < 0.9 else None,
    }
