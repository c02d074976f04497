"""Baseline runs on the worker: consent and the estimate before anything is sent, the run as a
job row, facts into the decision, the cache (a re-run sends nothing), cancel and resume, the
connection's concurrency limit across two processes, and the key kept out of logs, the broker
and pages."""

import json
import logging
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection as db_connection

from assessments.models import BaselineRun
from assessments.selectors import assessment_measured_facts
from assessments.services import baseline as service
from assessments.services.baseline import BaselineRefused, baseline_cancel, baseline_resume, baseline_start
from assessments.services.evaluation import assessment_evaluate
from assessments.tasks import baseline_run_task
from tests.assessments.baseline_factories import KEY, eval_lines, make_connection
from tests.baseline.fake_provider import FakeProvider
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.worker_stack import _base_env, _pg_admin, _pg_url, on_postgres

ROOT = Path(__file__).resolve().parents[2]


def start(connection, n=6, right=4, **options):
    assessment = options.pop("assessment", None) or make_assessment_for(make_engagement())
    defaults = {"cap_usd": "5", "consent": True, "repeats": 1, "variant_count": 1, "target": 0.8}
    return baseline_start(
        assessment=assessment,
        connection=connection,
        model_id="test-model",
        eval_lines=eval_lines(n, right),
        client_prompt="Answer yes or no.",
        **(defaults | options),
    )


@pytest.mark.django_db
def test_nothing_starts_without_the_clients_recorded_consent():
    connection = make_connection()
    with pytest.raises(BaselineRefused, match="agreement"):
        start(connection, consent=False)
    assert not BaselineRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"model_id": "gpt-unlisted"}, "not one of this connection"),
        ({"eval_lines": [b"not json"]}, "can't be run: line 1"),
        ({"cap_usd": "0"}, "above zero"),
        ({"cap_usd": "lots"}, "US dollars"),
        ({"repeats": 0}, "between 1 and"),
        ({"target": 1.5}, "between 1 % and 100 %"),
    ],
)
def test_bad_run_settings_are_refused_with_a_reason_and_store_nothing(options, message):
    connection = make_connection()
    assessment = make_assessment_for(make_engagement())
    arguments = {
        "assessment": assessment,
        "connection": connection,
        "model_id": "test-model",
        "eval_lines": eval_lines(2),
        "cap_usd": "5",
        "consent": True,
    } | options
    with pytest.raises(BaselineRefused, match=message):
        baseline_start(**arguments)
    assert not BaselineRun.objects.exists()


@pytest.mark.django_db
def test_the_run_row_freezes_hashed_inputs_and_the_estimate_and_the_task_gets_its_id_only(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(service.baseline_run_task, "delay", lambda *a, **k: sent.append((a, k)))
    with django_capture_on_commit_callbacks(execute=True):
        run = start(make_connection(), n=3)
    assert sent == [((run.pk,), {})]
    assert (
        run.cases_count == 3
        and len(run.inputs_hash) == 64
        and [v["name"] for v in run.variants]
        == [
            "client",
            "instructions",
        ]
    )
    assert run.estimate["calls"] == 3 * 2 and run.estimate["max_cost_usd"] > 0
    assert run.consent_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_run_on_the_worker_yields_facts_the_decision_reads_and_the_snapshot_names_the_run():
    with FakeProvider() as provider:
        run = start(make_connection(provider), n=10, right=8)
        run.refresh_from_db()
    assert run.status == BaselineRun.FINISHED, run.error
    client = run.summary["variants"][0]
    assert (client["graded"], client["passed"]) == (10, 8)
    assert run.facts["baseline.pass_rate"] == 0.8 and run.facts["baseline.target"] == 0.8
    assert "baseline.best_variant_ci_low" in run.facts
    facts = assessment_measured_facts(run.assessment)
    assert facts["baseline.cases"] == 10
    evaluation = assessment_evaluate(assessment=run.assessment)
    assert evaluation.baseline_run_id == run.pk and evaluation.result["facts"]["baseline.pass_rate"] == 0.8


@pytest.mark.django_db(transaction=True)
def test_a_rerun_of_the_same_inputs_sends_no_request_the_cache_answers():
    with FakeProvider() as provider:
        connection = make_connection(provider)
        run = start(connection, n=8, variant_count=0)
        sent = len(provider.requests)
        # The same inputs again, on a new run: the cache answers every call.
        again = start(connection, n=8, variant_count=0, assessment=run.assessment)
        again.refresh_from_db()
    assert sent == 8 and len(provider.requests) == 8
    assert again.summary["cached_calls"] == 8 and again.cost_usd == 0


@pytest.mark.django_db(transaction=True)
def test_cancel_stops_the_run_and_resume_finishes_it_paying_only_for_the_rest():
    with FakeProvider(delay=0.05) as provider:
        connection = make_connection(provider, concurrency_limit=1)
        # Eager tasks would run inside start(): the run row is made directly and its task run on
        # a thread, as a worker would, so the test can cancel it midway.
        assessment = make_assessment_for(make_engagement())
        queued = _queued_run(connection, assessment, n=60)
        worker = threading.Thread(target=_run_task, args=(queued.pk,))
        worker.start()
        deadline = time.monotonic() + 30
        while len(provider.requests) < 3 and time.monotonic() < deadline:  # some calls made, not all
            time.sleep(0.02)
        _retrying_while_locked(lambda: baseline_cancel(run=queued))
        worker.join(timeout=30)
        queued.refresh_from_db()
        assert queued.status == BaselineRun.CANCELLED
        first = len(provider.requests)
        assert 0 < first < 60
        baseline_resume(run=queued)  # eager: runs now
        queued.refresh_from_db()
    assert queued.status == BaselineRun.FINISHED
    assert len(provider.requests) == 60  # every case sent once in all
    assert queued.summary["cached_calls"] == first and queued.summary["variants"][0]["graded"] == 60


def _retrying_while_locked(write):
    """The test's in-memory SQLite database locks a table outright while the worker thread writes
    to it (a file database waits out its busy timeout instead): try again for a few seconds."""
    from django.db import OperationalError

    deadline = time.monotonic() + 10
    while True:
        try:
            return write()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _queued_run(connection, assessment, n):
    prepared = service.baseline_prepare(
        connection=connection, model_id="test-model", eval_lines=eval_lines(n), variant_count=0, repeats=1
    )
    from django.utils import timezone

    return BaselineRun.objects.create(
        assessment=assessment,
        connection=connection,
        model_id="test-model",
        cases=[c.to_dict() for c in prepared["cases"]],
        cases_count=n,
        variants=[v.to_dict() for v in prepared["variants"]],
        parameters=prepared["parameters"],
        repeats=1,
        inputs_hash=prepared["inputs_hash"],
        estimate=prepared["estimate"].to_dict(),
        cap_usd=5,
        consent_at=timezone.now(),
        status=BaselineRun.QUEUED,
        progress_total=n,
    )


def _run_task(run_id):
    try:
        baseline_run_task.apply(args=(run_id,), task_id=f"test-{run_id}")
    finally:
        db_connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_run_left_running_by_a_dead_worker_is_taken_over_and_resumed_by_the_redelivered_message():
    with FakeProvider() as provider:
        connection = make_connection(provider)
        assessment = make_assessment_for(make_engagement())
        run = _queued_run(connection, assessment, n=5)
        # A worker claimed it (task id "dead") and died: the broker redelivers the same message.
        assert service.baseline_claim(run_id=run.pk, task_id="dead")
        baseline_run_task.apply(args=(run.pk,), task_id="dead")
        run.refresh_from_db()
    assert run.status == BaselineRun.FINISHED and run.attempts == 2


SETUP = """
import sys, django
django.setup()
from tests.assessments.baseline_factories import eval_lines, make_connection
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from assessments.services.baseline import baseline_prepare
from assessments.models import BaselineRun
from django.utils import timezone

class Provider:
    def base_url(self, kind):
        return sys.argv[1] + "/v1"

connection = make_connection(Provider(), concurrency_limit=2)
ids = []
for _ in range(2):
    prepared = baseline_prepare(connection=connection, model_id="test-model", eval_lines=eval_lines(12),
                                variant_count=0, repeats=1)
    run = BaselineRun.objects.create(
        assessment=make_assessment_for(make_engagement()), connection=connection, model_id="test-model",
        cases=[c.to_dict() for c in prepared["cases"]], cases_count=12,
        variants=[v.to_dict() for v in prepared["variants"]], parameters=prepared["parameters"], repeats=1,
        inputs_hash=prepared["inputs_hash"], estimate=prepared["estimate"].to_dict(), cap_usd=5,
        consent_at=timezone.now(), progress_total=12, status="queued")
    ids.append(run.pk)
print(*ids)
"""

WORK = """
import sys, django
django.setup()
from assessments.tasks import baseline_run_task
from assessments.models import BaselineRun
baseline_run_task.apply(args=(int(sys.argv[1]),), task_id="proc-" + sys.argv[1])
print(BaselineRun.objects.get(pk=int(sys.argv[1])).status)
"""


@pytest.mark.worker
def test_the_concurrency_limit_holds_across_two_worker_processes(migrated_database, tmp_path):
    """Two worker processes each run a baseline on the same connection (limit 2), each with two
    threads: the provider never sees more than two calls at once, and sees two (kept full)."""
    env = _base_env(tmp_path)
    if on_postgres():
        name = f"discovery_baseline_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_database}"')
        env["DATABASE_URL"] = _pg_url(name)
    else:
        shutil.copy(migrated_database, tmp_path / "db.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with FakeProvider(delay=0.1) as provider:
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, provider.url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert setup.returncode == 0, setup.stderr
        ids = setup.stdout.split()
        workers = [
            subprocess.Popen([sys.executable, "-c", WORK, run_id], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
            for run_id in ids
        ]
        outputs = [w.communicate(timeout=180)[0].strip() for w in workers]
    assert outputs == ["finished", "finished"]
    assert len(provider.requests) == 24
    assert provider.max_in_flight == 2


@pytest.mark.django_db(transaction=True)
def test_the_key_never_reaches_logs_the_broker_the_row_or_a_page(caplog, client, alice, monkeypatch):
    caplog.set_level(logging.DEBUG)
    messages = []
    original = baseline_run_task.apply_async

    def spy(*args, **kwargs):
        messages.append(json.dumps([args, kwargs], default=str))
        return original(*args, **kwargs)

    monkeypatch.setattr(baseline_run_task, "apply_async", spy)
    with FakeProvider() as provider:
        provider.faults.extend([(500, {}), (429, {"Retry-After": "0"})])
        run = start(make_connection(provider), n=3)
        run.refresh_from_db()
    assert provider.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    assert messages and all(KEY not in m for m in messages)
    assert KEY not in caplog.text
    row = json.dumps([run.summary, run.facts, run.error, run.variants, run.cases])
    assert KEY not in row and KEY not in run.connection.key_sealed
    client.force_login(alice)
    page = client.get(f"/engagements/{run.assessment.engagement_id}/")
    assert KEY not in page.content.decode()
