from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded, TimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import Report
from assessments.reports.services import TransientRenderError, report_request, report_retry, report_sweep_stuck
from assessments.tasks import report_generate_task
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db(transaction=True)


def test_requesting_a_report_renders_it_with_the_computed_verdict():
    report = report_request(assessment=make_assessment("fine_tune"))
    report.refresh_from_db()
    assert report.status == Report.READY
    assert report.evaluation.verdict == "fine_tune"
    assert report.pdf.read().startswith(b"%PDF")
    assert "Fine-tune now" in report.html


def test_running_the_task_twice_renders_one_version_once():
    report = report_request(assessment=make_assessment())
    report.refresh_from_db()
    first_html = report.html
    with mock.patch("assessments.reports.services.report_render") as render:
        report_generate_task.delay(report.pk)
    render.assert_not_called()
    assert Report.objects.filter(assessment=report.assessment).count() == 1
    report.refresh_from_db()
    assert report.attempts == 1 and report.html == first_html


def test_a_renderer_that_raises_marks_the_report_failed_with_the_error_and_retry_recovers():
    assessment = make_assessment()
    with mock.patch("assessments.reports.html.render_to_string", side_effect=ValueError("template broke")):
        with pytest.raises(ValueError, match="template broke"):
            report = report_request(assessment=assessment)
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.FAILED
    assert "template broke" in report.error
    report_retry(report=report)
    report.refresh_from_db()
    assert report.status == Report.READY and report.error == ""
    assert report.attempts == 1  # counted afresh from the retry
    assert report.pdf.read().startswith(b"%PDF")


def test_a_transient_error_puts_the_report_back_in_the_queue_for_a_retry_with_backoff():
    assessment = make_assessment()
    with mock.patch("assessments.reports.services.html_to_pdf", side_effect=TransientRenderError("database busy")):
        with pytest.raises(Retry) as retry:
            report_request(assessment=assessment)
    assert 5 <= retry.value.when <= 10
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.QUEUED and report.attempts == 1
    report_generate_task.delay(report.pk)  # what the broker does after the countdown
    report.refresh_from_db()
    assert report.status == Report.READY and report.attempts == 2


def test_the_sweep_re_enqueues_reports_stuck_generating_past_the_timeout():
    assessment = make_assessment()
    stuck = Report.objects.create(assessment=assessment, number=1, status=Report.GENERATING)
    Report.objects.filter(pk=stuck.pk).update(status_changed_at=timezone.now() - timedelta(hours=1))
    fresh = Report.objects.create(assessment=make_assessment(organisation="Other"), number=1, status=Report.QUEUED)
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 1
    delay.assert_called_once_with(stuck.pk)
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == Report.QUEUED and fresh.status == Report.QUEUED


def test_the_swept_report_is_then_rendered():
    assessment = make_assessment()
    stuck = Report.objects.create(assessment=assessment, number=1, status=Report.GENERATING)
    Report.objects.filter(pk=stuck.pk).update(status_changed_at=timezone.now() - timedelta(hours=1))
    report_sweep_stuck()
    stuck.refresh_from_db()
    assert stuck.status == Report.READY


def test_a_new_request_is_the_next_version_and_keeps_the_architects_edits():
    assessment = make_assessment()
    first = report_request(assessment=assessment)
    Report.objects.filter(pk=first.pk).update(
        narrative="Our view", override_verdict="not_yet", override_justification="Data is thin"
    )
    second = report_request(assessment=assessment)
    second.refresh_from_db()
    assert second.number == 2 and second.narrative == "Our view" and second.override_verdict == "not_yet"


def _stuck(assessment, *, status=Report.GENERATING, attempts=1, minutes=60):
    report = Report.objects.create(assessment=assessment, number=1, status=status, attempts=attempts)
    Report.objects.filter(pk=report.pk).update(status_changed_at=timezone.now() - timedelta(minutes=minutes))
    return report


def test_the_sweep_re_enqueues_a_report_the_broker_lost_while_queued():
    stuck = _stuck(make_assessment(), status=Report.QUEUED, attempts=0)
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 1
    delay.assert_called_once_with(stuck.pk)


def test_the_sweep_fails_a_report_that_never_finished_after_three_starts_instead_of_looping():
    stuck = _stuck(make_assessment(), attempts=3)
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 0
    delay.assert_not_called()
    stuck.refresh_from_db()
    assert stuck.status == Report.FAILED
    assert "started 3 times and never finished" in stuck.error
    report_retry(report=stuck)  # the consultant's "Try again" still works
    stuck.refresh_from_db()
    assert stuck.status == Report.READY and stuck.attempts == 1


def test_the_sweep_leaves_alone_a_report_a_worker_finished_since_it_looked():
    stuck = _stuck(make_assessment())
    real_filter = Report.objects.filter

    def finish_first(*args, **kwargs):
        # A worker marks the report ready between the sweep's query and its update.
        if "pk" in kwargs:
            Report.objects.all().update(status=Report.READY)
        return real_filter(*args, **kwargs)

    with mock.patch.object(Report.objects, "filter", side_effect=finish_first):
        with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
            assert report_sweep_stuck(older_than_seconds=600) == 0
    delay.assert_not_called()
    stuck.refresh_from_db()
    assert stuck.status == Report.READY


def test_a_render_stopped_by_the_soft_time_limit_fails_with_a_plain_message():
    assessment = make_assessment()
    with mock.patch("assessments.reports.services.html_to_pdf", side_effect=SoftTimeLimitExceeded()):
        with pytest.raises(SoftTimeLimitExceeded):
            report_request(assessment=assessment)
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.FAILED and "took too long and was stopped" in report.error


def test_a_worker_killed_by_the_hard_time_limit_still_records_the_failure_on_the_row():
    # Celery calls the task's on_failure from the worker's parent process when it kills a child.
    report = Report.objects.create(assessment=make_assessment(), number=1, status=Report.GENERATING)
    report_generate_task.on_failure(TimeLimitExceeded(120), "task-id", (report.pk,), {}, None)
    report.refresh_from_db()
    assert report.status == Report.FAILED and "took too long and was stopped" in report.error


def test_the_task_has_late_acknowledgement_and_takes_its_time_limits_from_settings():
    from django.conf import settings

    assert report_generate_task.acks_late is True
    assert report_generate_task.soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert report_generate_task.time_limit == settings.CELERY_TASK_TIME_LIMIT


def test_a_database_outage_mid_render_puts_the_version_back_in_the_queue_and_retries_instead_of_failing():
    assessment = make_assessment()
    outage = OperationalError("the connection is closed")
    with mock.patch("assessments.reports.services.html_to_pdf", side_effect=outage):
        with mock.patch("assessments.reports.services.close_broken_connection") as close:
            with pytest.raises(Retry) as retry:
                report_request(assessment=assessment)
    close.assert_called()  # before the bookkeeping, which would fail on the dead connection
    assert 5 <= retry.value.when <= 10
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.QUEUED and report.error == ""


def test_an_outage_after_the_pdf_was_written_leaves_no_file_behind_and_the_retry_writes_it_once(settings):
    assessment = make_assessment()
    with mock.patch("assessments.reports.services._store_docx", side_effect=OperationalError("gone")):
        with pytest.raises(Retry):
            report_request(assessment=assessment)
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    report = Report.objects.get(assessment=assessment)
    report_generate_task.delay(report.pk)
    report.refresh_from_db()
    assert report.status == Report.READY
    files = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert files == [f"report-{assessment.pk}-v1.docx", f"report-{assessment.pk}-v1.pdf"]


def test_an_outage_outlasting_every_retry_leaves_the_version_queued_for_the_sweep():
    report = Report.objects.create(assessment=make_assessment(), number=1)
    with mock.patch("assessments.reports.services.html_to_pdf", side_effect=OperationalError("down")):
        report_generate_task.apply(args=[report.pk], retries=report_generate_task.max_retries)
    report.refresh_from_db()
    assert report.status == Report.QUEUED and report.error == ""


def test_a_broker_outage_reported_by_celery_requeues_the_version_instead_of_failing_it():
    report = Report.objects.create(assessment=make_assessment(), number=1, status=Report.GENERATING)
    report_generate_task.on_failure(BrokerError("connection refused"), "task-id", (report.pk,), {}, None)
    report.refresh_from_db()
    assert report.status == Report.QUEUED and report.error == ""


def _claimed(assessment, *, by: str, attempts: int = 1, minutes: float = 0):
    report = Report.objects.create(
        assessment=assessment, number=1, status=Report.GENERATING, attempts=attempts, claimed_by=by
    )
    Report.objects.filter(pk=report.pk).update(status_changed_at=timezone.now() - timedelta(minutes=minutes))
    return report


def test_a_message_redelivered_after_its_worker_died_takes_its_version_over_at_once():
    report = _claimed(make_assessment(), by="message-1")
    report_generate_task.apply(args=[report.pk], task_id="message-1")
    report.refresh_from_db()
    assert report.status == Report.READY and report.attempts == 2


def test_another_message_leaves_a_version_a_live_worker_is_rendering_alone():
    report = _claimed(make_assessment(), by="message-1")
    with mock.patch("assessments.reports.services.report_render") as render:
        report_generate_task.apply(args=[report.pk], task_id="message-2")
    render.assert_not_called()
    report.refresh_from_db()
    assert report.status == Report.GENERATING and report.claimed_by == "message-1"


def test_any_message_takes_over_a_claim_older_than_the_hard_time_limit(settings):
    report = _claimed(make_assessment(), by="message-1", minutes=settings.CELERY_TASK_TIME_LIMIT / 60 + 1)
    report_generate_task.apply(args=[report.pk], task_id="message-2")
    report.refresh_from_db()
    assert report.status == Report.READY


def test_a_redelivered_message_fails_a_version_that_started_three_times_instead_of_looping():
    report = _claimed(make_assessment(), by="message-1", attempts=3)
    with mock.patch("assessments.reports.services.report_render") as render:
        report_generate_task.apply(args=[report.pk], task_id="message-1")
    render.assert_not_called()
    report.refresh_from_db()
    assert report.status == Report.FAILED and "started 3 times and never finished" in report.error


def test_the_sweep_re_enqueues_a_version_an_earlier_release_failed_for_a_database_outage():
    failed = _stuck(make_assessment(), status=Report.FAILED)
    Report.objects.filter(pk=failed.pk).update(error="OperationalError: the connection is closed")
    broken = _stuck(make_assessment(organisation="Broken template"), status=Report.FAILED)
    Report.objects.filter(pk=broken.pk).update(error="ValueError: template broke")
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 1
    delay.assert_called_once_with(failed.pk)
    failed.refresh_from_db()
    assert failed.status == Report.QUEUED and failed.error == ""


def test_a_broker_that_cannot_take_the_message_leaves_the_version_queued_and_the_request_succeeds():
    assessment = make_assessment()
    with mock.patch("assessments.tasks.report_generate_task.delay", side_effect=BrokerError("timed out")):
        report = report_request(assessment=assessment)
    report.refresh_from_db()
    assert report.status == Report.QUEUED  # for the sweep


def test_a_sweep_that_could_not_send_a_version_neither_stamps_nor_counts_it(settings, monkeypatch):
    from web import outages

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a real broker, so the process's quiet period counts
    stuck = _stuck(make_assessment(), status=Report.QUEUED, attempts=0)
    long_ago = Report.objects.get(pk=stuck.pk).status_changed_at
    monkeypatch.setattr(outages, "_broker_quiet_until", float("inf"))  # the broker failed a moment ago
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 0
        delay.assert_not_called()
        stuck.refresh_from_db()
        assert stuck.status == Report.QUEUED and stuck.status_changed_at == long_ago  # due at the next sweep

        monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)
        assert report_sweep_stuck(older_than_seconds=600) == 1
    delay.assert_called_once_with(stuck.pk)
    stuck.refresh_from_db()
    assert stuck.status_changed_at > long_ago  # stamped once sent: the next sweep leaves it to the worker
    with mock.patch("assessments.tasks.report_generate_task.delay") as delay:
        assert report_sweep_stuck(older_than_seconds=600) == 0
    delay.assert_not_called()
