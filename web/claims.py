"""One task run claiming a row (a report version to render, an email to send).

The row has ``status``, ``status_changed_at``, ``attempts`` and ``claimed_by`` (the Celery task
id). A waiting row is claimed with a conditional update, so of two messages for it one wins. A
row left working is taken over when its claim is stale: the claim is this same task id (the
broker redelivered the message because its worker died, or the task's own retry found its
bookkeeping undone), or it was claimed longer ago than the hard time limit, so no live run can
still hold it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet


def claimed(working: str, task_id: str, now: datetime) -> dict:
    """The fields a claim writes."""
    return {"status": working, "status_changed_at": now, "attempts": F("attempts") + 1, "claimed_by": task_id}


def claim_waiting(row: QuerySet, *, waiting: str, working: str, task_id: str, now: datetime) -> bool:
    """Claim ``row`` (a one-row queryset) if it is waiting; False when another run has it."""
    return bool(row.filter(status=waiting).update(**claimed(working, task_id, now)))


def stale_claims(row: QuerySet, *, working: str, task_id: str, now: datetime) -> QuerySet:
    """``row`` if it is working under a stale claim (see the module), else nothing."""
    dead_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    stale = Q(status_changed_at__lt=dead_before) | (Q(claimed_by=task_id) & ~Q(claimed_by=""))
    return row.filter(stale, status=working)
