"""Reads for the analytics page: a handful of flat queries, then the pure figures.

The number of queries never depends on the number of engagements: each read below is one
`values_list` over the filtered portfolio, aggregated in one pass in Python (figures.py), which
works the same on SQLite and PostgreSQL (no JSON functions that differ between them).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Criterion, Evaluation, Report
from discovery.models import Engagement, Organisation
from discovery.roles import CONSULTANTS

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


def person_name(first: str, last: str, username: str | None) -> str:
    return f"{first} {last}".strip() or username or ""


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
    return industries, [(pk, person_name(first, last, username)) for pk, first, last, username in people]


def newest_evaluation_rows(filters: PortfolioFilters) -> tuple[list[EvaluationRow], set[int]]:
    """The newest evaluation of every assessment in scope, dated by its engagement's submission
    (or its own time when the engagement was never submitted); and the criteria sets they used."""
    newest = Evaluation.objects.filter(assessment=OuterRef("assessment")).order_by("-created_at", "-pk").values("pk")
    start, end = filters.window()
    engagement = "assessment__engagement__"
    query = (
        Evaluation.objects.filter(pk=Subquery(newest[:1]))
        .annotate(at=Coalesce(f"{engagement}submitted_at", "created_at", output_field=DateTimeField()))
        .filter(filters.scope(engagement), at__gte=start, at__lt=end)
        .order_by()
        .values_list(
            f"{engagement}id",
            f"{engagement}organisation__name",
            f"{engagement}lead__first_name",
            f"{engagement}lead__last_name",
            f"{engagement}lead__username",
            "verdict",
            "criteria_set_id",
            "criteria_set__slug",
            "criteria_set__version",
            "at",
            # Only the two parts of the result the figures read, not the whole snapshot.
            "result__matched",
            "result__counterfactuals",
        )
    )
    rows, sets = [], set()
    for pk, name, first, last, username, verdict, set_id, slug, version, at, matched, cfs in query:
        sets.add(set_id)
        rows.append(
            EvaluationRow(
                engagement_id=pk,
                organisation=name,
                lead=person_name(first or "", last or "", username),
                verdict=verdict,
                criteria_set=slug,
                version=version,
                at=at,
                matched=tuple(matched or ()),
                counterfactuals=tuple(cfs or ()),
            )
        )
    return rows, sets


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


def sla_rows(filters: PortfolioFilters) -> list[SlaRow]:
    start, end = filters.window()
    return [
        SlaRow(*row)
        for row in Engagement.objects.filter(filters.scope(), submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values_list("submitted_at", "response_due_at", "first_response_at")
    ]


def report_rows(filters: PortfolioFilters) -> list[ReportRow]:
    """Every report version with a snapshot, for assessments in scope (dated like evaluations)."""
    start, end = filters.window()
    engagement = "assessment__engagement__"
    query = (
        Report.objects.filter(evaluation__isnull=False)
        .annotate(at=Coalesce(f"{engagement}submitted_at", "created_at", output_field=DateTimeField()))
        .filter(filters.scope(engagement), at__gte=start, at__lt=end)
        .order_by()
        .values_list("assessment_id", "number", "delivered_at", "override_verdict", "evaluation__verdict")
    )
    return [ReportRow(*row) for row in query]


def portfolio_figures(filters: PortfolioFilters, *, now: datetime | None = None) -> list[Figure]:
    """Every figure of the analytics page, in page order (the two wide tables last, so the
    narrower ones pair up side by side), from four queries."""
    now = now or timezone.now()
    evaluations, sets = newest_evaluation_rows(filters)
    months = filters.months
    return [
        figures.verdicts_by_month(evaluations, months),
        figures.verdicts_by_version(evaluations),
        figures.criteria_that_fire(evaluations, criteria_titles(sets)),
        figures.overrides(report_rows(filters)),
        figures.sla_by_month(sla_rows(filters), months, now),
        figures.one_answer_away(evaluations),
    ]
