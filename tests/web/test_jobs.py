"""The one job-row lifecycle (web/jobs.py), shown on outbox emails, report versions and impact runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import ImpactRun, Report
from assessments.reports.services import NEVER_FINISHED, REPORT_JOB
from assessments.selectors import published_criteria_set
from assessments.services.impact import IMPACT_JOB, STOPPED
from discovery.engagements.services.outbox import EMAIL_JOB
from discovery.models import OutgoingEmail
from tests.assessments.reports.factories import make_assessment
from tests.discovery.engagement_factories import make_engagement
from web import jobs
from web.jobs import job_claim, job_fail, job_requeue, job_sweep, retry_delay

pytestmark = pytest.mark.django_db
PENDING, SENDING = OutgoingEmail.PENDING, OutgoingEmail.SENDING


def email(status=PENDING, **fields) -> OutgoingEmail:
    row = OutgoingEmail.objects.create(kind=OutgoingEmail.CLIENT_LINK, engagement=make_engagement("Jobs"))
    OutgoingEmail.objects.filter(pk=row.pk).update(status=status, **fields)
    row.refresh_from_db()
    return row


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def test_of_two_runs_only_the_first_claims_a_waiting_row():
    row = email()
    assert job_claim(EMAIL_JOB, row.pk, task_id="a")
    assert not job_claim(EMAIL_JOB, row.pk, task_id="b")
    row.refresh_from_db()
    assert (row.status, row.claimed_by, row.attempts) == (SENDING, "a", 1)


def test_a_claim_is_taken_over_by_its_own_redelivered_task_or_past_the_hard_time_limit(settings):
    row = email()
    job_claim(EMAIL_JOB, row.pk, task_id="a")
    assert not job_claim(EMAIL_JOB, row.pk, task_id="b")  # a live run holds it
    assert job_claim(EMAIL_JOB, row.pk, task_id="a")  # redelivered: its worker died
    OutgoingEmail.objects.filter(pk=row.pk).update(status_changed_at=ago(settings.CELERY_TASK_TIME_LIMIT + 1))
    assert job_claim(EMAIL_JOB, row.pk, task_id="b")  # its run must be dead
    row.refresh_from_db()
    assert (row.claimed_by, row.attempts) == ("b", 3)


def test_a_stale_claim_that_started_max_starts_times_is_failed_not_taken_over(settings):
    report = Report.objects.create(assessment=make_assessment(), number=1)
    Report.objects.filter(pk=report.pk).update(
        status=Report.GENERATING,
        claimed_by="a",
        attempts=REPORT_JOB.max_starts,
        status_changed_at=ago(settings.CELERY_TASK_TIME_LIMIT + 1),
    )
    assert not job_claim(REPORT_JOB, report.pk, task_id="b")
    report.refresh_from_db()
    assert report.status == Report.FAILED
    assert report.error == NEVER_FINISHED.format(attempts=REPORT_JOB.max_starts)


def test_requeue_puts_back_only_a_working_row_and_fail_keeps_what_it_must():
    working, sent = email(SENDING), email(OutgoingEmail.SENT)
    job_requeue(EMAIL_JOB, working.pk, error="ConnectionRefusedError: ")
    job_requeue(EMAIL_JOB, sent.pk, error="nope")
    job_fail(EMAIL_JOB, sent.pk, error="refused")
    working.refresh_from_db(), sent.refresh_from_db()
    assert (working.status, working.error) == (PENDING, "ConnectionRefusedError: ")
    assert (sent.status, sent.error) == (OutgoingEmail.SENT, "")


def test_the_sweep_stamps_and_counts_only_the_rows_it_sent(monkeypatch):
    long_ago = ago(3600)
    sent, unsent, fresh = email(status_changed_at=long_ago), email(SENDING, status_changed_at=long_ago), email()
    queued = []
    monkeypatch.setattr(jobs, "queue_now", lambda task, pk: queued.append(pk) or pk == sent.pk)
    assert job_sweep(EMAIL_JOB, older_than_seconds=300) == 1
    assert sorted(queued) == sorted([sent.pk, unsent.pk])  # the fresh one is not due
    for row in (sent, unsent, fresh):
        row.refresh_from_db()
    assert sent.status == PENDING and sent.status_changed_at > long_ago
    assert unsent.status == PENDING and unsent.status_changed_at == long_ago  # due again at the next sweep


def test_the_sweep_fails_a_row_past_max_starts_instead_of_queuing_it(monkeypatch):
    report = Report.objects.create(assessment=make_assessment(), number=1)
    Report.objects.filter(pk=report.pk).update(
        status=Report.GENERATING, attempts=REPORT_JOB.max_starts, status_changed_at=ago(3600)
    )
    queued = []
    monkeypatch.setattr(jobs, "queue_now", lambda task, pk: queued.append(pk) or True)
    assert job_sweep(REPORT_JOB, older_than_seconds=600) == 0
    report.refresh_from_db()
    assert report.status == Report.FAILED and queued == []


def test_a_kind_without_a_task_is_failed_by_the_sweep():
    criteria_set = published_criteria_set()
    stuck = ImpactRun.objects.create(criteria_set=criteria_set, created_at=ago(3600))
    running = ImpactRun.objects.create(criteria_set=criteria_set, status=ImpactRun.RUNNING)
    assert job_sweep(IMPACT_JOB, older_than_seconds=600) == 1
    stuck.refresh_from_db(), running.refresh_from_db()
    assert (stuck.status, stuck.error) == (ImpactRun.FAILED, STOPPED) and stuck.finished_at is not None
    assert running.status == ImpactRun.RUNNING


def test_retry_delay_doubles_and_spreads_retries_over_the_upper_half_of_each_wait():
    for retries, doubled in ((0, 30), (1, 60), (4, 480)):
        waits = {retry_delay(30, retries) for _ in range(200)}
        assert min(waits) >= doubled // 2 and max(waits) <= doubled
        # Messages an outage failed together come back spread out, not in the same second.
        assert len(waits) > 5
