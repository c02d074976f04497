"""Background jobs of the assessments app: report rendering, the stuck-report sweep, impact runs,
sample analysis, baseline runs.

Each takes ids, claims its row, and calls a service. The services import these tasks at module
top to queue them on commit, so each task imports its service inside the function (the one
sanctioned import cycle). Celery's autodiscovery (config/celery.py) registers this module.

Time limits come from the worker's settings (messages carry none: web/task_limits.py):
CELERY_TASK_SOFT_TIME_LIMIT and CELERY_TASK_TIME_LIMIT for every task, except sample analysis,
whose 200,000-line files need minutes, not a report's 90 s (SAMPLE_ANALYSIS_(SOFT_)TIME_LIMIT).
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings

from web.jobs import retry_delay
from web.task_limits import WorkerTimeLimits


def describe_failure(exc: BaseException) -> str:
    """The error as a consultant reads it on the review page."""
    if isinstance(exc, SoftTimeLimitExceeded | TimeLimitExceeded):
        return "Rendering took too long and was stopped (the task's time limit). Try again."
    return f"{type(exc).__name__}: {exc}"


class ReportTask(WorkerTimeLimits):
    """Writes the job's status on the row when the error is permanent, so the UI never has to ask
    the broker what happened. An outage (database or broker) is never a failure: the version goes
    back to the queue, for the next retry or the sweep."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from assessments.reports import services  # the service imports this module

        report_id = args[0] if args else kwargs["report_id"]
        if services.is_transient(exc):
            services.report_requeue(report_id=report_id)
        else:
            services.report_mark_failed(report_id=report_id, error=describe_failure(exc))


@shared_task(bind=True, base=ReportTask, acks_late=True, max_retries=5)
def report_generate_task(self, report_id: int) -> None:
    """Render one queued report. Safe to run twice: the claim lets one run win, and a redelivered
    message whose worker died takes the version over at once (see `report_claim`)."""
    # The report service imports this module to queue the task, so it is imported here.
    from assessments.reports import services

    try:
        if not services.report_claim(report_id=report_id, task_id=self.request.id or ""):
            return
        services.report_render(report_id=report_id)
    except Exception as exc:
        if not services.is_transient(exc):  # permanent: record it on the row, then let Celery log it
            services.report_mark_failed(report_id=report_id, error=describe_failure(exc))
            raise
        # The connection that failed is dead: drop it before any bookkeeping, or the bookkeeping
        # fails on it too. If the database is still down, the row stays claimed by this task id
        # and the retried message (same id) takes it over; failing that, the sweep does.
        services.report_requeue(report_id=report_id)
        if self.request.retries >= self.max_retries:
            return  # still an outage after every retry: the version stays queued for the sweep
        raise self.retry(exc=exc, countdown=retry_delay(10, self.request.retries)) from exc


@shared_task
def report_sweep_task() -> int:
    """Every 5 minutes: re-enqueue reports stuck queued/generating for more than 10 minutes."""
    from assessments.reports.services import report_sweep_stuck  # the service imports this module

    return report_sweep_stuck()


class ImpactTask(WorkerTimeLimits):
    """Writes the failure on the run's row, so the polling page shows it."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from assessments.services.impact import impact_run_mark_failed  # the service imports this module

        run_id = args[0] if args else kwargs["run_id"]
        impact_run_mark_failed(run_id=run_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(bind=True, base=ImpactTask, acks_late=True)
def impact_run_task(self, run_id: int) -> None:
    """Run one queued impact analysis. Safe to run twice: only one run claims the row."""
    from assessments.services.impact import impact_run_claim, impact_run_execute  # the service imports this module

    if not impact_run_claim(run_id=run_id):
        return
    impact_run_execute(run_id=run_id)


class SampleTask(WorkerTimeLimits):
    """Writes the failure on the upload's row (the page shows it with Try again)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from assessments.services.samples import (  # imports this module
            UNEXPECTED,
            sample_mark_failed,
            timed_out_message,
        )

        sample_id = args[0] if args else kwargs["sample_id"]
        timed_out = isinstance(exc, SoftTimeLimitExceeded | TimeLimitExceeded)
        sample_mark_failed(sample_id=sample_id, error=timed_out_message(exc) if timed_out else UNEXPECTED)


@shared_task(
    bind=True,
    base=SampleTask,
    acks_late=True,
    soft_time_limit=settings.SAMPLE_ANALYSIS_SOFT_TIME_LIMIT,
    time_limit=settings.SAMPLE_ANALYSIS_TIME_LIMIT,
)
def sample_analyse_task(self, sample_id: int) -> None:
    """Analyse one uploaded sample, given only its id (the file never passes the broker).
    Safe to run twice: only one run claims the row."""
    from assessments.services.samples import (  # see above
        UNEXPECTED,
        sample_analyse,
        sample_claim,
        sample_mark_failed,
        timed_out_message,
    )

    if not sample_claim(sample_id=sample_id):
        return
    try:
        sample_analyse(sample_id=sample_id)
    except Exception as exc:  # the row says so (never the exception's text: it may quote the file)
        timed_out = isinstance(exc, SoftTimeLimitExceeded)
        sample_mark_failed(sample_id=sample_id, error=timed_out_message(exc) if timed_out else UNEXPECTED)
        raise


@shared_task
def samples_sweep_task() -> int:
    """Every five minutes: queue again analyses whose worker died or whose message was lost."""
    from assessments.services.samples import samples_sweep_stuck  # the service imports this module

    return samples_sweep_stuck()


@shared_task
def impact_sweep_task() -> int:
    """Every five minutes: fail impact runs that stopped without finishing, so the editor says so."""
    from assessments.services.impact import impact_sweep_stuck  # the service imports this module

    return impact_sweep_stuck()


@shared_task
def samples_purge_task() -> int:
    """Hourly: delete raw sample files whose retention has ended."""
    from assessments.services.samples import samples_purge_expired  # the service imports this module

    return samples_purge_expired()


class BaselineTask(WorkerTimeLimits):
    """Writes the failure on the run's row (the page shows it with Resume)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from assessments.services.baseline import baseline_mark_failed  # the service imports this module

        run_id = args[0] if args else kwargs["run_id"]
        baseline_mark_failed(run_id=run_id, error=BASELINE_UNEXPECTED)


BASELINE_UNEXPECTED = "The run stopped on an unexpected error. Resume it: answers already received are not paid again."


@shared_task(
    bind=True,
    base=BaselineTask,
    acks_late=True,
    soft_time_limit=settings.BASELINE_RUN_SOFT_TIME_LIMIT,
    time_limit=settings.BASELINE_RUN_TIME_LIMIT,
)
def baseline_run_task(self, run_id: int) -> None:
    """Run one queued baseline run, given only its id (no case, prompt or key passes the broker).
    Safe to run twice: only one run claims the row; a redelivered message whose worker died takes
    it over and resumes from the response cache."""
    from assessments.services.baseline import baseline_claim, baseline_execute  # the service imports this module

    if not baseline_claim(run_id=run_id, task_id=self.request.id or ""):
        return
    baseline_execute(run_id=run_id)


@shared_task
def baseline_sweep_task() -> int:
    """Every five minutes: queue again runs whose worker died or whose message was lost."""
    from assessments.services.baseline import baseline_sweep_stuck  # the service imports this module

    return baseline_sweep_stuck()
