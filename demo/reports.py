"""Demo reports: one rendered version for every submitted assessment of an engagement that is
submitted, in review, delivered or closed; delivered ones are marked delivered by their lead.

Assessments that already have a ready report are left alone, so running it again changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from assessments.engine import approach_label, verdict_label
from assessments.models import Assessment, Report
from assessments.reports.paths import frozen_profiles
from assessments.reports.services import report_generate_now
from assessments.services.evaluation import assessment_preview
from demo import paths
from discovery.engagements.selectors import engineer_suggestions
from discovery.models import Engagement

STATUSES = [Engagement.SUBMITTED, Engagement.IN_REVIEW, Engagement.DELIVERED, Engagement.CLOSED]


def _team(assessment) -> list:
    """The two best-ranked engineers for the approaches the answers point to."""
    approaches = assessment_preview(assessment=assessment).approaches
    return [profile for profile, _, _ in engineer_suggestions(list(approaches))[:2]]


def summary(assessment, *, override_verdict: str = "", reason: str = "") -> str:
    """An architect's executive summary as a demo report carries one (delivery needs one). With an
    override it recommends the architect's verdict and says why, never the computed one it rejects."""
    result = assessment_preview(assessment=assessment)
    opening = f"We went through {assessment.engagement.organisation.name}'s answers together."
    if override_verdict:
        return (
            f"{opening} Our recommendation: {verdict_label(override_verdict).lower()}. {reason} Your answers "
            f"alone point to {verdict_label(result.verdict).lower()}; the scorecard shows that reading, and "
            "the next steps say what would change our judgement."
        )
    approaches = ", ".join(approach_label(a).lower() for a in result.approaches) or "the next steps below"
    return (
        f"{opening} Our recommendation: {verdict_label(result.verdict).lower()}. Start with {approaches}; the "
        "scorecard shows what decided it, and the next steps say what would change it."
    )


def prepared_at(engagement):
    """When the demo's report was made: a day before delivery, else at the first response (or the
    submission), so no report reads as prepared after it was delivered."""
    if engagement.delivered_at:
        return engagement.delivered_at - timedelta(days=1)
    return engagement.first_response_at or engagement.submitted_at


def render_report(assessment, stdout) -> Report | None:
    """Render the assessment's next report version in this process; None (and a line) if it failed."""
    report = report_generate_now(
        assessment=assessment,
        engineers=_team(assessment),
        created_at=prepared_at(assessment.engagement),
        narrative=summary(assessment),
        **paths.report_overrides(
            assessment.engagement.organisation.name, lambda: frozen_profiles(timezone.localdate())
        ),
    )
    if report.status != Report.READY:
        stdout.write(f"  report for {assessment.engagement} failed: {report.error}")
        return None
    return report


def mark_delivered(report, engagement) -> None:
    """Delivered and closed engagements show their report as delivered, approved by their lead."""
    if engagement.status in (Engagement.DELIVERED, Engagement.CLOSED):
        Report.objects.filter(pk=report.pk).update(
            delivered_at=engagement.delivered_at or report.created_at, approved_by=engagement.lead
        )


def build(stdout) -> None:
    made = 0
    assessments = Assessment.objects.filter(
        status=Assessment.SUBMITTED, engagement__status__in=STATUSES
    ).select_related("engagement")
    for assessment in assessments:
        if assessment.reports.filter(status=Report.READY).exists():
            continue
        report = render_report(assessment, stdout)
        if report is None:
            continue
        mark_delivered(report, assessment.engagement)
        made += 1
    stdout.write(f"Reports: {made} rendered")
