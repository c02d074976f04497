"""The analysis task and the privacy rules around a client's raw file: the task gets an id
only, the file is deleted once analysed (or after retention), nothing of it is kept or served."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import SampleFingerprints, SampleUpload
from assessments.selectors import assessment_measured_facts
from assessments.services import samples as sample_service
from assessments.services.samples import samples_purge_expired, samples_sweep_stuck
from assessments.tasks import sample_analyse_task
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import distinct_questions, openai_chat

pytestmark = pytest.mark.django_db
SECRET = "Nora's secret claim number 4111 1111 1111 1111"


def stored_sample(kind="training", records=None, suffix=".jsonl", **fields) -> SampleUpload:
    assessment = make_assessment_for(make_engagement())
    if records is None:
        records = [openai_chat(q, SECRET) for q in distinct_questions(10)]
    body = "".join(json.dumps(r) + "\n" for r in records)
    sample = SampleUpload(assessment=assessment, kind=kind, total_lines=len(records), **fields)
    sample.file.save(f"random{suffix}", ContentFile(body.encode()), save=False)
    sample.save()
    return sample


def test_the_task_is_given_the_id_only(client, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(sample_service.sample_analyse_task, "delay", lambda *a, **k: sent.append((a, k)))
    assessment = make_assessment_for(make_engagement())
    upload = SimpleUploadedFile("s.jsonl", (json.dumps(openai_chat("q", SECRET)) + "\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        sample = sample_service.sample_upload_create(assessment=assessment, kind="training", upload=upload)
    assert sent == [((sample.pk,), {})]


def test_the_raw_file_is_deleted_once_analysed_and_only_aggregates_are_kept(settings):
    sample = stored_sample()
    path = settings.MEDIA_ROOT / sample.file.name
    assert path.exists()
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.ANALYSED and not sample.file and sample.file_deleted_at
    assert not path.exists()
    kept = json.dumps([sample.findings, sample.facts, sample.error])
    assert "secret" not in kept and "4111" not in kept
    assert sample.findings["pii_lines"]["count"] == 10  # the card number is noticed, never kept


def test_with_retention_the_file_is_kept_for_that_many_days_then_purged(settings):
    settings.SAMPLE_RETENTION_DAYS = 3
    sample = stored_sample()
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.file and sample.delete_file_after > timezone.now() + timedelta(days=2)
    assert samples_purge_expired() == 0
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert samples_purge_expired() == 1
    sample.refresh_from_db()
    assert not sample.file and not any(p.is_file() for p in (settings.MEDIA_ROOT / "samples").rglob("*"))


def analysed_now(sample: SampleUpload) -> SampleUpload:
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    return sample


def eval_upload(assessment, inputs) -> SampleUpload:
    evals = SampleUpload(assessment=assessment, kind="eval", total_lines=len(inputs))
    body = "".join(json.dumps({"input": q, "ideal": "x"}) + "\n" for q in inputs)
    evals.file.save("e.jsonl", ContentFile(body.encode()), save=False)
    evals.save()
    return evals


def test_an_eval_set_is_checked_against_a_training_sample_whose_file_is_already_deleted(settings):
    assert settings.SAMPLE_RETENTION_DAYS == 0
    questions = distinct_questions(6)
    training = analysed_now(stored_sample(records=[openai_chat(q, "answer") for q in questions]))
    assert not training.file  # gone: only its fingerprints are left
    evals = analysed_now(eval_upload(training.assessment, [*questions[:2], "something new entirely"]))
    assert evals.facts == {"evals.cases_with_expected": 3, "evals.contaminated": 2}
    assert evals.findings["contaminated"] == {"count": 2, "exact": 2, "near": 0, "lines": [1, 2]}


def test_an_eval_set_uploaded_first_is_checked_once_a_training_sample_is_analysed():
    questions = distinct_questions(6)
    assessment = make_assessment_for(make_engagement())
    evals = analysed_now(eval_upload(assessment, [questions[0], "something new entirely"]))
    assert evals.findings["contaminated"] is None and "evals.contaminated" not in evals.facts
    training = stored_sample(records=[openai_chat(q, "answer") for q in questions])
    training.assessment = assessment
    training.save()
    analysed_now(training)
    evals.refresh_from_db()
    assert evals.findings["contaminated"]["count"] == 1
    assert assessment_measured_facts(assessment)["evals.contaminated"] == 1


def test_the_eval_set_is_checked_again_against_a_newer_training_sample():
    questions = distinct_questions(6)
    first = analysed_now(stored_sample(records=[openai_chat(q, "answer") for q in questions[:3]]))
    evals = analysed_now(eval_upload(first.assessment, questions))
    assert evals.facts["evals.contaminated"] == 3
    newer = stored_sample(records=[openai_chat(q, "answer") for q in questions[:1]])
    newer.assessment = first.assessment
    newer.save()
    analysed_now(newer)
    evals.refresh_from_db()
    assert evals.facts["evals.contaminated"] == 1


def test_the_kept_fingerprints_hold_no_text_of_the_file():
    sample = analysed_now(stored_sample())
    stored = bytes(SampleFingerprints.objects.get(sample=sample).data)
    assert sample.fingerprints.count == 10
    assert b"secret" not in stored and b"4111" not in stored and b"Nora" not in stored


def test_running_the_task_twice_analyses_once():
    sample = stored_sample()
    sample_analyse_task.delay(sample.pk)
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.attempts == 1


def test_an_unexpected_error_is_written_on_the_row_and_the_file_kept_for_try_again(monkeypatch):
    sample = stored_sample()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire: " + SECRET)

    monkeypatch.setattr(sample_service, "analyse", broken)
    with pytest.raises(RuntimeError):
        sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.FAILED and "Try again" in sample.error
    assert SECRET not in sample.error and sample.file
    monkeypatch.undo()
    assert sample_service.sample_retry(sample=sample)
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.ANALYSED and not sample.file


def test_measured_facts_come_from_the_latest_analysed_upload_of_each_kind():
    first = stored_sample(records=[openai_chat(q, "a") for q in distinct_questions(3)])
    sample_analyse_task.delay(first.pk)
    pending = SampleUpload.objects.create(assessment=first.assessment, kind="training")
    assert pending.status == SampleUpload.QUEUED
    assert assessment_measured_facts(first.assessment)["sample.unique_examples"] == 3


def test_no_url_serves_an_uploaded_file():
    routes = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(r.startswith(("media", "^media")) for r in routes)


def _stale(sample: SampleUpload, status: str, attempts: int) -> None:
    long_ago = timezone.now() - timedelta(seconds=sample_analyse_task.time_limit + 120)
    SampleUpload.objects.filter(pk=sample.pk).update(status=status, attempts=attempts, status_changed_at=long_ago)


def test_an_analysis_whose_worker_died_is_queued_again_by_the_sweep_and_finishes():
    sample = stored_sample()
    _stale(sample, SampleUpload.ANALYSING, attempts=1)
    fresh = stored_sample()
    SampleUpload.objects.filter(pk=fresh.pk).update(status=SampleUpload.ANALYSING, attempts=1)
    assert samples_sweep_stuck() == 1
    sample.refresh_from_db()
    fresh.refresh_from_db()
    assert sample.status == SampleUpload.ANALYSED and sample.attempts == 2
    assert fresh.status == SampleUpload.ANALYSING  # may still be running: left alone


def test_a_queued_upload_whose_message_was_lost_is_queued_again():
    sample = stored_sample()
    _stale(sample, SampleUpload.QUEUED, attempts=0)
    assert samples_sweep_stuck() == 1
    sample.refresh_from_db()
    assert sample.status == SampleUpload.ANALYSED


def test_a_file_that_keeps_killing_its_worker_fails_with_try_again_instead_of_looping():
    sample = stored_sample()
    _stale(sample, SampleUpload.ANALYSING, attempts=sample_service.SWEEP_MAX_ATTEMPTS)
    assert samples_sweep_stuck() == 0
    sample.refresh_from_db()
    assert sample.status == SampleUpload.FAILED and "never finished" in sample.error
    assert sample.file  # kept for Try again (within the retention of a failed upload)


def test_a_broker_that_cannot_take_the_upload_leaves_it_queued_and_the_upload_succeeds(
    monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise BrokerError("timed out")

    monkeypatch.setattr(sample_service.sample_analyse_task, "delay", down)
    assessment = make_assessment_for(make_engagement())
    upload = SimpleUploadedFile("s.jsonl", (json.dumps(openai_chat("q", "a")) + "\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        sample = sample_service.sample_upload_create(assessment=assessment, kind="training", upload=upload)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.QUEUED and sample.file  # the sweep queues it once the broker is back


def test_beat_runs_the_sample_and_impact_sweeps_every_five_minutes(settings):
    for name, task in (("sample-sweep", "samples_sweep_task"), ("impact-sweep", "impact_sweep_task")):
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert entry == {"task": f"assessments.tasks.{task}", "schedule": 300}


def test_try_again_starts_a_fresh_count_of_attempts_for_the_sweep(monkeypatch):
    sample = stored_sample()
    SampleUpload.objects.filter(pk=sample.pk).update(status=SampleUpload.FAILED, attempts=1)
    sample.refresh_from_db()
    monkeypatch.setattr(sample_service.sample_analyse_task, "delay", lambda *a: None)
    assert sample_service.sample_retry(sample=sample)
    sample.refresh_from_db()
    assert (sample.status, sample.attempts) == (SampleUpload.QUEUED, 0)


def test_an_erasure_while_the_analysis_runs_leaves_no_fingerprints(monkeypatch):
    sample = stored_sample()
    real = sample_service.analyse

    def erased_meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        SampleUpload.objects.filter(pk=sample.pk).update(file="")  # what _erase_samples does
        return result

    monkeypatch.setattr(sample_service, "analyse", erased_meanwhile)
    sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.ANALYSED  # the counts are kept
    assert not SampleFingerprints.objects.filter(sample=sample).exists()


def test_a_sweep_that_could_not_send_an_upload_neither_stamps_nor_counts_it(settings, monkeypatch):
    from web import outages

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a real broker, so the process's quiet period counts
    sample = stored_sample()
    _stale(sample, SampleUpload.QUEUED, attempts=0)
    long_ago = SampleUpload.objects.get(pk=sample.pk).status_changed_at
    monkeypatch.setattr(outages, "_broker_quiet_until", float("inf"))  # the broker failed a moment ago
    sent = []
    monkeypatch.setattr(sample_service.sample_analyse_task, "delay", lambda *a: sent.append(a))
    assert samples_sweep_stuck() == 0 and sent == []
    sample.refresh_from_db()
    assert sample.status == SampleUpload.QUEUED and sample.status_changed_at == long_ago  # due at the next sweep

    monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)
    assert samples_sweep_stuck() == 1 and sent == [(sample.pk,)]
    assert samples_sweep_stuck() == 0  # stamped once sent: the worker has it now


def test_a_time_limit_names_the_line_the_analysis_had_reached(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from assessments.samples import analysis

    sample = stored_sample()
    calls = []

    def slow_line(examples, parts, name="o200k_base"):
        calls.append(1)
        if len(calls) == 4:  # the soft time limit fires while the fourth example is tokenised
            raise SoftTimeLimitExceeded()
        return [10] * len(examples), [0] * len(examples)

    monkeypatch.setattr(analysis, "BATCH_EXAMPLES", 1)  # one example a batch: the stop names its line
    monkeypatch.setattr(analysis, "count_tokens_with_parts", slow_line)
    with pytest.raises(SoftTimeLimitExceeded):
        sample_analyse_task.delay(sample.pk)
    sample.refresh_from_db()
    assert sample.status == SampleUpload.FAILED
    assert "stopped while reading line 4." in sample.error and SECRET not in sample.error
