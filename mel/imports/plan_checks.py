"""The checks of a plan workbook, sheet by sheet: vocabulary, dates in order, references between
sheets, amounts and the user's rights. Every problem is collected, then all are raised together.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mel.auth import MEMBER_DATA, User
from mel.imports.cells import ImportRejected, Problem, cell_text, parse_date, parse_period
from mel.imports.plan_book import BookContext, PlanDraft, Sheet, SheetChecker
from mel.imports.plan_format import principle_codes, yes_no
from mel.periods import quarter_start, shift_quarter
from mel.plausibility import indicator_value_problem, limit_for


def check_book(book: dict[str, Sheet], user: User, context: BookContext, today: date, demo: bool = False) -> PlanDraft:
    """Check every sheet against the vocabulary, the dates and the user's rights; ImportRejected lists every problem.

    ``demo`` is the demo flag of rows that do not say (the demo generator's books are all demo).
    """
    plan_check = SheetChecker(book["plan"])
    plan = _check_plan(plan_check, user, context, today, demo)
    checkers = [plan_check]
    axes_check = SheetChecker(book.get("axes") or Sheet("axes", "axes", {}, []))
    axes = _check_axes(axes_check, demo)
    if "axes" not in book or (not axes and not axes_check.problems):
        axes_check.problems.append(Problem("plan_book.error.no_axis", sheet=book.get("axes", book["plan"]).name))
    projects_check = SheetChecker(book.get("projects") or Sheet("projects", "projects", {}, []))
    projects = _check_projects(projects_check, plan, {a["position"] for a in axes}, demo)
    milestones_check = SheetChecker(book.get("milestones") or Sheet("milestones", "milestones", {}, []))
    milestones = _check_milestones(milestones_check, {p["code"]: p for p in projects}, today, demo)
    checkers += [axes_check, projects_check, milestones_check]
    targets = ieecag = None
    if "targets" in book:
        targets_check = SheetChecker(book["targets"])
        targets = _check_targets(targets_check, context, demo)
        checkers.append(targets_check)
    if "ieecag" in book:
        ieecag_check = SheetChecker(book["ieecag"])
        ieecag = _check_ieecag(ieecag_check, today, demo)
        checkers.append(ieecag_check)
    problems = [p for c in checkers for p in c.problems if not p.key.startswith("plan_book.warning.")]
    if problems:
        raise ImportRejected(problems)
    warnings = [p for c in checkers for p in c.problems if p.key.startswith("plan_book.warning.")]
    return PlanDraft(plan, axes, projects, milestones, targets, ieecag, warnings)


def _check_plan(c: SheetChecker, user: User, context: BookContext, today: date, demo: bool) -> dict[str, Any]:
    rows = c.sheet.rows
    if len(rows) != 1:
        c.problem("plan_book.error.one_plan_row", rows[1][0] if len(rows) > 1 else None, None, n=len(rows))
    if not rows:
        raise ImportRejected(c.problems)
    row, record = rows[0]
    code = cell_text(record.get("member_code"))
    if c.required(row, record, "member_code"):
        if code not in context.members:
            c.problem("import.error.unknown_member_code", row, "member_code", value=code)
        elif not user.can(MEMBER_DATA, code):
            c.problem("import.error.not_allowed", row, "member_code", value=code)
    cycle = c.whole(row, record, "cycle", positive=True) if c.required(row, record, "cycle") else None
    status = c.word(row, record, "status", "plan_status") if c.required(row, record, "status") else None
    dates = {k: c.day(row, record, k) for k in ("co_created_on", "adopted_on", "start_on", "end_on")}
    steps = list(dates.items())
    for i, later in enumerate(steps[1:], start=1):
        earlier = next((s for s in reversed(steps[:i]) if s[1] is not None), None)
        if earlier is not None:
            c.order(row, earlier, later)
    for column in ("co_created_on", "adopted_on"):
        day = dates[column]
        if day is not None and day > today:
            c.problem("import.error.future_date", row, column, value=day.isoformat())
    email = c.text(record, "focal_point_email")
    if email and "@" not in email:
        c.problem("plan_book.error.not_email", row, "focal_point_email", value=email)
    return {
        "member_code": code,
        "cycle": cycle,
        "status": status,
        **dates,
        "focal_point_name": c.text(record, "focal_point_name"),
        "focal_point_email": email,
        "focal_point_phone": c.text(record, "focal_point_phone"),
        "source": c.text(record, "source"),
        "is_demo": c.flag(row, record, demo),
    }


def _check_axes(c: SheetChecker, demo: bool) -> list[dict[str, Any]]:
    axes: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for row, record in c.sheet.rows:
        position = c.whole(row, record, "axis", positive=True) if c.required(row, record, "axis") else None
        if position is not None and position in seen:
            c.problem("plan_book.error.duplicate", row, "axis", value=position, first_row=seen[position])
            continue
        principles: list[str] = []
        if c.required(row, record, "principles"):
            principles, unknown = principle_codes(cell_text(record["principles"]))
            for word in unknown:
                c.problem("plan_book.error.unknown_principle", row, "principles", value=word)
        titles = c.titles(row, record)
        if position is None:
            continue
        seen[position] = row
        axes.append(
            {
                "position": position,
                **titles,
                "principles": sorted(principles),
                "is_demo": c.flag(row, record, demo),
                "row": row,
            }
        )
    return axes


def _check_projects(c: SheetChecker, plan: dict[str, Any], axes: set[int], demo: bool) -> list[dict[str, Any]]:
    projects: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, record in c.sheet.rows:
        code = cell_text(record.get("project_code"))
        if c.required(row, record, "project_code") and code in seen:
            c.problem("plan_book.error.duplicate", row, "project_code", value=code, first_row=seen[code])
            continue
        axis = c.whole(row, record, "axis", positive=True) if c.required(row, record, "axis") else None
        if axis is not None and axis not in axes:
            c.problem("plan_book.error.missing_axis", row, "axis", value=axis)
        status = c.word(row, record, "status", "project_status") if c.required(row, record, "status") else None
        titles = c.titles(row, record)
        budget, spent = c.amount(row, record, "budget_mad"), c.amount(row, record, "spent_mad")
        for column, value in (("budget_mad", budget), ("spent_mad", spent)):
            if value is not None and value < 0:
                c.problem("plan_book.error.negative_amount", row, column, value=cell_text(record[column]))
        if budget is not None and spent is not None and 0 <= budget < spent:
            c.problem("plan_book.warning.spent_above_budget", row, "spent_mad", spent=spent, budget=budget)
        dates_problems_before = c.errors()
        start, end = c.day(row, record, "start_on"), c.day(row, record, "end_on")
        c.order(row, ("start_on", start), ("end_on", end))
        for column, day in (("start_on", start), ("end_on", end)):
            if day is not None and not _inside(day, plan.get("start_on"), plan.get("end_on")):
                c.problem(
                    "plan_book.error.outside_plan",
                    row,
                    column,
                    value=day.isoformat(),
                    first=_iso(plan.get("start_on")),
                    last=_iso(plan.get("end_on")),
                )
        weight = c.amount(row, record, "weight")
        if weight is not None and weight <= 0:
            c.problem("plan_book.error.not_positive", row, "weight", value=cell_text(record["weight"]))
        if not code:
            continue
        seen[code] = row
        if c.errors() > dates_problems_before:  # its milestones are not measured against wrong dates
            start = end = None
        projects.append(
            {
                "code": code,
                "axis_position": axis,
                **titles,
                **{k: c.text(record, k) for k in ("aim_ar", "aim_fr", "aim_en", "lead_service")},
                "budget_mad": budget,
                "spent_mad": spent,
                "start_on": start,
                "end_on": end,
                "status": status,
                "weight": weight,
                "is_demo": c.flag(row, record, demo),
                "row": row,
            }
        )
    return projects


def _check_milestones(
    c: SheetChecker, projects: dict[str, dict[str, Any]], today: date, demo: bool
) -> list[dict[str, Any]]:
    milestones: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], int] = {}
    for row, record in c.sheet.rows:
        code = cell_text(record.get("project_code"))
        project = projects.get(code)
        if c.required(row, record, "project_code") and project is None:
            c.problem("plan_book.error.missing_project", row, "project_code", value=code)
        number = c.whole(row, record, "milestone", positive=True) if c.required(row, record, "milestone") else None
        if number is not None and (code, number) in seen:
            c.problem(
                "plan_book.error.duplicate",
                row,
                "milestone",
                value=f"{code} · {number}",
                first_row=seen[(code, number)],
            )
            continue
        titles = c.titles(row, record)
        due = c.day(row, record, "due_on") if c.required(row, record, "due_on") else None
        done = c.day(row, record, "done_on")
        if done is not None and done > today:
            c.problem("import.error.future_date", row, "done_on", value=done.isoformat())
        # A milestone is due within its project; it may be done late, after the project's end.
        for column, day in (("due_on", due),):
            if project is not None and day is not None and not _inside(day, project["start_on"], project["end_on"]):
                c.problem(
                    "plan_book.error.outside_project",
                    row,
                    column,
                    value=day.isoformat(),
                    project=code,
                    first=_iso(project["start_on"]),
                    last=_iso(project["end_on"]),
                )
        weight = c.amount(row, record, "weight")
        if weight is not None and weight <= 0:
            c.problem("plan_book.error.not_positive", row, "weight", value=cell_text(record["weight"]))
        if number is None or not code:
            continue
        seen[(code, number)] = row
        milestones.append(
            {
                "project_code": code,
                "position": number,
                **titles,
                "due_on": due,
                "weight": weight,
                "done_on": done,
                "is_demo": c.flag(row, record, demo),
                "row": row,
            }
        )
    return milestones


def _check_targets(c: SheetChecker, context: BookContext, demo: bool) -> list[dict[str, Any]]:
    targets: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, record in c.sheet.rows:
        code = cell_text(record.get("indicator_code")).upper()
        if c.required(row, record, "indicator_code"):
            if code not in context.indicators:
                c.problem("import.error.unknown_indicator", row, "indicator_code", value=code)
                continue
            if code in seen:
                c.problem("plan_book.error.duplicate", row, "indicator_code", value=code, first_row=seen[code])
                continue
        unit, _by_sex = context.indicators.get(code, ("count", False))
        values = {}
        for column in ("baseline_value", "target_value"):
            value = c.amount(row, record, column) if c.required(row, record, column) else None
            found = indicator_value_problem(unit, value) if value is not None else None
            if found is not None:
                c.problem(found, row, column, value=cell_text(record[column]), limit=limit_for(unit))
                value = None
            values[column] = value
        baseline_on, target_on = c.day(row, record, "baseline_on"), c.day(row, record, "target_on")
        c.order(row, ("baseline_on", baseline_on), ("target_on", target_on))
        if values["baseline_value"] is not None and values["baseline_value"] == values["target_value"]:
            c.problem("plan_book.error.target_equals_baseline", row, "target_value", value=values["target_value"])
        if not code:
            continue
        seen[code] = row
        targets.append(
            {
                "indicator_code": code,
                **values,
                "baseline_on": baseline_on,
                "target_on": target_on,
                "source": c.text(record, "source"),
                "is_demo": c.flag(row, record, demo),
                "row": row,
            }
        )
    return targets


def _period_end(cell: Any) -> date | None:
    """The last day of a period written as a year (2024), a quarter (2024-Q3) or a date."""
    text = cell_text(cell)
    if text.isdigit() and len(text) == 4:
        return date(int(text), 12, 31)
    day = parse_date(cell)
    if day is not None:
        return day
    quarter = parse_period(cell)
    if quarter is None:
        return None
    return quarter_start(shift_quarter(quarter, 1)) - timedelta(days=1)


def _check_ieecag(c: SheetChecker, today: date, demo: bool) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: dict[date, int] = {}
    for row, record in c.sheet.rows:
        as_of = _period_end(record.get("period")) if c.required(row, record, "period") else None
        if as_of is None and cell_text(record.get("period")):
            c.problem("plan_book.error.invalid_period", row, "period", value=cell_text(record["period"]))
        elif as_of is not None and as_of in seen:
            c.problem(
                "plan_book.error.duplicate", row, "period", value=cell_text(record["period"]), first_row=seen[as_of]
            )
            continue
        established = c.day(row, record, "established_on")
        if established is not None and established > today:
            c.problem("import.error.future_date", row, "established_on", value=established.isoformat())
        counts = {
            k: c.whole(row, record, k)
            for k in ("members_women", "members_men", "meetings", "opinions_issued", "opinions_acted_on")
        }
        issued, acted = counts["opinions_issued"], counts["opinions_acted_on"]
        if issued is not None and acted is not None and acted > issued:
            c.problem("plan_book.error.acted_above_issued", row, "opinions_acted_on", value=acted, issued=issued)
        took_part = None
        if cell_text(record.get("took_part_in_co_creation")):
            took_part = yes_no(record["took_part_in_co_creation"])
            if took_part is None:
                c.problem(
                    "plan_book.error.not_yes_no",
                    row,
                    "took_part_in_co_creation",
                    value=cell_text(record["took_part_in_co_creation"]),
                )
        if as_of is None:
            continue
        seen[as_of] = row
        records.append(
            {
                "as_of": as_of,
                "created_on": established,
                "members_women": counts["members_women"],
                "members_men": counts["members_men"],
                "meetings_held": counts["meetings"],
                "opinions_issued": issued,
                "opinions_acted_on": acted,
                "took_part_in_co_creation": took_part,
                "source": c.text(record, "source"),
                "is_demo": c.flag(row, record, demo),
                "row": row,
            }
        )
    return records


def _inside(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "–"
