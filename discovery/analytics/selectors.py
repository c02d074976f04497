"""Reads for the analytics page: a handful of flat queries, then the pure figures.

The number of queries never depends on the number of engagements: each read below is one
`values_list` over the filtered portfolio, aggregated in one pass in Python (figures.py), which
works the same on SQLite and PostgreSQL (no JSON functions that differ between them). The rows
are kept narrow because 10,000 of them must load in a fraction of a second: months as numbers,
states and waits computed by the database, only the parts of each evaluation's JSON the figures
read, and no datetimes (Django converts each one in Python).
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, RowNumber
from django.utils import timezone

from assessments.models import Criterion, Evaluation, Report
from discovery.engagements.sla import ANSWERED_IN_TIME, ANSWERED_LATE, OVERDUE
from discovery.models import Engagement, Organisation
from discovery.roles import CONSULTANTS
from web.names import name_from_parts

from . import figures
from .figures import EvaluationRow, Figure, Month, ReportRow, SlaRow


@dataclass(frozen=True)
class PortfolioFilters:
    """Which part of the portfolio to look at: months `first` to `last` (both included)."""

    first: Month
    last: Month
    industry: str = ""
    lead_id: int | None = None

    @property
    def months(self) -> list[Month]:
        return figures.months_between(self.first, self.last)

    def window(self) -> tuple[datetime, datetime]:
        """From the first moment of `first` to the first moment after `last`, local time."""
        year, month = self.last
        after = (year + 1, 1) if month == 12 else (year, month + 1)
        start = timezone.make_aware(datetime(self.first[0], self.first[1], 1))
        return start, timezone.make_aware(datetime(after[0], after[1], 1))

    def scope(self, to_engagement: str = "") -> Q:
        """The industry and lead filters, for a query reaching engagements through `to_engagement`."""
        q = Q()
        if self.industry:
            q &= Q(**{f"{to_engagement}organisation__industry": self.industry})
        if self.lead_id is not None:
            q &= Q(**{f"{to_engagement}lead_id": self.lead_id})
        return q


def analytics_filter_choices() -> tuple[list[str], list[tuple[int, str]]]:
    """The industries on file, and the people who lead engagements or may (consultants)."""
    industries = list(
        Organisation.objects.exclude(industry="").order_by("industry").values_list("industry", flat=True).distinct()
    )
    people = (
        get_user_model()
        .objects.filter(Q(groups__name=CONSULTANTS) | Q(led_engagements__isnull=False))
        .distinct()
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return industries, [(pk, name_from_parts(first, last, username)) for pk, first, last, username in people]


def newest_evaluation_rows(
    filters: PortfolioFilters, lead_names: dict[int, str]
) -> tuple[list[EvaluationRow], set[int]]:
    """The newest evaluation of every assessment in scope, dated by its engagement's submission
    (or its own time when the engagement was never submitted; then the newest within the period);
    and the criteria sets they used. `lead_names`: user id → name (analytics_filter_choices)."""
    start, end = filters.window()
    engagement = "assessment__engagement__"
    at = Coalesce(f"{engagement}submitted_at", "created_at", output_field=DateTimeField())
    # A window rank, not a correlated subquery: one sort, whatever the planner's statistics say.
    newest = Window(RowNumber(), partition_by=[F("assessment_id")], order_by=[F("created_at").desc(), F("pk").desc()])
    query = (
        Evaluation.objects.annotate(at=at, rank=newest)
        .filter(filters.scope(engagement), at__gte=start, at__lt=end, rank=1)
        .annotate(
            year=ExtractYear("at"),
            month=ExtractMonth("at"),
            # Only the parts of the snapshot the figures read, as JSON text: many evaluations
            # share them, so each distinct text is decoded once (see _decoded).
            matched=Cast(KeyTransform("matched", "result"), TextField()),
            first_counterfactual=Cast(KeyTransform("0", KeyTransform("counterfactuals", "result")), TextField()),
        )
        .order_by()
        .values_list(
            f"{engagement}id",
            f"{engagement}organisation__name",
            f"{engagement}lead_id",
            "verdict",
            "criteria_set_id",
            "criteria_set__slug",
            "criteria_set__version",
            "year",
            "month",
            "matched",
            "first_counterfactual",
        )
    )
    rows, sets, memo = [], set(), {}
    for pk, name, lead_id, verdict, set_id, slug, version, year, month, matched, cf in query:
        sets.add(set_id)
        rows.append(
            EvaluationRow(
                engagement_id=pk,
                organisation=name,
                lead=lead_names.get(lead_id, ""),
                verdict=verdict,
                criteria_set=slug,
                version=version,
                month=(year, month),
                matched=tuple(_decoded(matched, memo) or ()),
                first_counterfactual=_decoded(cf, memo),
            )
        )
    return rows, sets


def _decoded(text: str | None, memo: dict):
    """JSON text as Python, decoding each distinct text once; SQL null and JSON null are None."""
    if text is None:
        return None
    if text not in memo:
        memo[text] = json.loads(text)
    return memo[text]


def criteria_titles(criteria_set_ids: set[int]) -> dict[str, tuple[str, str]]:
    """slug → (title, kind), as the newest of these criteria versions words it."""
    titles = {}
    for slug, title, kind in (
        Criterion.objects.filter(criteria_set_id__in=criteria_set_ids)
        .order_by("criteria_set__version", "criteria_set_id")
        .values_list("slug", "title", "kind")
    ):
        titles[slug] = (title, kind)
    return titles


def sla_state_in_sql(now: datetime) -> Case:
    """discovery.engagements.sla.sla_state, computed by the database (tested against it): answered in time or
    late, overdue, or "" while the clock runs or never started."""
    return Case(
        When(response_due_at__isnull=True, then=Value("")),
        When(first_response_at__lte=F("response_due_at"), then=Value(ANSWERED_IN_TIME)),
        When(first_response_at__isnull=False, then=Value(ANSWERED_LATE)),
        When(response_due_at__lt=now, then=Value(OVERDUE)),
        default=Value(""),
        output_field=CharField(),
    )


def sla_rows(filters: PortfolioFilters, now: datetime) -> list[SlaRow]:
    start, end = filters.window()
    query = (
        Engagement.objects.filter(filters.scope(), submitted_at__gte=start, submitted_at__lt=end)
        .annotate(
            year=ExtractYear("submitted_at"),
            month=ExtractMonth("submitted_at"),
            state=sla_state_in_sql(now),
            wait=ExpressionWrapper(F("first_response_at") - F("submitted_at"), output_field=DurationField()),
        )
        .order_by()
        .values_list("year", "month", "state", "wait")
    )
    return [SlaRow((year, month), state, wait) for year, month, state, wait in query]


def report_rows(filters: PortfolioFilters) -> list[ReportRow]:
    """Every report version with a snapshot, for assessments in scope (dated like evaluations)."""
    start, end = filters.window()
    engagement = "assessment__engagement__"
    query = (
        Report.objects.filter(evaluation__isnull=False)
        .annotate(
            at=Coalesce(f"{engagement}submitted_at", "created_at", output_field=DateTimeField()),
            delivered=ExpressionWrapper(Q(delivered_at__isnull=False), output_field=BooleanField()),
        )
        .filter(filters.scope(engagement), at__gte=start, at__lt=end)
        .order_by()
        .values_list("assessment_id", "number", "delivered", "override_verdict", "evaluation__verdict")
    )
    return [ReportRow(*row) for row in query]


def portfolio_figures(
    filters: PortfolioFilters, *, lead_names: dict[int, str] | None = None, now: datetime | None = None
) -> list[Figure]:
    """Every figure of the analytics page, in page order (the two wide tables last, so the
    narrower ones pair up side by side), from four queries (six without `lead_names`)."""
    now = now or timezone.now()
    if lead_names is None:
        lead_names = dict(analytics_filter_choices()[1])
    evaluations, sets = newest_evaluation_rows(filters, lead_names)
    months = filters.months
    return [
        figures.verdicts_by_month(evaluations, months),
        figures.verdicts_by_version(evaluations),
        figures.criteria_that_fire(evaluations, criteria_titles(sets)),
        figures.overrides(report_rows(filters)),
        figures.sla_by_month(sla_rows(filters, now), months),
        figures.one_answer_away(evaluations),
    ]
