"""Faults against real workers (tests/worker_stack.py): nothing is lost, nothing done twice.

Each test produces one fault from the README's "Reliability: what happens under each fault".
Those needing PostgreSQL (connections killed) or Redis (a broker frozen) are marked so and run
in CI's PostgreSQL and Redis pass; the others run on both passes.
"""

import os
import signal
import time

import pytest

from tests.worker_stack import pool_children

# Two clients submit; the reports are requested in each submission's transaction.
SUBMIT_TWO = """
from tests.assessments.reports.factories import make_assessment
from discovery.engagements.services.submission import assessment_submit
pks = []
for name in ("First Fault Ltd", "Second Fault Ltd"):
    a = make_assessment("not_yet", organisation=name, submitted=False)
    assessment_submit(assessment=a, role="client", user=None)
    pks.append(a.reports.get().pk)
print(*pks)
"""

SUBMIT = """
from tests.assessments.reports.factories import make_assessment
from discovery.engagements.services.submission import assessment_submit
a = make_assessment("fine_tune", organisation="Fault Test Ltd", submitted=False)
assessment_submit(assessment=a, role="client", user=None)
print(a.reports.get().pk)
"""

# The client's POST /my/submit/ through their private link, timed, as the web process runs it.
CLIENT_SUBMIT = """
import time
from django.test import Client
from discovery.models import ClientLink
from tests.assessments.reports.factories import make_assessment
a = make_assessment("not_yet", organisation="Frozen Broker Ltd", submitted=False)
_, token = ClientLink.issue(a.engagement)
client = Client()
client.get(f"/c/{token}/")
started = time.monotonic()
response = client.post("/my/submit/")
elapsed = time.monotonic() - started
print(response.status_code, round(elapsed, 2), a.reports.get().pk, a.engagement.emails.get(kind="submitted").pk)
"""


SWEEP_ALL = """
from assessments.reports.services import report_sweep_stuck
from discovery.engagements.services.outbox import outbox_sweep
print(report_sweep_stuck(older_than_seconds=0), outbox_sweep(older_than_seconds=0))
"""


@pytest.mark.worker
@pytest.mark.postgres
def test_killing_the_database_connections_mid_render_ends_both_versions_ready_each_written_once(worker_stack):
    worker_stack.start_worker(pool="prefork", concurrency=2)
    first, second = (int(pk) for pk in worker_stack.manage(SUBMIT_TWO).split())
    deadline = time.monotonic() + 60
    while {worker_stack.report(pk)[0] for pk in (first, second)} != {"generating"}:
        assert time.monotonic() < deadline, "the two reports never rendered at the same time"
        time.sleep(0.02)
    assert worker_stack.kill_database_connections() >= 2  # what a PostgreSQL restart does

    for pk in (first, second):
        status, error, _, attempts = worker_stack.wait_for_report(pk, {"ready", "failed"})
        assert status == "ready", f"report ended {status}: {error}"
        assert attempts == 2  # the interrupted start and the retry
    # One version each, each PDF and DOCX written once: the interrupted run left no orphan behind.
    assert worker_stack.rows("SELECT count(*) FROM assessments_report")[0][0] == 2
    files = worker_stack.media_files()
    assert len(files) == 4 and all("_" not in name for name in files), files


@pytest.mark.worker
def test_a_short_soft_time_limit_from_settings_stops_a_render_and_marks_it_failed(worker_stack):
    # Time limits need the prefork pool (production's). The renderer hangs for 20 s; the soft limit
    # of 1 s from the worker's environment must stop it (messages carry no limits of their own).
    limits = {"CELERY_TASK_SOFT_TIME_LIMIT": "1", "CELERY_TASK_TIME_LIMIT": "60"}
    worker_stack.start_worker(pool="prefork", extra_env=limits, slow_render_seconds=20)
    started = time.monotonic()
    pk = int(worker_stack.manage(SUBMIT))
    status, error, pdf, _ = worker_stack.wait_for_report(pk, {"ready", "failed"})
    assert status == "failed"
    assert time.monotonic() - started < 15  # stopped by the soft limit, not the hang's end
    assert "took too long and was stopped" in error
    assert pdf == "" and worker_stack.media_files() == []  # nothing half-written is left


TRY_AGAIN = """
from assessments.models import Report
from assessments.reports.services import report_retry
print(report_retry(report=Report.objects.get(pk={pk})))
"""


@pytest.mark.worker
def test_try_again_after_a_time_limit_failure_renders_under_the_workers_limits_whoever_sends_it(worker_stack):
    # Limits are set where the worker runs: 10 s here. The web process has a 1 s soft limit of its
    # own (its default, or a stale setting), shorter than a render (3 s here). The worker's apply
    # to every message, whoever sent it: the hung first render is stopped by the worker's 10 s, and
    # Try again, sent from the web process, renders, where the web's 1 s used to fail it each time.
    worker_limits = {"CELERY_TASK_SOFT_TIME_LIMIT": "10", "CELERY_TASK_TIME_LIMIT": "60"}
    web_limits = {"CELERY_TASK_SOFT_TIME_LIMIT": "1", "CELERY_TASK_TIME_LIMIT": "60"}
    worker_stack.start_worker(
        pool="prefork", extra_env=worker_limits, slow_render_seconds=3, first_render_hangs_seconds=60
    )
    pk = int(worker_stack.manage(SUBMIT, extra_env=web_limits))
    status, error, pdf, attempts = worker_stack.wait_for_report(pk, {"ready", "failed"})
    assert (status, attempts, pdf) == ("failed", 1, "") and "took too long and was stopped" in error

    assert worker_stack.manage(TRY_AGAIN.format(pk=pk), extra_env=web_limits) == "True"
    status, error, pdf, attempts = worker_stack.wait_for_report(pk, {"ready", "failed"})
    assert status == "ready", f"Try again ended {status} after {attempts} attempt(s): {error}"
    assert attempts == 1 and pdf


@pytest.mark.worker
def test_a_message_redelivered_after_its_pool_process_was_killed_renders_at_once_without_the_sweep(worker_stack):
    worker = worker_stack.start_worker(pool="prefork")
    pk = int(worker_stack.manage(SUBMIT))
    status, *_ = worker_stack.wait_for_report(pk, {"generating", "ready", "failed"}, poll=0.02)
    assert status == "generating", "the worker finished before it could be killed"
    for child in pool_children(worker.pid):
        os.kill(child, signal.SIGKILL)  # the process rendering dies (the OOM killer, a crash)

    # The worker requeues the message (task_reject_on_worker_lost); its redelivery finds the version
    # still claimed by its own task id, so it takes it over instead of waiting for the sweep.
    status, error, _, attempts = worker_stack.wait_for_report(pk, {"ready", "failed"}, seconds=60)
    assert status == "ready", f"report ended {status}: {error}"
    assert attempts == 2


@pytest.mark.worker
@pytest.mark.redis
def test_a_frozen_broker_does_not_hold_the_submit_and_the_report_and_email_follow_once_it_is_back(
    worker_stack, throwaway_redis
):
    broker = {"CELERY_BROKER_URL": throwaway_redis.url}
    worker_stack.start_worker(extra_env=broker)
    worker_stack.wait_until_ready()  # the worker is connected before the broker freezes
    throwaway_redis.freeze()  # SIGSTOP: connections stay open and nothing answers
    try:
        status_code, elapsed, report_pk, email_pk = worker_stack.manage(CLIENT_SUBMIT, extra_env=broker).split()
    finally:
        throwaway_redis.thaw()
    assert status_code == "302"  # on to the "submitted" page: the answers are in
    assert float(elapsed) < 3.5, f"the submit waited {elapsed} s for the broker"
    assert worker_stack.report(int(report_pk))[0] == "queued"

    assert worker_stack.manage(SWEEP_ALL, extra_env=broker) == "1 2"  # what beat's sweeps do (notice and receipt)
    status, error, *_ = worker_stack.wait_for_report(int(report_pk), {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    email_status, attempts, _ = worker_stack.wait_for_email(int(email_pk))
    assert (email_status, attempts) == ("sent", 1)
    assert worker_stack.worker_log().count("To: team@discovery.example") == 1  # the notice, once
