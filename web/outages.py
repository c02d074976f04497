"""Outages of the database or the broker: telling one from a bug, dropping a dead connection, and
queuing a task after commit without letting a dead broker hold the request.

Below both apps (it names no model), so report rendering and the email outbox share one meaning
of "transient": a database or broker that stopped answering. Work for a task is always a
committed row first and a message second, so a message that never reached the broker is only
late: each kind of row has a sweep that queues it again.
"""

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import structlog
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from kombu.exceptions import OperationalError as BrokerError

if TYPE_CHECKING:  # for the annotations only: importing this module loads no Celery
    from celery import Task

log = structlog.get_logger(__name__)

# After a publish fails, this process stops trying for a while: each further try would wait for
# the broker's timeouts again, and the sweep queues the rows anyway.
BROKER_QUIET_SECONDS = 10.0
_broker_quiet_until = 0.0


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` says the database or the broker is unreachable (worth retrying), not a bug."""
    return isinstance(exc, OperationalError | InterfaceError | BrokerError)


def close_broken_connection() -> None:
    """Drop this thread's database connection so the next query opens a fresh one.

    After the server killed it, every query on the old connection fails ("the connection is
    closed"), bookkeeping included. Inside a transaction it is left to the transaction's owner.
    """
    if connection.in_atomic_block:
        return
    try:
        connection.close()
    except DatabaseError:
        pass  # it was dead already; closing it is all that was wanted


def enqueue_on_commit(task: "Task", *ids: int, unsent: Callable[[], object] | None = None) -> None:
    """Queue `task(*ids)` once the current transaction commits; a broker outage never fails the
    request and never holds it longer than the broker timeouts (BROKER_CONNECT_TIMEOUT,
    BROKER_SOCKET_TIMEOUT).

    The rows the task works on are committed by then, so a message the broker can't take is
    logged (the task name and ids only) and left to the sweep. Work that leaves no row for a sweep
    passes `unsent`, called in the request instead when the message could not be sent.
    """

    def send() -> None:
        if not queue_now(task, *ids) and unsent is not None:
            unsent()

    transaction.on_commit(send)


def queue_now(task: "Task", *ids: int) -> bool:
    """Queue `task(*ids)` now (the rows are committed), or log and leave it to the sweep.

    Returns whether the message went to the broker: False during the quiet period after a failed
    publish and when this publish fails. A sweep stamps and counts a row only when this is True,
    so a row that was not sent is still due at the next sweep.
    """
    global _broker_quiet_until
    # Tasks run inline (CELERY_TASK_ALWAYS_EAGER) never touch the broker, so never wait for it.
    if time.monotonic() < _broker_quiet_until and not task.app.conf.task_always_eager:
        log.warning("task.not_queued", task=task.name, ids=list(ids), reason="broker failed a moment ago")
        return False
    try:
        task.delay(*ids)
    except (BrokerError, ConnectionError, TimeoutError):
        _broker_quiet_until = time.monotonic() + BROKER_QUIET_SECONDS
        log.warning("task.not_queued", task=task.name, ids=list(ids), reason="broker unreachable", exc_info=True)
        return False
    return True
