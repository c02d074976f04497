"""End to end with real Celery worker processes: submit, wait for `ready`, read the PDF; and a
worker killed mid-render loses no report (the sweep queues it again for the next worker).

The worker and the set-up scripts run as separate processes against one database and one broker
(tests/worker_stack.py), exactly as `make run` wires them. Faults are in test_worker_faults.py.
"""

import io
import time

import pytest
from pypdf import PdfReader

# The client's own submit: the report is requested in the submission's transaction.
SUBMIT = """
from tests.assessments.reports.factories import make_assessment
from discovery.engagements.services.submission import assessment_submit
a = make_assessment("not_yet", organisation="Worker Test Ltd", submitted=False)
assessment_submit(assessment=a, role="client", user=None)
print(a.reports.get().pk)
"""

# What beat's sweep does every 5 minutes, here without waiting for the 10-minute timeout.
SWEEP = """
from assessments.reports.services import report_sweep_stuck
print(report_sweep_stuck(older_than_seconds=0))
"""


def pdf_text(stack, pdf: str) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO((stack.media / pdf).read_bytes())).pages)


@pytest.mark.worker
def test_a_real_worker_renders_a_submitted_report_to_a_pdf_naming_the_verdict(worker_stack):
    worker_stack.start_worker()
    pk = int(worker_stack.manage(SUBMIT))
    status, error, pdf, _ = worker_stack.wait_for_report(pk, {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    text = pdf_text(worker_stack, pdf)
    assert "Not yet: prepare first" in text
    assert "Worker Test Ltd" in text


@pytest.mark.worker
def test_a_report_whose_worker_is_killed_mid_render_is_rendered_after_the_sweep(worker_stack):
    worker = worker_stack.start_worker()
    pk = int(worker_stack.manage(SUBMIT))
    status, *_ = worker_stack.wait_for_report(pk, {"generating", "ready", "failed"}, poll=0.02)
    assert status == "generating", "the worker finished before it could be killed"
    worker.kill()  # SIGKILL of the whole worker: no warm shutdown, nothing acknowledged or written
    worker.wait(timeout=20)
    time.sleep(1)
    assert worker_stack.report(pk)[0] == "generating"  # nobody is working on it now

    assert worker_stack.manage(SWEEP) == "1"
    worker_stack.start_worker()
    status, error, pdf, _ = worker_stack.wait_for_report(pk, {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    assert "Not yet: prepare first" in pdf_text(worker_stack, pdf)
