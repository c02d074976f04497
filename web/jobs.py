"""One lifecycle for a job row (a report version to render, an email to send, a sample to
analyse, an impact run): claim, take over a stale claim, requeue after an outage, fail with one
description, sweep.

Work for a task is a committed row first and a message second (web/outages.py). Each kind of row
is described once by a `JobKind` (its model, the status values, which bookkeeping fields it has,
when a start counts as looping); the functions below are the only code that moves a row between
waiting, working and failed, so every kind claims, takes over, requeues, fails and is swept the
same way. What a kind does not have (an impact run has no claim to take over, no attempt count)
is left out of its description, not written again.

A claim is a conditional update, so of two messages for a row one wins. A row left working is
taken over when its claim is stale: the claim is this same task id (the broker redelivered the
message because its worker died, or the task's own retry found its bookkeeping undone), or it was
stamped longer ago than the hard time limit, so no live run can still hold it.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from web.outages import close_broken_connection, queue_now


def retry_delay(first_seconds: int, retries: int) -> int:
    """Seconds before retry number `retries + 1`: doubling from `first_seconds`, with the upper
    half drawn at random, so the messages an outage failed together don't all come back in the
    same second (AWS's "equal jitter"); never less than half the doubled wait."""
    doubled: int = first_seconds * 2**retries  # an int for retries >= 0 (typeshed says Any)
    return doubled // 2 + random.randint(0, doubled - doubled // 2)


@dataclass(frozen=True)
class JobKind:
    """How one kind of job row is written (field names are the model's; None: it has no such field)."""

    model: type[Model]
    waiting: str
    working: str
    failed: str
    # What the sweep queues again; None: a stuck row can't be resumed and the sweep fails it.
    task: Any = None
    changed_at: str | None = "status_changed_at"  # stamped at every change of status
    stuck_since: str = "status_changed_at"  # what the sweep measures a row's age from
    attempts: str | None = "attempts"  # counted at each claim
    claimed_by: str | None = None  # the claiming task id; without it a claim is never taken over
    # A row that started this many times and never finished is failed, so a job that kills its
    # worker every time can't loop. None: never.
    max_starts: int | None = None
    # The failure past max_starts ("{attempts}" is filled in), or of every stuck row without a task.
    never_finished: str = ""
    error_max: int = 2000
    keep: tuple[str, ...] = ()  # statuses a failure never overwrites (a sent email, an erased report)
    failed_also: Callable[[datetime], dict[str, Any]] | None = None  # further fields a failure writes
    sweepable: Q = field(default_factory=Q)  # only these rows are swept (a sample whose file is gone can't run)
    revive: Q | None = None  # failed rows the sweep queues again (failed by an outage before outages were retried)
    sweep_clears_error: bool = False

    def rows(self, pk: int) -> QuerySet[Any]:
        return self.model.objects.filter(pk=pk)


def _stamp(kind: JobKind, now: datetime) -> dict[str, Any]:
    return {kind.changed_at: now} if kind.changed_at else {}


def _claimed(kind: JobKind, task_id: str, now: datetime) -> dict[str, Any]:
    fields = {"status": kind.working, **_stamp(kind, now)}
    if kind.attempts:
        fields[kind.attempts] = F(kind.attempts) + 1
    if kind.claimed_by:
        fields[kind.claimed_by] = task_id
    return fields


def _failed(kind: JobKind, error: str, now: datetime) -> dict[str, Any]:
    fields = {"status": kind.failed, "error": error[: kind.error_max], **_stamp(kind, now)}
    return fields | (kind.failed_also(now) if kind.failed_also else {})


def stale_claims(kind: JobKind, row: QuerySet[Any], *, task_id: str, now: datetime) -> QuerySet[Any]:
    """``row`` if it is working under a stale claim (see the module), else nothing."""
    if not kind.claimed_by:
        return row.none()  # without a claim field, a claim is never taken over
    dead_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    mine = Q(**{kind.claimed_by: task_id}) & ~Q(**{kind.claimed_by: ""})
    return row.filter(Q(**{f"{kind.changed_at}__lt": dead_before}) | mine, status=kind.working)


def job_claim(kind: JobKind, pk: int, *, task_id: str = "") -> bool:
    """Mark the row working for the run ``task_id``; False when it isn't this run's.

    A waiting row is claimed; a working one under a stale claim is taken over, unless it already
    started ``max_starts`` times: then it is failed instead (``never_finished``).
    """
    now, row = timezone.now(), kind.rows(pk)
    if row.filter(status=kind.waiting).update(**_claimed(kind, task_id, now)):
        return True
    if not kind.claimed_by:
        return False  # another run has it (a duplicate message)
    stale = stale_claims(kind, row, task_id=task_id, now=now)
    if kind.max_starts is not None and kind.attempts:  # starts are counted in ``attempts``
        looping = stale.filter(**{f"{kind.attempts}__gte": kind.max_starts}).values_list(kind.attempts, flat=True)
        if (attempts := looping.first()) is not None:
            stale.update(**_failed(kind, kind.never_finished.format(attempts=attempts), now))
            return False
    return bool(stale.update(**_claimed(kind, task_id, now)))


def job_requeue(kind: JobKind, pk: int, *, error: str | None = None) -> None:
    """Put a working row back to waiting after an outage (or a try that is retried), for the
    task's retry or the sweep; ``error`` (when given) says why. Best effort while the database is
    down: the row stays claimed by the task, whose retried message (same id) takes it over."""
    close_broken_connection()
    fields = {"status": kind.waiting, **_stamp(kind, timezone.now())}
    if error is not None:
        fields["error"] = error[: kind.error_max]
    try:
        kind.rows(pk).filter(status=kind.working).update(**fields)
    except DatabaseError:
        close_broken_connection()


def job_fail(kind: JobKind, pk: int, *, error: str) -> None:
    """Record a permanent failure on the row, so the page shows why (the broker is never asked);
    a row in one of ``keep`` stays as it is. A dead connection is dropped first, so the failure
    is written on a fresh one."""
    close_broken_connection()
    kind.rows(pk).exclude(status__in=kind.keep).update(**_failed(kind, error, timezone.now()))


def job_sweep(kind: JobKind, *, older_than_seconds: float) -> int:
    """Take every row left waiting or working (or failed and ``revive``d) since before the cutoff:
    the broker was down or lost the message, or a worker died.

    1. Without a task, they are failed with ``never_finished``; returns how many.
    2. A working row that already started ``max_starts`` times is failed.
    3. The others go back to waiting, each with a conditional update (a worker that took it
       meanwhile wins), and are queued again. Only a row whose message reached the broker is
       stamped and counted: one `queue_now` did not send keeps its old time, so the next sweep
       takes it at once. Returns how many were sent.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    before = {f"{kind.stuck_since}__lt": cutoff}
    stuck = Q(status__in=[kind.waiting, kind.working])
    if kind.revive is not None:
        stuck |= Q(status=kind.failed) & kind.revive
    rows = kind.model.objects.filter(stuck, kind.sweepable, **before)
    if kind.task is None:
        return rows.update(**_failed(kind, kind.never_finished, timezone.now()))
    sent = 0
    for pk, status, attempts in rows.values_list("pk", "status", kind.attempts or "pk"):
        still_stuck = kind.rows(pk).filter(status=status, **before)
        if status == kind.working and kind.max_starts is not None and attempts >= kind.max_starts:
            still_stuck.update(**_failed(kind, kind.never_finished.format(attempts=attempts), timezone.now()))
            continue
        if not still_stuck.update(status=kind.waiting, **({"error": ""} if kind.sweep_clears_error else {})):
            continue  # a worker got to it meanwhile
        if queue_now(kind.task, pk):
            # Stamped after the publish, and only while still waiting: a worker may have claimed it already.
            kind.rows(pk).filter(status=kind.waiting).update(**_stamp(kind, timezone.now()))
            sent += 1
    return sent
