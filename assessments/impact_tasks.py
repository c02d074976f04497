"""Background job for impact analysis: takes an ImpactRun id, claims it, calls the service."""

from celery import Task, shared_task


class ImpactTask(Task):
    """Writes the failure on the run's row, so the polling page shows it."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from assessments.services.impact import impact_run_mark_failed

        run_id = args[0] if args else kwargs["run_id"]
        impact_run_mark_failed(run_id=run_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(bind=True, base=ImpactTask, acks_late=True)
def impact_run_task(self, run_id: int) -> None:
    """Run one queued impact analysis. Safe to run twice: only one run claims the row."""
    from assessments.models import ImpactRun
    from assessments.services.impact import impact_run_execute

    if not ImpactRun.objects.filter(pk=run_id, status=ImpactRun.QUEUED).update(status=ImpactRun.RUNNING):
        return
    impact_run_execute(run_id=run_id)
