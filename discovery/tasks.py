"""Background jobs for the engagement side: sending the email outbox, its sweep, the reminders.

Each takes ids, loads, and calls a service. The services import these tasks at module top to
queue them on commit, so each task imports its service inside the function (the one sanctioned
import cycle).
"""

import structlog
from celery import shared_task

from web.jobs import retry_delay
from web.outages import is_outage

log = structlog.get_logger(__name__)


class EmailNotSent(Exception):
    """What a retry records: the error's class only, as a mail server's message may name people."""


@shared_task(bind=True, acks_late=True, max_retries=5)
def outgoing_email_send_task(self, email_id: int) -> None:
    """Send one outbox email once. A mail server that is down is retried with backoff (30 s, 60 s…)
    and after the last try marked failed for a consultant to resend; a database or broker outage
    is retried and never a failure (past the last try the sweep takes it)."""
    from discovery.engagements.services import outbox  # the services import this module

    try:
        outbox.outgoing_email_send(email_id=email_id, task_id=self.request.id or "")
    except Exception as exc:
        smtp_down = isinstance(exc, OSError)  # smtplib's errors are OSErrors too
        if not (smtp_down or is_outage(exc)):  # permanent: it can't be made; a consultant can resend
            outbox.outgoing_email_mark_failed(email_id=email_id, error=f"{type(exc).__name__}: {exc}")
            log.exception("email.not_made", email_id=email_id)
            return
        if self.request.retries >= self.max_retries:
            if smtp_down:
                outbox.outgoing_email_mark_failed(email_id=email_id, error=f"{type(exc).__name__}: {exc}")
            else:
                outbox.outgoing_email_release(email_id=email_id)  # still an outage: the sweep takes it
            return
        outbox.outgoing_email_release(email_id=email_id, error=f"{type(exc).__name__}: {exc}")
        wait = retry_delay(30, self.request.retries)
        raise self.retry(exc=EmailNotSent(type(exc).__name__), countdown=wait) from None


@shared_task
def client_link_request_task(*engagement_ids: int) -> int:
    """Someone asked for a new link on the public page: email one for each of these engagements."""
    from discovery.portal.services.client_links import client_link_request_send  # the services import this module

    return client_link_request_send(engagement_ids=engagement_ids)


@shared_task
def outbox_sweep_task() -> int:
    """Every 2 minutes: queue again emails left pending or sending for 5 minutes (broker down, worker killed)."""
    from discovery.engagements.services.outbox import outbox_sweep  # the services import this module

    return outbox_sweep()


@shared_task
def sla_reminders_task() -> int:
    """Every 15 minutes: remind about engagements due within 12 h or overdue (once per threshold)."""
    from discovery.engagements.services.engagements import engagement_sla_remind  # the services import this module

    return engagement_sla_remind()


@shared_task
def client_nudges_task() -> int:
    """Hourly: remind clients who haven't finished the questionnaire (after 3 and 7 days, once each)."""
    from discovery.engagements.services.engagements import engagement_client_nudge  # the services import this module

    return engagement_client_nudge()
