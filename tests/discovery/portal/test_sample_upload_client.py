"""The client attaches a training sample and an eval set beside the data and evaluation sections:
checked at once, analysed by the worker (eager here), findings shown; bad files get a reason."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import SampleUpload
from tests.discovery.client_helpers import open_link
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import distinct_questions, openai_chat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def engagement(client, django_capture_on_commit_callbacks):
    return open_link(client, django_capture_on_commit_callbacks)


def jsonl(records, name="sample.jsonl") -> SimpleUploadedFile:
    body = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
    return SimpleUploadedFile(name, body.encode(), content_type="application/octet-stream")


def training_file(n=30, duplicates=2) -> SimpleUploadedFile:
    questions = distinct_questions(n)
    records = [openai_chat(q, f"Answer {i}") for i, q in enumerate(questions)]
    return jsonl(records + records[:duplicates])


def upload(client, callbacks, kind, file, **extra):
    with callbacks(execute=True):
        return client.post(f"/my/samples/{kind}/upload/", {"file": file, **extra}, **HTMX)


def test_the_data_section_offers_the_upload_and_says_how_the_file_is_treated(client, engagement):
    html = client.get("/my/questions/data/").content.decode()
    assert 'id="sample-training"' in html and 'enctype="multipart/form-data"' in html
    assert "deleted as soon as it has been analysed" in html
    assert 'id="sample-eval"' not in html
    assert 'id="sample-eval"' in client.get("/my/questions/evaluation/").content.decode()
    assert "sample-" not in client.get("/my/questions/use_case/").content.decode().replace("save-status", "")


def test_an_uploaded_training_sample_is_analysed_and_its_findings_shown(
    client, engagement, django_capture_on_commit_callbacks
):
    response = upload(client, django_capture_on_commit_callbacks, "training", training_file(30, 2))
    sample = SampleUpload.objects.get()
    assert sample.status == SampleUpload.ANALYSED and sample.facts["sample.unique_examples"] == 30
    html = client.get(f"/my/samples/{sample.pk}/").content.decode()
    assert "32 valid" in html and "30 unique" in html
    assert "2 examples repeat an earlier example word for word (first at lines 31, 32)." in html
    assert "(OpenAI chat messages)" in html and "openai_chat" not in html
    assert "hx-trigger" not in html  # analysed: the panel stops polling
    assert response.status_code == 200


def test_while_analysing_the_panel_polls_its_status_and_shows_progress(client, engagement):
    sample = SampleUpload.objects.create(
        assessment=engagement.assessments.get(), kind="training", status="analysing", total_lines=200, progress_lines=50
    )
    html = client.get(f"/my/samples/{sample.pk}/").content.decode()
    assert f'hx-get="/my/samples/{sample.pk}/"' in html and 'hx-trigger="every 2s"' in html
    assert "25%" in html and 'type="file"' not in html


def test_a_csv_sample_is_read_with_the_column_mapping(client, engagement, django_capture_on_commit_callbacks):
    body = "Question,Reply\n" + "".join(f'"{q}",Answer {i}\n' for i, q in enumerate(distinct_questions(5)))
    file = SimpleUploadedFile("sample.csv", body.encode())
    upload(client, django_capture_on_commit_callbacks, "training", file, input_column="Question", output_column="Reply")
    sample = SampleUpload.objects.get()
    assert (sample.status, sample.columns, sample.findings["valid_examples"]) == (
        "analysed",
        {"input": "Question", "output": "Reply"},
        5,
    )


def test_an_eval_set_counts_cases_with_expected_answers(client, engagement, django_capture_on_commit_callbacks):
    cases = [{"input": q, "ideal": "yes"} for q in distinct_questions(4)] + [{"input": "no answer"}]
    upload(client, django_capture_on_commit_callbacks, "eval", jsonl(cases, "evals.jsonl"))
    sample = SampleUpload.objects.get()
    assert sample.facts == {"evals.cases_with_expected": 4}
    assert "4 with an expected answer" in client.get(f"/my/samples/{sample.pk}/").content.decode()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.jsonl", "{}")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sample.jsonl", b"", "the file is empty"),
        ("sample.jsonl", b"\x00\x01\x02binary", "binary, not text"),
        ("sample.jsonl", _zip(), "zip archive"),
        ("sample.jsonl", b"prompt,completion\nHi,Hello\n", "is named .jsonl but"),
        ("sample.xlsx", b"whatever", "Upload a JSON Lines (.jsonl) or CSV (.csv) file"),
        ("sample.json", b'[\n {"prompt": "a"}\n]\n', "pretty-printed JSON"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_at_once_and_nothing_is_stored(
    client, engagement, django_capture_on_commit_callbacks, settings, name, content, message
):
    response = upload(client, django_capture_on_commit_callbacks, "training", SimpleUploadedFile(name, content))
    html = response.content.decode()
    assert message in html and "Nothing was stored" in html
    assert not SampleUpload.objects.exists()
    assert not (settings.MEDIA_ROOT / "samples").exists()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(
    client, engagement, django_capture_on_commit_callbacks, settings
):
    settings.SAMPLE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("sample.jsonl", (json.dumps(openai_chat("q" * 1000, "a")) + "\n").encode() * 1200)
    html = upload(client, django_capture_on_commit_callbacks, "training", big).content.decode()
    assert "the limit is 1 MB" in html
    assert not SampleUpload.objects.exists()


def test_a_file_over_the_line_limit_is_refused(client, engagement, django_capture_on_commit_callbacks, settings):
    settings.SAMPLE_MAX_LINES = 10
    html = upload(client, django_capture_on_commit_callbacks, "training", training_file(11, 0)).content.decode()
    assert "11 lines; the limit is 10" in html
    assert not SampleUpload.objects.exists()


def test_damaged_lines_are_counted_with_their_line_numbers(client, engagement, django_capture_on_commit_callbacks):
    nested = '{"prompt": ' + "[" * 100_000 + "]" * 100_000 + ', "completion": "x"}'
    records = [openai_chat("a question", "an answer"), "{not json", nested, "x" * 3_000_000]
    upload(client, django_capture_on_commit_callbacks, "training", jsonl(records))
    sample = SampleUpload.objects.get()
    html = client.get(f"/my/samples/{sample.pk}/").content.decode()
    assert "1 line is not valid JSON, so it can&#x27;t be read (first at line 2)." in html
    assert "1 line is nested too deeply to read (first at line 3)." in html
    assert "1 line is longer than we read in one line, so it was skipped (first at line 4)." in html


def test_a_csv_without_the_mapped_column_fails_with_the_reason_and_offers_to_try_again(
    client, engagement, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("sample.csv", b"a,b\n1,2\n")
    upload(client, django_capture_on_commit_callbacks, "training", file, input_column="Question")
    sample = SampleUpload.objects.get()
    assert sample.status == SampleUpload.FAILED and "'Question' is not in the header" in sample.error
    assert not sample.file  # unreadable: deleted at once
    html = client.get(f"/my/samples/{sample.pk}/").content.decode()
    assert "could not be analysed" in html and "Try again" in html and 'type="file"' in html


def test_invalid_utf8_is_counted_not_fatal(client, engagement, django_capture_on_commit_callbacks):
    body = (json.dumps(openai_chat("a", "b")) + "\n").encode() + b'{"prompt": "caf\xe9", "completion": "x"}\n'
    upload(client, django_capture_on_commit_callbacks, "training", SimpleUploadedFile("s.jsonl", body))
    assert SampleUpload.objects.get().findings["errors"]["invalid_utf8"] == {"count": 1, "lines": [2]}


def test_without_javascript_the_upload_returns_to_the_section_with_a_message(
    client, engagement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/samples/training/upload/", {"file": training_file(3, 0)})
    assert response.status_code == 302 and response["Location"] == "/my/questions/data/"
    assert SampleUpload.objects.get().status == SampleUpload.ANALYSED


def test_an_unknown_kind_is_not_found(client, engagement):
    assert client.post("/my/samples/secrets/upload/", {"file": training_file(1, 0)}).status_code == 404


def test_a_post_without_a_file_asks_for_one(client, engagement):
    html = client.post("/my/samples/training/upload/", {}, **HTMX).content.decode()
    assert "Choose a file to upload." in html


def test_a_client_never_sees_another_engagements_sample(client, engagement, django_capture_on_commit_callbacks):
    other = make_assessment_for(make_engagement("Borealis Bank"))
    sample = SampleUpload.objects.create(assessment=other, kind="training")
    assert client.get(f"/my/samples/{sample.pk}/").status_code == 404
    assert client.post(f"/my/samples/{sample.pk}/retry/").status_code == 404


def test_nothing_can_be_uploaded_once_the_answers_are_submitted(client, engagement):
    engagement.assessments.update(status="submitted")
    response = client.post("/my/samples/training/upload/", {"file": training_file(1, 0)}, **HTMX)
    assert response.status_code == 409 and not SampleUpload.objects.exists()


def test_without_a_client_session_the_upload_is_refused(client):
    response = client.post("/my/samples/training/upload/", {"file": training_file(1, 0)})
    assert response.status_code == 404 and not SampleUpload.objects.exists()
