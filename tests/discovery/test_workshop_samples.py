"""In a workshop the consultant attaches the client's training sample or eval set beside the
data and evaluation sections, as the client can on their own pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import SampleUpload
from discovery.models import Engagement
from discovery.workshop.services import workshop_start
from tests.discovery.engagement_factories import make_assessment_for, make_engagement
from tests.samples.files import distinct_questions, openai_chat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def workshop(alice):
    engagement = make_engagement(
        "Harbour Health", status=Engagement.WORKSHOP_SCHEDULED, source=Engagement.WORKSHOP, lead=alice
    )
    make_assessment_for(engagement)
    workshop_start(engagement=engagement, user=alice)
    return engagement


def sample_file(n=5):
    body = "".join(json.dumps(openai_chat(q, "an answer")) + "\n" for q in distinct_questions(n))
    return SimpleUploadedFile("sample.jsonl", body.encode())


def test_the_data_section_of_the_workshop_offers_the_upload(client, workshop, alice):
    client.force_login(alice)
    html = client.get(reverse("workshop", args=[workshop.pk]) + "?section=2").content.decode()
    assert 'id="sample-training"' in html
    assert reverse("workshop-sample-upload", args=[workshop.pk, "training"]) in html


def test_a_consultant_uploads_and_sees_the_findings(client, workshop, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    url = reverse("workshop-sample-upload", args=[workshop.pk, "training"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": sample_file(5)}, **HTMX)
    sample = SampleUpload.objects.get()
    assert (sample.status, sample.uploaded_by) == ("analysed", alice)
    html = client.get(reverse("workshop-sample", args=[workshop.pk, sample.pk])).content.decode()
    assert "5 unique" in html


def test_without_javascript_the_upload_returns_to_the_data_section(
    client, workshop, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("workshop-sample-upload", args=[workshop.pk, "training"])
        response = client.post(url, {"file": sample_file()})
    assert response["Location"] == reverse("workshop", args=[workshop.pk]) + "?section=2"


def test_a_sample_of_another_engagement_is_not_found(client, workshop, alice):
    other = make_assessment_for(make_engagement("Borealis Bank"))
    sample = SampleUpload.objects.create(assessment=other, kind="training")
    client.force_login(alice)
    assert client.get(reverse("workshop-sample", args=[workshop.pk, sample.pk])).status_code == 404
    assert client.post(reverse("workshop-sample-retry", args=[workshop.pk, sample.pk])).status_code == 404


def test_a_person_without_the_consultant_role_cannot_upload(client, workshop, charlie):
    client.force_login(charlie)
    response = client.post(reverse("workshop-sample-upload", args=[workshop.pk, "training"]), {"file": sample_file()})
    assert response.status_code in (302, 403) and not SampleUpload.objects.exists()


def test_nothing_is_uploaded_while_the_workshop_is_not_running(client, alice):
    engagement = make_engagement("Quiet Co", status=Engagement.SUBMITTED, lead=alice)
    make_assessment_for(engagement)
    client.force_login(alice)
    response = client.post(reverse("workshop-sample-upload", args=[engagement.pk, "training"]), {"file": sample_file()})
    assert response.status_code == 409 and not SampleUpload.objects.exists()


def test_only_a_finished_poll_or_new_upload_announces_the_analysis_to_the_live_verdict(
    client, workshop, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = reverse("workshop-sample-upload", args=[workshop.pk, "training"])
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = client.post(url, {"file": sample_file(5)}, **HTMX)
    assert "HX-Trigger" not in uploaded  # answered while still queued, as with a real worker
    sample = SampleUpload.objects.get()
    assert sample.status == SampleUpload.ANALYSED  # the task ran once the upload committed
    polled = client.get(reverse("workshop-sample", args=[workshop.pk, sample.pk]), **HTMX)
    assert polled["HX-Trigger"] == "sample-done"
    refused = client.post(url, {"file": SimpleUploadedFile("notes.txt", b"hello")}, **HTMX)
    assert "HX-Trigger" not in refused  # nothing new was measured
