"""End to end with real Celery worker processes: submit, wait for `ready`, read the PDF; and a
worker killed mid-render loses no report (the sweep queues it again for the next worker).

The worker and the set-up scripts run as separate processes against one SQLite file and one
broker (a filesystem broker in a temporary directory, or Redis when CELERY_BROKER_URL says so),
exactly as `make run` wires them.
"""

import io
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[3]

# The client's own submit: the report is requested by the submission's on-commit hook.
SUBMIT = """
from tests.assessments.reports.factories import make_assessment
from discovery.services.submission import assessment_submit
a = make_assessment("not_yet", organisation="Worker Test Ltd", submitted=False)
assessment_submit(assessment=a, role="client", user=None)
print(a.reports.get().pk)
"""

# What beat's sweep does every 5 minutes, here without waiting for the 10-minute timeout.
SWEEP = """
from assessments.reports.services import report_sweep_stuck
print(report_sweep_stuck(older_than_seconds=0))
"""


@pytest.fixture
def stack(tmp_path):
    """A migrated database and a running worker (more can be started, each is stopped at the end)."""
    database = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp_path / "var"),  # the filesystem broker lives under it
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "discovery.settings",
    }
    if not env.get("CELERY_BROKER_URL", "").startswith("redis://"):
        env["CELERY_BROKER_URL"] = "filesystem://"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180)
    workers, logs = [], []

    def start_worker() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(workers)}.log", "wb")  # noqa: SIM115 - closed below
        logs.append(log)
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "discovery", "worker", "--pool=solo", "--loglevel=INFO"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        return workers[-1]

    start_worker()
    try:
        yield SimpleNamespace(
            env=env, database=database, media=tmp_path / "media", start_worker=start_worker, workers=workers
        )
    finally:
        for worker in workers:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        for log in logs:
            log.close()


def _manage(stack, code: str) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def _report_row(database: Path, pk: int):
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute("SELECT status, error, pdf FROM assessments_report WHERE id = ?", (pk,)).fetchone()


def _wait_for(stack, pk: int, statuses: set[str], *, seconds: float = 120, poll: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = _report_row(stack.database, pk)
        if row[0] in statuses:
            return row
        time.sleep(poll)
    return row


def _pdf_text(stack, pdf: str) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO((stack.media / pdf).read_bytes())).pages)


@pytest.mark.worker
def test_a_real_worker_renders_a_submitted_report_to_a_pdf_naming_the_verdict(stack):
    pk = int(_manage(stack, SUBMIT))
    status, error, pdf = _wait_for(stack, pk, {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    text = _pdf_text(stack, pdf)
    assert "Not yet: prepare first" in text
    assert "Worker Test Ltd" in text


@pytest.mark.worker
def test_a_report_whose_worker_is_killed_mid_render_is_rendered_after_the_sweep(stack):
    pk = int(_manage(stack, SUBMIT))
    status, _, _ = _wait_for(stack, pk, {"generating", "ready", "failed"}, poll=0.02)
    assert status == "generating", "the worker finished before it could be killed"
    stack.workers[0].kill()  # SIGKILL: no warm shutdown, nothing acknowledged or written
    stack.workers[0].wait(timeout=20)
    time.sleep(1)
    assert _report_row(stack.database, pk)[0] == "generating"  # nobody is working on it now

    swept = _manage(stack, SWEEP)
    assert swept == "1"
    stack.start_worker()
    status, error, pdf = _wait_for(stack, pk, {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    assert "Not yet: prepare first" in _pdf_text(stack, pdf)
