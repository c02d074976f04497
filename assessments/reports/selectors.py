"""Read-side queries for reports: the delivered version, versions, and the suggested team."""

from django.db.models import Count, Q

from assessments.models import Report
from discovery.models import ConsultantProfile, Engagement

# Which skills serve which recommended approach (evaluation helps every approach).
APPROACH_SKILLS = {
    "fine_tuning": {"fine_tuning", "data_curation", "evaluation", "mlops"},
    "prompt_engineering": {"prompt_engineering", "evaluation"},
    "rag": {"rag", "evaluation"},
    "tool_use": {"prompt_engineering", "mlops"},
}


def delivered_report_for(engagement) -> Report | None:
    """The latest delivered report of `engagement`; drafts never reach clients."""
    return (
        Report.objects.filter(assessment__engagement=engagement, delivered_at__isnull=False)
        .order_by("-delivered_at", "-pk")
        .first()
    )


def report_versions(report: Report):
    return Report.objects.filter(assessment_id=report.assessment_id).order_by("-number")


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
