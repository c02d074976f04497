"""Delivering a report: an engagement concern (the lead approves, the engagement moves to
delivered, the client is emailed a fresh link). The report is reached as a row; its rendering
and versions are the report package's."""

from django.db import transaction
from django.utils import timezone

from assessments.models import Report
from assessments.reports.selectors import report_newest
from discovery.models import Engagement, TransitionNotAllowed
from discovery.portal.services.client_links import client_link_reissue
from discovery.roles import acts_as_lead
from web.refusals import Refused


class DeliveryRefused(Refused):
    """Only the engagement's lead or an admin may deliver, and only a ready, newest version."""

    status = 409


def delivery_gaps(report: Report) -> list[str]:
    """What `report` still lacks before it may go to the client, as sentences (empty: nothing).
    The home page promises a summary in the architect's words and named engineers."""
    gaps = []
    if not report.narrative.strip():
        gaps.append("Write the executive summary: it is the first thing the client reads.")
    if not report.no_engineers_reason.strip() and not report.proposed_engineers.exists():
        gaps.append("Name the proposed engineers, or say why none are named.")
    return gaps


def can_deliver(*, report: Report, user) -> bool:
    return report.erased_at is None and acts_as_lead(user, report.assessment.engagement)


@transaction.atomic
def report_deliver(*, report: Report, user) -> None:
    """Approve `report`, move the engagement to delivered, and email the client a fresh link.

    The delivered version is frozen: later edits create new versions, this row never changes.
    """
    report = Report.objects.select_for_update().select_related("assessment__engagement").get(pk=report.pk)
    if report.erased_at is not None:
        raise DeliveryRefused("This report's personal data was erased; it can't be delivered.")
    if not can_deliver(report=report, user=user):
        raise DeliveryRefused("Only the engagement's lead architect or an admin can deliver the report.")
    if report.status != Report.READY:
        raise DeliveryRefused("This version is not ready yet.")
    if report.is_delivered:
        raise DeliveryRefused("This version was already delivered.")
    if report_newest(assessment_id=report.assessment_id).pk != report.pk:
        raise DeliveryRefused("A newer version exists; deliver the newest one.")
    gaps = delivery_gaps(report)
    if gaps:
        raise DeliveryRefused("Not delivered: " + " ".join(gaps) + " Save them as a new version, then deliver it.")
    engagement = report.assessment.engagement
    if not engagement.can_transition(Engagement.DELIVERED, "lead"):
        raise DeliveryRefused(
            f"The engagement is {engagement.get_status_display().lower()}; "
            "start the review on the engagement page, then deliver."
        )
    try:
        engagement.transition(
            Engagement.DELIVERED, role="lead", actor=user, message=f"Report v{report.number} delivered"
        )
    except TransitionNotAllowed as exc:
        raise DeliveryRefused(str(exc)) from exc
    report.delivered_at = timezone.now()
    report.approved_by = user
    report.save(update_fields=["delivered_at", "approved_by"])
    client_link_reissue(engagement=engagement, user=user)
