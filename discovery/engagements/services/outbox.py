"""The email outbox: queue an email with the change that causes it, send it once, resend, sweep.

`email_queue` writes the row inside the caller's transaction and queues the send task when it
commits, so an email exists exactly when its change does; a broker that is down only delays it
(the sweep queues it again). The task (discovery/tasks.py) calls `outgoing_email_send`.
"""

import time

import structlog
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from discovery.engagements.services import notifications
from discovery.models import Engagement, OutgoingEmail
from discovery.tasks import outgoing_email_send_task
from web.jobs import JobKind, job_claim, job_fail, job_requeue, job_sweep
from web.outages import close_broken_connection, enqueue_on_commit

log = structlog.get_logger(__name__)

# Its lifecycle (web/jobs.py): a failure never overwrites a sent email; nothing fails it by
# attempts (a mail server that is down is retried with backoff by the task, then failed there).
EMAIL_JOB = JobKind(
    model=OutgoingEmail,
    waiting=OutgoingEmail.PENDING,
    working=OutgoingEmail.SENDING,
    failed=OutgoingEmail.FAILED,
    task=outgoing_email_send_task,
    claimed_by="claimed_by",
    keep=(OutgoingEmail.SENT,),
)


def email_queue(*, kind: str, engagement: Engagement | None = None, user=None, actor=None) -> OutgoingEmail:
    """Write the email to send in the current transaction; a task sends it once that commits."""
    email = OutgoingEmail.objects.create(kind=kind, engagement=engagement, user=user, actor=actor)
    enqueue_on_commit(outgoing_email_send_task, email.pk)
    return email


def _deliver(email: OutgoingEmail) -> bool:
    """Render and send the email its kind names (the notification services own each message);
    False when there was nothing to send any more (no contact or an erased one, no recipient, a used
    invitation)."""
    if email.kind == OutgoingEmail.CLIENT_LINK:
        return notifications.client_link_send(engagement_id=email.engagement_id)
    if email.kind == OutgoingEmail.SUBMITTED:
        return notifications.consultants_notify_submitted(engagement_id=email.engagement_id)
    if email.kind == OutgoingEmail.CLIENT_RECEIPT:
        return notifications.client_submission_confirm(engagement_id=email.engagement_id)
    if email.kind in (OutgoingEmail.SLA_DUE_SOON, OutgoingEmail.SLA_OVERDUE):
        engagement = Engagement.objects.select_related("organisation", "lead").get(pk=email.engagement_id)
        notifications.sla_reminder_send(engagement=engagement, overdue=email.kind == OutgoingEmail.SLA_OVERDUE)
        return True
    if email.kind in (OutgoingEmail.CLIENT_NUDGE_FIRST, OutgoingEmail.CLIENT_NUDGE_SECOND):
        engagement = Engagement.objects.select_related("contact").get(pk=email.engagement_id)
        return notifications.client_nudge_send(
            engagement=engagement, second=email.kind == OutgoingEmail.CLIENT_NUDGE_SECOND
        )
    if email.kind == OutgoingEmail.LEAD_CHANGED:
        return notifications.lead_change_send(
            engagement_id=email.engagement_id, previous_id=email.user_id, actor_id=email.actor_id
        )
    if email.kind == OutgoingEmail.CONSULTANT_INVITE:
        return notifications.consultant_invite_send(user_id=email.user_id, inviter_id=email.actor_id)
    raise ValueError(f"No message for an email of kind {email.kind!r}.")


def outgoing_email_claim(*, email_id: int, task_id: str) -> bool:
    """Mark the email sending for the run `task_id`; False when it isn't this run's to send: a
    pending email is claimed, one left sending under a stale claim taken over (web/jobs.py)."""
    return job_claim(EMAIL_JOB, email_id, task_id=task_id)


def outgoing_email_send(*, email_id: int, task_id: str) -> bool:
    """Send one email once; returns whether this run sent it.

    1. Claim it (above). 2. Render and send it. 3. Mark it sent (or not needed, when there was
    nothing to send any more), conditional on this run's claim.
    The one window left is a database that dies between the mail server taking the message and
    step 3: step 3 is tried again for a few seconds, and only then may a retry send it twice.
    """
    if not outgoing_email_claim(email_id=email_id, task_id=task_id):
        return False
    sent = _deliver(OutgoingEmail.objects.get(pk=email_id))
    outcome = (
        {"status": OutgoingEmail.SENT, "sent_at": timezone.now()} if sent else {"status": OutgoingEmail.NOT_NEEDED}
    )
    for pause in (0.5, 1, 2, None):
        try:
            OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.SENDING, claimed_by=task_id).update(
                **outcome, error="", status_changed_at=timezone.now()
            )
            return sent
        except DatabaseError:
            close_broken_connection()
            if pause is None:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable: the last try returns or raises")


def outgoing_email_release(*, email_id: int, error: str = "") -> None:
    """Put an email back to pending after a failed try (an outage or a mail server that said no),
    for the task's retry or the sweep. Best effort while the database is down."""
    job_requeue(EMAIL_JOB, email_id, error=error)


def outgoing_email_mark_failed(*, email_id: int, error: str) -> None:
    """Give up on an email (the mail server refused it every time, or it can't be made); a
    consultant sees it on the timeline and can resend it."""
    job_fail(EMAIL_JOB, email_id, error=error)
    log.warning("email.failed", email_id=email_id)


def outgoing_email_resend(*, email: OutgoingEmail, user) -> bool:
    """Send a failed email again as a new outbox row (`resend_of` it, `resent_by` the user); the
    failed row keeps its status and error, so the failure stays on the timeline. False when it
    isn't failed or was already resent (the unique `resend_of` settles two presses at once)."""
    try:
        with transaction.atomic():
            failed = OutgoingEmail.objects.select_for_update().filter(pk=email.pk, status=OutgoingEmail.FAILED).first()
            if failed is None or failed.resends.exists():
                return False
            again = OutgoingEmail.objects.create(
                kind=failed.kind,
                engagement_id=failed.engagement_id,
                user_id=failed.user_id,
                actor_id=failed.actor_id,
                resend_of=failed,
                resent_by=user,
            )
    except IntegrityError:
        return False
    enqueue_on_commit(outgoing_email_send_task, again.pk)
    return True


def outbox_sweep(*, older_than_seconds: int = 300) -> int:
    """Queue again every email still pending, or left sending, since before the cutoff (the
    broker was down when it was written, lost the message, or a worker died). Returns how many
    were sent to the broker; only those are stamped, so an email `queue_now` could not send (the
    broker still down, or failed a moment ago) is taken again by the next sweep (web/jobs.py)."""
    return job_sweep(EMAIL_JOB, older_than_seconds=older_than_seconds)
