"""Report versions: request, render, edit (as a new version), retry, sweep.

Every change to a report creates a new Report row (a version) and re-renders it through
`report_generate_task`; earlier versions stay as they were, and a delivered one is frozen.
Delivery is an engagement concern: discovery/engagements/services/delivery.py.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from assessments.models import Assessment, Report
from assessments.reports.docx import document_docx
from assessments.reports.events import report_ready
from assessments.reports.html import document_html
from assessments.reports.paths import frozen_profiles
from assessments.reports.pdf import html_to_pdf
from assessments.reports.sections import report_document
from assessments.reports.selectors import report_newest
from assessments.services.evaluation import assessment_evaluate
from assessments.tasks import report_generate_task
from web.jobs import JobKind, job_claim, job_fail, job_requeue, job_sweep
from web.outages import close_broken_connection, enqueue_on_commit, is_outage


class TransientRenderError(Exception):
    """A failure worth retrying (e.g. the database was busy)."""


def is_transient(exc: BaseException) -> bool:
    """A database or broker outage, or a renderer saying "try again": retried, never a failure."""
    return isinstance(exc, TransientRenderError) or is_outage(exc)


def _next_number(assessment: Assessment) -> int:
    return (assessment.reports.aggregate(n=Max("number"))["n"] or 0) + 1


def _enqueue(report: Report) -> None:
    # A broker that can't take the message leaves the version queued: the sweep sends it again.
    enqueue_on_commit(report_generate_task, report.pk)


def report_request(*, assessment: Assessment, user=None) -> Report:
    """Create the next report version (queued) and render it in the background.

    Carries over the architect's narrative, override and proposed team from the newest
    earlier version, so "regenerate" never loses their edits.
    """
    with transaction.atomic():
        report = _report_create(assessment=assessment, user=user)
        _enqueue(report)
    return report


def report_generate_now(
    *,
    assessment: Assessment,
    user=None,
    engineers=None,
    created_at=None,
    narrative=None,
    traffic: dict | None = None,
    profiles: dict | None = None,
) -> Report:
    """Create the next version and render it in this process (commands, demo data).

    Runs the same task body as the worker, so the claim and failure handling are the same.
    `created_at` back-dates the version (the demo's history), and with it the report's "Prepared"
    and the day its training paths are judged on. `traffic` and `profiles` (a frozen_profiles()
    dict) replace what the version would carry: the demo's recorded figures.
    """
    with transaction.atomic():
        report = _report_create(assessment=assessment, user=user)
        if created_at is not None:
            day = timezone.localdate(created_at) if timezone.is_aware(created_at) else created_at.date()
            Report.objects.filter(pk=report.pk).update(created_at=created_at, profiles_as_of=day)
        if traffic is not None:
            Report.objects.filter(pk=report.pk).update(**traffic)
        if profiles is not None:
            Report.objects.filter(pk=report.pk).update(**profiles)
        if narrative is not None:
            Report.objects.filter(pk=report.pk).update(narrative=narrative)
        if engineers is not None:
            report.proposed_engineers.set(engineers)
    report_generate_task.apply(args=[report.pk], throw=False)
    report.refresh_from_db()
    return report


@transaction.atomic
def _report_create(*, assessment: Assessment, user=None) -> Report:
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    previous = report_newest(assessment_id=assessment.pk)
    report = Report.objects.create(
        assessment=assessment,
        number=_next_number(assessment),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        narrative=previous.narrative if previous else "",
        override_verdict=previous.override_verdict if previous else "",
        override_justification=previous.override_justification if previous else "",
        no_engineers_reason=previous.no_engineers_reason if previous else "",
        **_traffic(previous),
        **frozen_profiles(timezone.localdate()),
    )
    if previous:
        report.proposed_engineers.set(previous.proposed_engineers.all())
    return report


@transaction.atomic
def report_revise(
    *,
    report: Report,
    user,
    narrative: str,
    override_verdict: str,
    override_justification: str,
    engineers,
    include_disagreements: bool = False,
    no_engineers_reason: str = "",
    traffic: dict | None = None,
) -> Report:
    """Save the architect's edits as a new version, re-using the same evaluation snapshot. The
    new version freezes today's provider profiles; ``traffic`` (requests_per_day, prompt_tokens,
    tuned_prompt_tokens, answer_tokens) feeds its cost section, else the previous version's."""
    Assessment.objects.select_for_update().filter(pk=report.assessment_id).first()
    if override_verdict and not override_justification.strip():
        raise ValueError("An override needs a justification.")
    new = Report.objects.create(
        assessment=report.assessment,
        evaluation=report.evaluation,
        number=_next_number(report.assessment),
        created_by=user,
        narrative=narrative,
        override_verdict=override_verdict,
        override_justification=override_justification.strip() if override_verdict else "",
        include_disagreements=include_disagreements,
        no_engineers_reason=no_engineers_reason.strip(),
        **(traffic if traffic is not None else _traffic(report)),
        **frozen_profiles(timezone.localdate()),
    )
    new.proposed_engineers.set(engineers)
    _enqueue(new)
    return new


TRAFFIC_FIELDS = ("requests_per_day", "prompt_tokens", "tuned_prompt_tokens", "answer_tokens")


def _traffic(report: Report | None) -> dict:
    """The client's traffic as the previous version had it (carried into the next one)."""
    return {name: getattr(report, name) for name in TRAFFIC_FIELDS} if report else {}


class ReportErased(Exception):
    """The version's personal data was erased (GDPR): nothing renders it again."""


def report_render(*, report_id: int) -> Report:
    """Evaluate (if this version has no snapshot yet), build the report's document once, render
    it as HTML, PDF and Word, store them, mark ready.

        The files are written, then the row is committed; if anything fails after a file was written
        (the database went away, the time limit struck), the files are deleted again, so a failed run
        leaves nothing behind in storage and the next attempt writes under the same names.
    """
    report = Report.objects.select_related("assessment").get(pk=report_id)
    if report.erased_at is not None:
        # Queued before the contact's data was erased: rendering now would write it back.
        raise ReportErased(f"Report {report_id} was erased; it is not rendered again.")
    if report.evaluation_id is None:
        report.evaluation = assessment_evaluate(assessment=report.assessment)
        report.save(update_fields=["evaluation"])
    document = report_document(report)
    html = document_html(document)
    pdf = html_to_pdf(html)
    docx = document_docx(document)
    written = []
    try:
        with transaction.atomic():
            report.html = html
            report.pdf.save(f"report-{report.assessment_id}-v{report.number}.pdf", ContentFile(pdf), save=False)
            written.append(report.pdf)
            _store_docx(report, docx)
            written.append(report.docx)
            # Erased while this render ran: keep nothing (the files go in the except below).
            if Report.objects.select_for_update().values_list("erased_at", flat=True).get(pk=report_id):
                raise ReportErased(f"Report {report_id} was erased while it rendered; nothing is kept.")
            report.status = Report.READY
            report.error = ""
            report.status_changed_at = timezone.now()
            report.save(update_fields=["html", "pdf", "docx", "status", "error", "status_changed_at"])
            # In the same transaction, so what listens (the engagement side's webhooks) writes
            # its rows exactly when the version is ready.
            report_ready.send(sender=Report, report=report)
    except BaseException:
        for file in written:
            _delete_quietly(file)
        raise
    return report


def _store_docx(report: Report, docx: bytes) -> None:
    """Put the Word file in storage beside the PDF; the row saves its name with the rest."""
    report.docx.save(f"report-{report.assessment_id}-v{report.number}.docx", ContentFile(docx), save=False)


def _delete_quietly(file) -> None:
    try:
        file.storage.delete(file.name)
    except Exception:  # noqa: S110 - storage unreachable too: the orphan is harmless, the first error matters
        pass


# A version that started rendering this many times and never finished (the worker was killed,
# or the hard time limit struck without the failure being recorded) is failed, not retried forever.
SWEEP_MAX_ATTEMPTS = 3
NEVER_FINISHED = (
    "Rendering started {attempts} times and never finished (the worker stopped or ran out of time). "
    "Try again; if it fails again, the answers may hold something the renderer can't handle."
)
# Its lifecycle (web/jobs.py). Versions failed by a database outage (recorded by earlier releases,
# which failed them) are swept back into the queue too.
REPORT_JOB = JobKind(
    model=Report,
    waiting=Report.QUEUED,
    working=Report.GENERATING,
    failed=Report.FAILED,
    task=report_generate_task,
    claimed_by="claimed_by",
    max_starts=SWEEP_MAX_ATTEMPTS,
    never_finished=NEVER_FINISHED,
    keep=(Report.ERASED,),
    revive=Q(error__startswith="OperationalError:") | Q(error__startswith="InterfaceError:"),
    sweep_clears_error=True,
)


def report_mark_failed(*, report_id: int, error: str) -> None:
    """Record a permanent failure on the version (the consultant sees it and can try again); an
    erased version stays erased (a render caught by the erasure ends here too)."""
    job_fail(REPORT_JOB, report_id, error=error)


def report_requeue(*, report_id: int) -> None:
    """Put a version whose render hit an outage back in the queue; it is never failed for one.

    Best effort: when the database is still down, the version stays claimed by the task, whose
    retried message (same task id) takes it over; failing that, the sweep does.
    """
    close_broken_connection()  # the render's dead connection goes first (job_requeue's own close is then a no-op)
    job_requeue(REPORT_JOB, report_id)


def report_claim(*, report_id: int, task_id: str) -> bool:
    """Mark the version generating for the run `task_id`; False when it isn't this run's to render.

    A queued version is claimed, a generating one under a stale claim taken over (web/jobs.py);
    a stale claim that already started SWEEP_MAX_ATTEMPTS times is failed instead, so a render
    that kills its worker every time can't loop.
    """
    return job_claim(REPORT_JOB, report_id, task_id=task_id)


def report_retry(*, report: Report) -> bool:
    """Put a failed report back in the queue, with a fresh count of attempts.

    Returns False (and does nothing) when the version is not failed, e.g. a second click.
    """
    if Report.objects.filter(pk=report.pk, status=Report.FAILED).update(
        status=Report.QUEUED, error="", attempts=0, status_changed_at=timezone.now()
    ):
        _enqueue(report)
        return True
    return False


def report_sweep_stuck(*, older_than_seconds: int = 600) -> int:
    """Re-enqueue reports left queued or generating (a worker died, the broker lost a message or
    was down when it was sent), and those failed by an outage before outages were retried; one
    generating that already started SWEEP_MAX_ATTEMPTS times is failed instead, so a render that
    always kills its worker can't loop (web/jobs.py). Returns how many were sent to the broker."""
    return job_sweep(REPORT_JOB, older_than_seconds=older_than_seconds)
