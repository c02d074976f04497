"""Reads for the consultant pages (queue, engagement, review team). Each returns what its page
needs, joined once."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from assessments.models import Assessment, Report, SampleUpload
from discovery.engagements.sla import DUE_SOON_WINDOW
from discovery.models import ConsultantProfile, Engagement, EngagementEvent, OutgoingEmail, TeamEvent
from discovery.roles import ADMINS, CONSULTANTS, ROLE_ADMIN, ROLE_CONSULTANT
from web.names import display_name

OWNER_ANY = ""
OWNER_ME = "me"
OWNER_UNASSIGNED = "unassigned"

# The queue's groups, in the order they are shown.
QUEUE_WAITING, QUEUE_UNCLOCKED, QUEUE_ANSWERED = 0, 1, 2


def engagement_queue(
    *, user, status: str = "", owner: str = OWNER_ANY, overdue: bool = False, search: str = ""
) -> QuerySet[Engagement]:
    """Engagements for the queue, most urgent first.

    1. Unanswered engagements whose clock runs (submitted, no first response yet), soonest
       deadline first, so overdue ones lead.
    2. Then those whose clock hasn't started (not submitted yet), oldest request first: the
       deadline intake stamps on a request is not a live promise until answers arrive.
    3. Answered ones last, soonest deadline first.

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
    # Flagged when its lead was deactivated and nobody has taken it over yet.
    engagements = engagements.annotate(
        needs_reassignment=Exists(
            EngagementEvent.objects.filter(engagement=OuterRef("pk"), kind=EngagementEvent.Kind.LEAD_LEFT)
        )
        & Q(lead__isnull=True)
    )
    urgency = Case(
        When(submitted_at__isnull=True, then=Value(QUEUE_UNCLOCKED)),
        When(first_response_at__isnull=False, then=Value(QUEUE_ANSWERED)),
        default=Value(QUEUE_WAITING),
        output_field=IntegerField(),
    )
    # Unclocked rows sort by request date alone (their intake deadline says nothing yet); nulls
    # last on every database (SQLite and PostgreSQL put NULLs at opposite ends by default).
    deadline = Case(When(submitted_at__isnull=False, then=F("response_due_at")), default=None)
    return engagements.annotate(queue_group=urgency, queue_deadline=deadline).order_by(
        "queue_group", F("queue_deadline").asc(nulls_last=True), "created_at", "pk"
    )


def engagement_detail(*, pk: int) -> Engagement:
    """One engagement with its organisation's contacts, timeline, notes, assessments, reports and
    uploaded files."""
    return (
        Engagement.objects.select_related("organisation", "contact", "lead")
        .prefetch_related(
            "organisation__contacts",
            "events__actor",
            "notes__author",
            "links",
            Prefetch("emails", queryset=OutgoingEmail.objects.select_related("resent_by").prefetch_related("resends")),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("questionnaire").prefetch_related(
                    Prefetch("reports", queryset=Report.objects.defer("html").order_by("-number")),
                    Prefetch("samples", queryset=SampleUpload.objects.order_by("-created_at", "-pk")),
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
    # A failed email, which the timeline offers to resend.
    resendable: OutgoingEmail | None = None


def engagement_timeline(engagement: Engagement) -> list[TimelineEntry]:
    """Everything that happened to an engagement, oldest first.

    The engagement's own events (created, link sent, submitted, every status change with who made
    it, delivered…) merged with each report version's outcome, which the report rows record
    themselves (when it was generated, or why it failed), and each outbox email's state (sent,
    failed with the error, or waiting). Reads only what `engagement_detail` already prefetched.
    """
    entries = [TimelineEntry(e.created_at, e.kind, e.message, e.actor) for e in engagement.events.all()]
    for email in engagement.emails.all():
        # One line per email (each resend is its own row); a failure stays on record after a resend.
        what = email.get_kind_display().lower()
        again = f" (resent by {display_name(email.resent_by, 'someone')})" if email.resend_of_id else ""
        if email.status == OutgoingEmail.SENT:
            entries.append(TimelineEntry(email.sent_at, "email_sent", f"Email sent{again}: {what}"))
        elif email.status == OutgoingEmail.FAILED:
            message = f"Email failed{again}: {what} ({email.error})"
            resendable = None if email.resends.all() else email
            if resendable is None:
                message += " — resent"
            entries.append(TimelineEntry(email.status_changed_at, "email_failed", message, resendable=resendable))
        elif email.status == OutgoingEmail.NOT_NEEDED:
            message = f"Email not sent{again}: {what} (nobody to send it to by then)"
            entries.append(TimelineEntry(email.status_changed_at, "email_not_needed", message))
        else:
            entries.append(TimelineEntry(email.created_at, "email_pending", f"Email waiting to be sent{again}: {what}"))
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


def engagements_due_for_nudge(*, now, second: bool) -> QuerySet[Engagement]:
    """Requested engagements whose client hasn't submitted, old enough for the first (or second)
    reminder and not yet sent it. Submitting, withdrawing or a workshop moves the engagement out of
    "requested", so they stop the reminders by themselves."""
    days = settings.CLIENT_NUDGE_SECOND_DAYS if second else settings.CLIENT_NUDGE_FIRST_DAYS
    field = "nudged_second_at" if second else "nudged_first_at"
    return (
        Engagement.objects.filter(
            status=Engagement.REQUESTED,
            contact__isnull=False,
            contact__erased_at__isnull=True,  # erasure ends access: no fresh link by reminder
            created_at__lte=now - timedelta(days=days),
            assessments__status=Assessment.OPEN,
            **{f"{field}__isnull": True},
        )
        .distinct()
        .select_related("organisation", "contact")
    )


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
    # People who left (deactivated on the team page) are never proposed.
    profiles = (
        ConsultantProfile.objects.filter(user__is_active=True)
        .select_related("user")
        .annotate(
            led=Count("user__led_engagements", filter=Q(user__led_engagements__status__in=Engagement.OPEN_STATUSES))
        )
    )
    ranked = [(p, len(wanted & set(p.skills or [])), p.led + p.external_load) for p in profiles]
    ranked.sort(key=lambda row: (-row[1], row[2], row[0].display_name.lower()))
    return ranked


def presenter_mode_for(user) -> bool:
    """Whether `user` has the workshop's presenter mode on (off for anyone without a profile)."""
    return ConsultantProfile.objects.filter(user=user, presenter_mode=True).exists()


@dataclass(frozen=True)
class TeamMember:
    user: object
    role: str  # roles.ROLE_ADMIN, roles.ROLE_CONSULTANT or ""
    profile: ConsultantProfile | None
    mfa_enrolled: bool


def team_members() -> list[TeamMember]:
    """Everyone with a staff role (or who had one, deactivated), active first, by name."""
    User = get_user_model()
    users = (
        User.objects.filter(groups__name__in=[ADMINS, CONSULTANTS])
        .distinct()
        .select_related("profile")
        .prefetch_related("groups")
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    members = []
    for user in users:
        groups = {g.name for g in user.groups.all()}
        role = ROLE_ADMIN if ADMINS in groups else ROLE_CONSULTANT
        profile = getattr(user, "profile", None)
        members.append(TeamMember(user, role, profile, user_has_device(user)))
    return members


def team_member(*, pk: int):
    """One member of the team (a user in a staff group), or User.DoesNotExist."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[ADMINS, CONSULTANTS])
        .distinct()
        .select_related("profile")
        .get(pk=pk)
    )


def team_member_open_engagements(*, user) -> list[Engagement]:
    """The open engagements `user` leads (what deactivating them would leave without a lead)."""
    return list(Engagement.objects.filter(lead=user, status__in=Engagement.OPEN_STATUSES))


def team_events(*, limit: int = 50) -> QuerySet[TeamEvent]:
    """The team's audit trail, newest first."""
    return TeamEvent.objects.select_related("actor", "subject")[:limit]


def recovery_codes_left(user) -> int:
    """How many unused recovery codes `user` still has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def engagement_workshop_assessment(*, engagement: Engagement) -> Assessment | None:
    """The assessment a workshop works on: the engagement's newest; None before one exists
    (starting the workshop creates it, never a page view)."""
    return engagement.assessments.order_by("-created_at", "-pk").first()
