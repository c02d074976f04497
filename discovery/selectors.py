"""Reads for the consultant pages (queue, engagement, review team). Each returns what its page
needs, joined once."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from assessments.models import Assessment, Report
from discovery.models import ConsultantProfile, Engagement
from discovery.sla import DUE_SOON_WINDOW

OWNER_ANY = ""
OWNER_ME = "me"
OWNER_UNASSIGNED = "unassigned"


def engagement_queue(
    *, user, status: str = "", owner: str = OWNER_ANY, overdue: bool = False, search: str = ""
) -> QuerySet[Engagement]:
    """Engagements for the queue, soonest response deadline first.

    status: one status, "all", or "" for every open one. owner: "", "me" or "unassigned".
    overdue: only submitted engagements past their deadline with no response yet.
    search: part of the organisation's name or the contact's name or email.
    """
    engagements = Engagement.objects.select_related("organisation", "contact", "lead")
    if status == "all":
        pass
    elif status in dict(Engagement.STATUSES):
        engagements = engagements.filter(status=status)
    else:
        engagements = engagements.filter(status__in=Engagement.OPEN_STATUSES)
    if owner == OWNER_ME:
        engagements = engagements.filter(lead=user)
    elif owner == OWNER_UNASSIGNED:
        engagements = engagements.filter(lead__isnull=True)
    if overdue:
        engagements = engagements.filter(
            submitted_at__isnull=False, first_response_at__isnull=True, response_due_at__lt=timezone.now()
        )
    search = search.strip()
    if search:
        engagements = engagements.filter(
            Q(organisation__name__icontains=search)
            | Q(contact__name__icontains=search)
            | Q(contact__email__icontains=search)
        )
    # Engagements whose clock hasn't started yet come after every deadline, on every database
    # (SQLite and PostgreSQL put NULLs at opposite ends by default).
    return engagements.order_by(F("response_due_at").asc(nulls_last=True), "created_at")


def engagement_detail(*, pk: int) -> Engagement:
    """One engagement with its organisation's contacts, timeline, notes, assessments and reports."""
    return (
        Engagement.objects.select_related("organisation", "contact", "lead")
        .prefetch_related(
            "organisation__contacts",
            "events__actor",
            "notes__author",
            "links",
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("questionnaire").prefetch_related(
                    Prefetch("reports", queryset=Report.objects.defer("html").order_by("-number"))
                ),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class TimelineEntry:
    created_at: datetime
    kind: str
    message: str
    actor: object = None


def engagement_timeline(engagement: Engagement) -> list[TimelineEntry]:
    """Everything that happened to an engagement, oldest first.

    The engagement's own events (created, link sent, submitted, every status change with who made
    it, delivered…) merged with each report version's outcome, which the report rows record
    themselves (when it was generated, or why it failed). Reads only what `engagement_detail`
    already prefetched.
    """
    entries = [TimelineEntry(e.created_at, e.kind, e.message, e.actor) for e in engagement.events.all()]
    outcomes = {Report.READY: ("report_ready", "generated"), Report.FAILED: ("report_failed", "failed to generate")}
    for assessment in engagement.assessments.all():
        for report in assessment.reports.all():
            if report.status in outcomes:
                kind, what = outcomes[report.status]
                entries.append(TimelineEntry(report.status_changed_at, kind, f"Report v{report.number} {what}"))
    return sorted(entries, key=lambda entry: entry.created_at)


def engagements_due_for_reminder(*, now) -> QuerySet[Engagement]:
    """Submitted, unanswered engagements within 12 h of their deadline (or past it)."""
    return Engagement.objects.filter(
        status__in=Engagement.OPEN_STATUSES,
        submitted_at__isnull=False,
        first_response_at__isnull=True,
        response_due_at__lte=now + DUE_SOON_WINDOW,
    ).select_related("organisation", "lead")


# Which skills serve which recommended approach (evaluation helps every approach).
APPROACH_SKILLS = {
    "fine_tuning": {"fine_tuning", "data_curation", "evaluation", "mlops"},
    "prompt_engineering": {"prompt_engineering", "evaluation"},
    "rag": {"rag", "evaluation"},
    "tool_use": {"prompt_engineering", "mlops"},
}


def engineer_suggestions(approaches: list[str]) -> list[tuple[ConsultantProfile, int, int]]:
    """Every profile as (profile, skill match, load), best first.

    1. Skill match: how many of the skills the recommended approaches need the person has.
    2. Load: open engagements they lead plus their external load; lower is better.
    """
    wanted = set().union(*(APPROACH_SKILLS.get(a, set()) for a in approaches)) if approaches else set()
    profiles = ConsultantProfile.objects.select_related("user").annotate(
        led=Count("user__led_engagements", filter=Q(user__led_engagements__status__in=Engagement.OPEN_STATUSES))
    )
    ranked = [(p, len(wanted & set(p.skills or [])), p.led + p.external_load) for p in profiles]
    ranked.sort(key=lambda row: (-row[1], row[2], row[0].display_name.lower()))
    return ranked


def engagement_workshop_assessment(*, engagement: Engagement) -> Assessment | None:
    """The assessment a workshop works on: the engagement's newest; None before one exists
    (starting the workshop creates it, never a page view)."""
    return engagement.assessments.order_by("-created_at", "-pk").first()
