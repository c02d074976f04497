"""The portfolio figures as pure functions: rows read from the database in, tables out.

No queries here (the selectors read the rows), so each figure can be checked against a
hand-computed example. A `Figure` is what the page shows as a table and what the CSV holds:
the same columns and cells, numbers kept as numbers. Labels come from the engine's one
vocabulary, never slugs.
"""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from assessments.engine import VERDICT_LABELS, kind_label, verdict_label
from discovery.engagements.sla import ANSWERED_IN_TIME, ANSWERED_LATE, OVERDUE

Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class EvaluationRow:
    """The newest evaluation of one assessment, with what the figures need of its engagement."""

    engagement_id: int
    organisation: str
    lead: str
    verdict: str
    criteria_set: str
    version: int
    month: Month  # of the engagement's submission, or of the evaluation when never submitted
    matched: tuple[str, ...] = ()
    # The engine lists counterfactuals fewest changes first, so the first one says whether any
    # single answer moves the verdict (and which, first in questionnaire order).
    first_counterfactual: dict[str, Any] | None = None


@dataclass(frozen=True)
class SlaRow:
    """One submitted engagement: its month, its discovery.engagements.sla state, and its wait for a first
    response (None while unanswered)."""

    month: Month
    state: str
    wait: timedelta | None


@dataclass(frozen=True)
class ReportRow:
    assessment_id: int
    number: int
    delivered: bool
    override_verdict: str
    computed_verdict: str


@dataclass
class Figure:
    """One figure's numbers: `name` is its CSV name; `engagement_ids` (optional) the engagement
    each row is about, so the page can link it."""

    name: str
    title: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    engagement_ids: list[int] = field(default_factory=list)
    summary: str = ""

    def csv_rows(self) -> list[list[Any]]:
        return [self.columns, *self.rows]


def month_label(month: Month) -> str:
    return date(month[0], month[1], 1).strftime("%b %Y")


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def hours(seconds: float) -> float:
    return round(seconds / 3600, 1)


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def verdicts_by_month(rows: list[EvaluationRow], months: list[Month]) -> Figure:
    counts: defaultdict[Month, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row.month][row.verdict] += 1
    return Figure(
        name="verdicts-by-month",
        title="Verdict mix by month",
        caption="Newest verdict of each assessment, by the month its answers were submitted",
        columns=["Month", *VERDICT_LABELS.values(), "Total"],
        rows=[[month_label(m), *(counts[m][v] for v in VERDICT_LABELS), sum(counts[m].values())] for m in months],
    )


def verdicts_by_version(rows: list[EvaluationRow]) -> Figure:
    counts: defaultdict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[(row.criteria_set, row.version)][row.verdict] += 1
    return Figure(
        name="verdicts-by-version",
        title="Verdict mix by criteria version",
        caption="Newest verdict of each assessment, by the criteria version that decided it",
        columns=["Criteria version", *VERDICT_LABELS.values(), "Total"],
        rows=[
            [
                f"{slug} v{version}",
                *(counts[(slug, version)][v] for v in VERDICT_LABELS),
                sum(counts[(slug, version)].values()),
            ]
            for slug, version in sorted(counts)
        ],
    )


def criteria_that_fire(rows: list[EvaluationRow], criteria: dict[str, tuple[str, str]]) -> Figure:
    """`criteria`: slug → (title, kind), from the newest criteria version that has the slug."""
    counts = Counter(slug for row in rows for slug in set(row.matched))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], criteria.get(item[0], (item[0], ""))[0]))
    table = []
    for slug, count in ranked:
        title, kind = criteria.get(slug, (slug, ""))
        table.append([title, kind_label(kind), count, percent(count, len(rows))])
    return Figure(
        name="criteria",
        title="The criteria that fire most",
        caption="How many assessments' newest evaluation matched each criterion",
        columns=["Criterion", "Kind", "Assessments", "Share (%)"],
        rows=table,
        summary=f"{len(rows)} assessments evaluated",
    )


def sla_by_month(rows: list[SlaRow], months: list[Month]) -> Figure:
    """Per month of submission: answered in time, answered late, still unanswered, the share in
    time (of those answered or already overdue: one still inside its 48 hours can't be judged
    yet), and the median and 90th percentile (nearest rank) first-response time in hours."""
    by_month = defaultdict(list)
    for row in rows:
        by_month[row.month].append(row)
    table = []
    for month in months:
        states = Counter(row.state for row in by_month[month])
        waits = [row.wait.total_seconds() for row in by_month[month] if row.wait is not None]
        in_time, late, overdue = states[ANSWERED_IN_TIME], states[ANSWERED_LATE], states[OVERDUE]
        table.append(
            [
                month_label(month),
                len(by_month[month]),
                in_time,
                late,
                len(by_month[month]) - len(waits),
                percent(in_time, in_time + late + overdue),
                hours(statistics.median(waits)) if waits else None,
                hours(nearest_rank(waits, 0.9)) if waits else None,
            ]
        )
    return Figure(
        name="sla",
        title="48-hour response by month",
        caption="Submitted engagements by month: first responses within the promise, and how long they took",
        columns=[
            "Month",
            "Submitted",
            "Answered in time",
            "Answered late",
            "Unanswered",
            "Answered in time (%)",
            "First response, median (h)",
            "First response, 90th percentile (h)",
        ],
        rows=table,
    )


def final_reports(rows: list[ReportRow]) -> list[ReportRow]:
    """Per assessment, the report that stands: the newest delivered version, or the newest one
    when none has been delivered yet."""
    chosen: dict[int, ReportRow] = {}
    for row in rows:
        best = chosen.get(row.assessment_id)
        if best is None or (row.delivered, row.number) > (best.delivered, best.number):
            chosen[row.assessment_id] = row
    return list(chosen.values())


def overrides(rows: list[ReportRow]) -> Figure:
    reports = final_reports(rows)
    pairs = Counter((r.computed_verdict, r.override_verdict or r.computed_verdict) for r in reports)
    overridden = sum(n for (computed, final), n in pairs.items() if computed != final)
    order = list(VERDICT_LABELS)

    def rank(verdict: str) -> int:
        return order.index(verdict) if verdict in order else len(order)

    def sort_key(item: tuple[tuple[str, str], int]) -> tuple[bool, int, int, int]:
        # Overrides first, the most frequent direction first; then the verdicts kept.
        (computed, final), n = item
        return (computed == final, -n, rank(computed), rank(final))

    return Figure(
        name="overrides",
        title="Architect overrides",
        caption="Per assessment's standing report: the computed verdict and the architect's verdict",
        columns=["Computed verdict", "Architect's verdict", "Overridden", "Reports"],
        rows=[
            [verdict_label(computed), verdict_label(final), "Yes" if computed != final else "No", n]
            for (computed, final), n in sorted(pairs.items(), key=sort_key)
        ],
        summary=f"{overridden} of {len(reports)} reports overridden"
        + (f" ({percent(overridden, len(reports))}%)" if reports else ""),
    )


def one_answer_away(rows: list[EvaluationRow]) -> Figure:
    """Clients whose newest evaluation's first counterfactual has a single change, in words."""
    table, engagement_ids = [], []
    for row in sorted(rows, key=lambda r: (r.organisation.casefold(), r.engagement_id)):
        first = row.first_counterfactual
        if not first or len(first.get("changes", ())) != 1:
            continue
        table.append(
            [
                row.organisation,
                row.lead,
                verdict_label(row.verdict),
                verdict_label(first["new_verdict"]),
                change_in_words(first),
            ]
        )
        engagement_ids.append(row.engagement_id)
    return Figure(
        name="one-answer-away",
        title="Clients one answer away from another verdict",
        caption="Clients whose verdict one changed answer would move, with the first such change",
        columns=["Client", "Lead", "Verdict now", "Would become", "The change"],
        rows=table,
        engagement_ids=engagement_ids,
    )


def change_in_words(counterfactual: dict[str, Any]) -> str:
    """The engine's sentence without its verdict slug: "With 100–1,000 curated examples"."""
    sentence: str = counterfactual.get("sentence", "")
    head, _, _ = sentence.rpartition(", the verdict becomes ")
    return head or sentence


def direction_counts(
    figure: Figure, from_column: int, to_column: int, count_column: int | None = None
) -> Counter[tuple[Any, Any]]:
    """`from → to` label counts over a figure's rows, for its chart (a row counts once unless
    `count_column` holds its weight)."""
    counts: Counter[tuple[Any, Any]] = Counter()
    for row in figure.rows:
        if row[from_column] != row[to_column]:
            counts[(row[from_column], row[to_column])] += row[count_column] if count_column is not None else 1
    return counts
