"""Upload fairness: one assessment may upload so many files, and so many bytes, per hour; past
that the person is told when to try again (not a 500), and other assessments are unaffected.
Analyses go to their own Celery queue, so reports and emails never wait behind them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from assessments.models import SampleUpload
from assessments.services.samples import SampleRefused, sample_upload_create
from config.celery import app
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import jsonl_upload

from .client_helpers import open_link

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def upload(client, callbacks, kind="training"):
    with callbacks(execute=True):
        return client.post(f"/my/samples/{kind}/upload/", {"file": jsonl_upload()}, HTTP_HX_REQUEST="true")


def test_past_the_hourly_count_the_client_is_told_when_to_try_again_and_nothing_is_stored(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SAMPLE_UPLOADS_PER_HOUR = 2
    open_link(client, django_capture_on_commit_callbacks)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert upload(client, django_capture_on_commit_callbacks).status_code == 200
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert upload(client, django_capture_on_commit_callbacks, "eval").status_code == 200
        refused = upload(client, django_capture_on_commit_callbacks)
    html = refused.content.decode()
    assert refused.status_code == 200
    first_back = timezone.localtime(start + timedelta(hours=1)).strftime("%H:%M")
    assert "2 files uploaded in the last hour" in html and f"Try again after {first_back}" in html
    assert "Nothing was stored" in html and SampleUpload.objects.count() == 2

    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert upload(client, django_capture_on_commit_callbacks).status_code == 200
    assert SampleUpload.objects.count() == 3


def test_past_the_hourly_bytes_the_upload_is_refused_and_says_the_limit(settings):
    settings.SAMPLE_UPLOAD_BYTES_PER_HOUR = 3 * MiB
    assessment = make_assessment_for(make_engagement())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sample_upload_create(assessment=assessment, kind="training", upload=jsonl_upload(2 * MiB))
    with time_machine.travel(start + timedelta(minutes=5), tick=False), pytest.raises(SampleRefused) as refusal:
        sample_upload_create(assessment=assessment, kind="eval", upload=jsonl_upload(2 * MiB))
    back = timezone.localtime(start + timedelta(hours=1)).strftime("%H:%M")
    assert "uploaded 2 MB in the last hour" in str(refusal.value) and "hourly limit of 3 MB" in str(refusal.value)
    assert f"Try again after {back}" in str(refusal.value)
    assert SampleUpload.objects.count() == 1
    # Another assessment has its own allowance.
    other = make_assessment_for(make_engagement("Other Ltd"))
    sample_upload_create(assessment=other, kind="training", upload=jsonl_upload(2 * MiB))
    assert SampleUpload.objects.count() == 2


def test_a_file_larger_than_the_hourly_bytes_asks_for_a_smaller_sample(settings):
    settings.SAMPLE_UPLOAD_BYTES_PER_HOUR = 1 * MiB
    with pytest.raises(SampleRefused, match="Send a smaller sample. Nothing was stored"):
        sample_upload_create(
            assessment=make_assessment_for(make_engagement()), kind="training", upload=jsonl_upload(2 * MiB)
        )


def test_analyses_have_their_own_queue_and_reports_and_emails_stay_on_the_default_one():
    def queue(task):
        return app.amqp.router.route({}, task)["queue"].name

    assert queue("assessments.tasks.sample_analyse_task") == "analyses"
    assert queue("assessments.tasks.impact_run_task") == "analyses"
    for task in ["assessments.tasks.report_generate_task", "discovery.tasks.outgoing_email_send_task"]:
        assert queue(task) == "celery"
    # A worker given no -Q (make run, the worker tests) consumes every declared queue.
    assert set(app.amqp.queues) == {"celery", "analyses"}
