"""Writes for uploaded training samples and eval sets: accept (checked at once), analyse (the
worker), fail, try again, and delete raw files once they have served.

Privacy rules kept here, in one place: the raw file is stored under a random name, read only
by the worker through the storage API, deleted once analysed (or SAMPLE_RETENTION_DAYS later),
never put in a task message (the task gets the row's id) nor in a log line. Only the
analysis's aggregates and line numbers are kept, and the prompts' fingerprints (hashes from
which no text can be recovered) for checking a later eval set for contamination.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import Assessment, SampleFingerprints, SampleUpload
from assessments.samples import (
    CONTAMINATION_FACTS,
    JSONL_SUFFIXES,
    SNIFF_BYTES,
    Limits,
    UnreadableSample,
    analyse,
    contamination,
    contamination_facts,
    measured_facts,
    sniff_head,
)
from assessments.selectors import provider_profiles
from assessments.tasks import sample_analyse_task
from web.jobs import JobKind, job_claim, job_fail, job_sweep
from web.outages import enqueue_on_commit
from web.refusals import Refused

SUFFIXES = (*sorted(JSONL_SUFFIXES), ".csv")
COLUMN_MAX = 100
UNEXPECTED = "The analysis stopped unexpectedly (nothing from your file was kept). Try again."
TIMED_OUT = "The analysis took too long and was stopped. Try again, or send a smaller sample."
TIMED_OUT_AT = (
    "The analysis took too long and was stopped while reading line {line:,}. Check that line (and the ones "
    "near it) for unusually long text, or send a smaller sample."
)


def timed_out_message(exc: BaseException) -> str:
    """The time-limit failure in words, naming the line the pass had reached when it knows it."""
    line = getattr(exc, "analysed_line", None)
    return TIMED_OUT_AT.format(line=line) if line else TIMED_OUT


NEVER_FINISHED = (
    "The analysis started {attempts} times and never finished (the worker stopped). Try again, or send a "
    "smaller sample."
)
SWEEP_MAX_ATTEMPTS = 2


def _failed_also(now) -> dict:
    # A file kept for Try again is still deleted within the retention period (at least a day).
    return {"delete_file_after": now + timedelta(days=max(settings.SAMPLE_RETENTION_DAYS, 1))}


# Its lifecycle (web/jobs.py): no claim to take over (a run is not retried), so one left
# analysing is queued again by the sweep, and failed once it started SWEEP_MAX_ATTEMPTS times;
# an upload whose file is gone can't run and is not swept.
SAMPLE_JOB = JobKind(
    model=SampleUpload,
    waiting=SampleUpload.QUEUED,
    working=SampleUpload.ANALYSING,
    failed=SampleUpload.FAILED,
    task=sample_analyse_task,
    max_starts=SWEEP_MAX_ATTEMPTS,
    never_finished=NEVER_FINISHED,
    error_max=1000,
    failed_also=_failed_also,
    sweepable=~Q(file=""),
)


class SampleRefused(Refused):
    """The upload can't be accepted; the message says why, for the person uploading."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _count_lines(upload: UploadedFile) -> int:
    lines, last = 0, b"\n"
    for chunk in upload.chunks():
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
    return lines + (0 if last == b"\n" else 1)


def sample_upload_check(*, upload: UploadedFile) -> tuple[str, int]:
    """(suffix, line count) of an acceptable upload, or SampleRefused saying why not.

    1. Size: over SAMPLE_MAX_BYTES is refused before anything is stored.
    2. Type: the name ends .jsonl/.json/.ndjson/.csv and the first bytes agree (not empty, not
       binary or an archive, not CSV named .jsonl): the analyser's own sniff.
    3. Lines: over SAMPLE_MAX_LINES is refused.
    """
    if upload is None or not upload.name:
        raise SampleRefused("Choose a file to upload.")
    if upload.size > settings.SAMPLE_MAX_BYTES:
        raise SampleRefused(
            f"The file is {_mb(upload.size)}; the limit is {_mb(settings.SAMPLE_MAX_BYTES)}. "
            "Send a smaller sample (a few thousand examples is plenty to measure). Nothing was stored."
        )
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SampleRefused(
            f"Upload a JSON Lines (.jsonl) or CSV (.csv) file; “{suffix or 'no extension'}” isn't one of them. "
            "Nothing was stored."
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        sniff_head(head, suffix)
    except UnreadableSample as exc:
        raise SampleRefused(f"This file can't be analysed: {exc}. Nothing was stored.") from exc
    lines = _count_lines(upload)
    upload.seek(0)
    if lines > settings.SAMPLE_MAX_LINES:
        raise SampleRefused(
            f"The file has {lines:,} lines; the limit is {settings.SAMPLE_MAX_LINES:,}. "
            "Send a smaller sample. Nothing was stored."
        )
    return suffix, lines


def _columns(suffix: str, input_column: str, output_column: str) -> dict:
    if suffix != ".csv":
        return {}
    columns = {}
    for role, name in (("input", input_column), ("output", output_column)):
        name = (name or "").strip()
        if len(name) > COLUMN_MAX or any(c in name for c in ",="):
            raise SampleRefused(f"The {role} column name must be a header of the CSV file, without commas.")
        if name:
            columns[role] = name
    return columns


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def sample_upload_allowance(*, assessment: Assessment, size: int) -> None:
    """SampleRefused when one more file of ``size`` bytes would take the assessment over its
    hourly upload limits (SAMPLE_UPLOADS_PER_HOUR files, SAMPLE_UPLOAD_BYTES_PER_HOUR bytes), so
    one client can't fill the analysis queue; the message says when the next upload fits. The
    caller holds the assessment's row lock, so two uploads at once can't both take the last place."""
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        SampleUpload.objects.filter(assessment=assessment, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", "size_bytes")
    )
    most_files, most_bytes = settings.SAMPLE_UPLOADS_PER_HOUR, settings.SAMPLE_UPLOAD_BYTES_PER_HOUR
    if len(recent) >= most_files:
        when = recent[len(recent) - most_files][0] + timedelta(hours=1)
        raise SampleRefused(
            f"This assessment has had {len(recent)} file{'' if len(recent) == 1 else 's'} uploaded in the last hour, "
            "the most we analyse per hour. "
            f"Try again after {_at(when)}. Nothing was stored."
        )
    used = sum(size_bytes for _, size_bytes in recent)
    if used + size > most_bytes:
        if size > most_bytes:
            when = None
        else:
            # The earliest moment enough of the last hour's uploads have aged out for this file.
            freed, when = 0, None
            for created_at, size_bytes in recent:
                freed += size_bytes
                if used - freed + size <= most_bytes:
                    when = created_at + timedelta(hours=1)
                    break
        later = f"Try again after {_at(when)}" if when else "Send a smaller sample"
        raise SampleRefused(
            f"This assessment has uploaded {_mb(used)} in the last hour; with this file that would pass the "
            f"hourly limit of {_mb(most_bytes)}. {later}. Nothing was stored."
        )


@transaction.atomic
def sample_upload_create(
    *,
    assessment: Assessment,
    kind: str,
    upload: UploadedFile,
    input_column: str = "",
    output_column: str = "",
    user=None,
    label: str = "",
) -> SampleUpload:
    """Check ``upload`` at once, store it under a random name and queue its analysis."""
    if kind not in dict(SampleUpload.KINDS):
        raise SampleRefused("Unknown kind of file.")
    if upload is not None:
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()  # one upload at a time
        sample_upload_allowance(assessment=assessment, size=upload.size)
    suffix, lines = sample_upload_check(upload=upload)
    sample = SampleUpload(
        assessment=assessment,
        kind=kind,
        original_name=Path(upload.name).name[:200],
        size_bytes=upload.size,
        total_lines=lines,
        columns=_columns(suffix, input_column, output_column),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        uploaded_by_label=label[:200],
    )
    sample.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    sample.save()
    enqueue_on_commit(sample_analyse_task, sample.pk)  # the id only, never the file
    return sample


def sample_retry(*, sample: SampleUpload) -> bool:
    """Queue a failed analysis again, with a fresh count of attempts, when its file is still held;
    False when it isn't (the person uploads the file again)."""
    if sample.status != SampleUpload.FAILED or not sample.file:
        return False
    if not SampleUpload.objects.filter(pk=sample.pk, status=SampleUpload.FAILED).update(
        status=SampleUpload.QUEUED, error="", progress_lines=0, attempts=0, status_changed_at=timezone.now()
    ):
        return False
    enqueue_on_commit(sample_analyse_task, sample.pk)
    return True


def _local_copy(field, directory: str, name: str) -> Path:
    """The stored file copied to a local path the analyser can stream (storage may be S3)."""
    target = Path(directory) / name
    with field.open("rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    return target


def sample_claim(*, sample_id: int) -> bool:
    """Take a queued upload for analysis; False when another run already has it (a duplicate
    message), so only one worker analyses a file."""
    return job_claim(SAMPLE_JOB, sample_id)


def sample_analyse(*, sample_id: int) -> SampleUpload:
    """Analyse one claimed upload and keep its findings, facts and prompt fingerprints.

    1. Copy the stored file into a private temporary folder (removed afterwards) and analyse
       it, writing progress on the row as lines are read.
    2. Keep aggregates, line numbers and the prompts' fingerprints (hashes, no text); delete the
       raw file unless retention keeps it.
    3. Check the assessment's eval set against its training sample again (either may be new).
    An unreadable file fails with the analyser's reason and is deleted at once.
    """
    sample = SampleUpload.objects.get(pk=sample_id)
    limits = Limits(max_line_bytes=settings.SAMPLE_MAX_LINE_BYTES, max_lines=settings.SAMPLE_MAX_LINES)

    def progress(lines: int) -> None:
        SampleUpload.objects.filter(pk=sample_id).update(progress_lines=lines)

    suffix = Path(sample.file.name).suffix
    try:
        with tempfile.TemporaryDirectory(prefix="sample-") as directory:
            analysis = analyse(
                _local_copy(sample.file, directory, f"sample{suffix}"),
                kind=sample.kind,
                columns=sample.columns,
                limits=limits,
                near_threshold=settings.SAMPLE_NEAR_DUPLICATE_THRESHOLD,
                profiles=provider_profiles(),
                progress=progress,
            )
    except UnreadableSample as exc:
        sample_mark_failed(sample_id=sample_id, error=f"This file can't be analysed: {exc}.", delete_file=True)
        return SampleUpload.objects.get(pk=sample_id)
    facts = measured_facts(training=analysis) if sample.kind == "training" else measured_facts(evals=analysis)
    now = timezone.now()
    with transaction.atomic():
        # An erasure while this ran deleted the file: keep the counts, but no fingerprints.
        if SampleUpload.objects.select_for_update().filter(pk=sample_id).exclude(file="").exists():
            SampleFingerprints.objects.update_or_create(
                sample_id=sample_id,
                defaults={"data": analysis.fingerprints.to_bytes(), "count": len(analysis.fingerprints)},
            )
        SampleUpload.objects.filter(pk=sample_id).update(
            status=SampleUpload.ANALYSED,
            findings=analysis.to_dict(),
            facts=facts,
            error="",
            progress_lines=analysis.lines,
            analysed_at=now,
            status_changed_at=now,
            delete_file_after=now + timedelta(days=settings.SAMPLE_RETENTION_DAYS),
        )
    if settings.SAMPLE_RETENTION_DAYS <= 0:
        sample_file_delete(sample_id=sample_id)
    sample_contamination_check(assessment=sample.assessment)
    return SampleUpload.objects.get(pk=sample_id)


def _fingerprints_of(sample: SampleUpload):
    stored = SampleFingerprints.objects.filter(sample=sample).first()
    return stored.load() if stored is not None else None


def _newest_fingerprinted(assessment, kind: str) -> SampleUpload | None:
    analysed = SampleUpload.objects.filter(assessment=assessment, kind=kind, status=SampleUpload.ANALYSED)
    return analysed.filter(fingerprints__isnull=False).order_by("-created_at", "-pk").first()


@transaction.atomic
def sample_contamination_check(*, assessment: Assessment) -> None:
    """Check the newest analysed eval set against the newest analysed training sample, from the
    fingerprints both left (their files may be gone), and write the result on the eval set's
    findings and facts; "not checked" when there is no training sample to check against.

    The eval set's row is locked, so when both finish at once the later check sees both.
    """
    newest = _newest_fingerprinted(assessment, SampleUpload.EVAL)
    if newest is None:
        return
    # Locked on its own: PostgreSQL refuses FOR UPDATE across the outer join select_related makes.
    evals = SampleUpload.objects.select_for_update().get(pk=newest.pk)
    training = _newest_fingerprinted(assessment, SampleUpload.TRAINING)
    known = _fingerprints_of(training) if training is not None else None
    cases = _fingerprints_of(evals)
    found = None
    if known is not None and cases is not None:
        found = contamination(cases, known, settings.SAMPLE_NEAR_DUPLICATE_THRESHOLD)
    findings = dict(evals.findings or {}, contaminated=found)
    facts = {name: value for name, value in evals.facts.items() if name not in CONTAMINATION_FACTS}
    SampleUpload.objects.filter(pk=evals.pk).update(findings=findings, facts=facts | contamination_facts(found))


def sample_mark_failed(*, sample_id: int, error: str, delete_file: bool = False) -> None:
    """Write the failure on the row, so the page shows why (the broker is never asked). A
    file kept for Try again is still deleted within the retention period (at least a day)."""
    job_fail(SAMPLE_JOB, sample_id, error=error)
    if delete_file:
        sample_file_delete(sample_id=sample_id)


def sample_file_delete(*, sample_id: int) -> None:
    """Delete the raw file from storage; the row keeps only what the analysis found."""
    sample = SampleUpload.objects.filter(pk=sample_id).first()
    if sample is None or not sample.file:
        return
    sample.file.delete(save=False)
    SampleUpload.objects.filter(pk=sample_id).update(file="", file_deleted_at=timezone.now())


def samples_purge_expired() -> int:
    """Delete every raw file whose retention has ended (beat runs this hourly). Returns how many."""
    expired = SampleUpload.objects.exclude(file="").filter(delete_file_after__lte=timezone.now())
    ids = list(expired.exclude(status__in=[SampleUpload.QUEUED, SampleUpload.ANALYSING]).values_list("pk", flat=True))
    for sample_id in ids:
        sample_file_delete(sample_id=sample_id)
    return len(ids)


def samples_sweep_stuck(*, older_than_seconds: int | None = None) -> int:
    """Every few minutes: uploads left queued (the broker lost the message or was down) or
    analysing past the task's hard time limit (its worker died) are queued again; one that
    already started SWEEP_MAX_ATTEMPTS times fails with Try again, so a file that kills its
    worker can't loop. Returns how many were sent to the broker; only those are stamped, so an
    upload `queue_now` could not send is taken again by the next sweep (web/jobs.py)."""
    older_than_seconds = older_than_seconds or sample_analyse_task.time_limit + 60
    return job_sweep(SAMPLE_JOB, older_than_seconds=older_than_seconds)
