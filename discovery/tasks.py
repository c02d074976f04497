"""Background jobs for the engagement side: emails and the SLA reminders.

Each takes ids, loads, and calls a service. The services import these tasks at module top to
queue them on commit, so each task imports its service inside the function (the one sanctioned
import cycle).
"""

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=5)
def client_link_email_task(self, engagement_id: int) -> None:
    """Issue a fresh private link and email it to the engagement's contact."""
    from discovery.services.notifications import client_link_send  # the services import this module

    try:
        client_link_send(engagement_id=engagement_id)
    except OSError as exc:  # mail server unreachable: try again later
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def consultants_notify_submitted_task(self, engagement_id: int) -> None:
    """Tell the consultants a client submitted their answers."""
    from discovery.services.notifications import consultants_notify_submitted  # the services import this module

    try:
        consultants_notify_submitted(engagement_id=engagement_id)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def consultant_invite_email_task(self, user_id: int, inviter_id: int | None = None) -> None:
    """Email a new team member their one-time link to set a password."""
    from discovery.services.notifications import consultant_invite_send  # the services import this module

    try:
        consultant_invite_send(user_id=user_id, inviter_id=inviter_id)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def sla_reminders_task() -> int:
    """Every 15 minutes: remind about engagements due within 12 h or overdue (once per threshold)."""
    from discovery.services.engagements import engagement_sla_remind  # the services import this module

    return engagement_sla_remind()


@shared_task
def client_nudges_task() -> int:
    """Hourly: remind clients who haven't finished the questionnaire (after 3 and 7 days, once each)."""
    from discovery.services.engagements import engagement_client_nudge  # the services import this module

    return engagement_client_nudge()
