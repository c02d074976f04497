"""Time limits are the worker's: every task of ours publishes its message without them.

Celery copies a task's limits into each message from the settings of the process that sends it,
and the worker obeys the message over its own settings. A web process with other limits than
the worker (limits are a worker concern, so that is how they get set) would then decide how long
a render may take: every Try again sent from it failed on its limits however the worker was set.
With no limits in the message the worker applies its own: CELERY_TASK_(SOFT_)TIME_LIMIT for
every task, SAMPLE_ANALYSIS_(SOFT_)TIME_LIMIT for sample analysis (assessments/tasks.py).
"""

from typing import Any

from celery import Task
from celery.result import AsyncResult


class WorkerTimeLimits(Task):  # type: ignore[misc]  # celery ships no type hints, so its Task is Any
    """The base of every task (config/celery.py names it the app's task class)."""

    def apply_async(
        self,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        task_id: str | None = None,
        producer: Any = None,
        link: Any = None,
        link_error: Any = None,
        **options: Any,
    ) -> AsyncResult:
        # An explicit None clears the limit Celery would copy from this process's settings.
        options.setdefault("time_limit", None)
        options.setdefault("soft_time_limit", None)
        return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
