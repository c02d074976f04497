"""End to end with a real Celery worker process: submit, wait for `ready`, read the PDF.

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

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

# The client's own submit: the report is requested by the submission's on-commit hook.
SUBMIT = """
from tests.assessments.report_factories import make_assessment
from discovery.services.submission import assessment_submit
a = make_assessment("not_yet", organisation="Worker Test Ltd", submitted=False)
assessment_submit(assessment=a, label="the worker test")
print(a.reports.get().pk)
"""


@pytest.fixture
def stack(tmp_path):
    """A migrated database and a running worker; yields (env, database path)."""
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
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "discovery", "worker", "--pool=solo", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield env, database, tmp_path / "media"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


def _report_row(database: Path, pk: int):
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute("SELECT status, error, pdf FROM assessments_report WHERE id = ?", (pk,)).fetchone()


@pytest.mark.worker
def test_a_real_worker_renders_a_submitted_report_to_a_pdf_naming_the_verdict(stack):
    env, database, media = stack
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SUBMIT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pk = int(out.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        status, error, pdf = _report_row(database, pk)
        if status in ("ready", "failed"):
            break
        time.sleep(0.5)
    assert status == "ready", f"report ended {status}: {error}"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO((media / pdf).read_bytes())).pages)
    assert "Not yet: prepare first" in text
    assert "Worker Test Ltd" in text
