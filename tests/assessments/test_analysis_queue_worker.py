"""With real workers: a sample analysis waits in its own queue, so a report is rendered by the
default queue's worker while analyses are pending (production's one worker per queue), and a
worker given no queue (as `make run` and these tests start one) consumes the analyses too."""

import pytest

from tests.assessments.reports.test_worker import SUBMIT

UPLOAD = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from assessments.services.samples import sample_upload_create
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import distinct_questions, openai_chat
body = "".join(json.dumps(openai_chat(q, "An answer")) + "\\n" for q in distinct_questions(20)).encode()
assessment = make_assessment_for(make_engagement("Queue Test Ltd"))
sample = sample_upload_create(assessment=assessment, kind="training", upload=SimpleUploadedFile("s.jsonl", body))
print(sample.pk)
"""


def sample_status(stack, pk: int) -> str:
    return stack.rows("SELECT status FROM assessments_sampleupload WHERE id = %s", pk)[0][0]


def wait_for_sample(stack, pk: int, seconds: float = 90) -> str:
    import time

    deadline = time.monotonic() + seconds
    while (status := sample_status(stack, pk)) in {"queued", "analysing"} and time.monotonic() < deadline:
        time.sleep(0.2)
    return status


@pytest.mark.worker
def test_a_report_is_rendered_while_analyses_wait_in_their_own_queue(worker_stack):
    worker_stack.start_worker(queues="celery")
    samples = [int(worker_stack.manage(UPLOAD)) for _ in range(2)]
    report = int(worker_stack.manage(SUBMIT))
    status, error, *_ = worker_stack.wait_for_report(report, {"ready", "failed"})
    assert status == "ready", f"report ended {status}: {error}"
    assert [sample_status(worker_stack, pk) for pk in samples] == ["queued", "queued"]

    worker_stack.start_worker(queues="analyses")
    assert [wait_for_sample(worker_stack, pk) for pk in samples] == ["analysed", "analysed"]


@pytest.mark.worker
def test_a_worker_started_without_queues_analyses_samples_too(worker_stack):
    worker_stack.start_worker()
    assert wait_for_sample(worker_stack, int(worker_stack.manage(UPLOAD))) == "analysed"
