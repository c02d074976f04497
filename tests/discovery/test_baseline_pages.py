"""The measured-baseline pages: with no connection they say how to add one; a consultant
prepares a run (estimate shown, nothing sent), starts it with the client's agreement under a cap,
and reads the results; the facts reach the workshop's verdict; runs are found only through their
own engagement."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import BaselineRun
from assessments.services.answers import answer_save
from tests.assessments.baseline_factories import KEY, eval_lines, make_connection
from tests.baseline.fake_provider import FakeProvider
from tests.discovery.engagement_factories import make_assessment_for, make_engagement


def eval_upload(n=6, right=4):
    return SimpleUploadedFile("eval.jsonl", b"\n".join(eval_lines(n, right)) + b"\n")


def field_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


def textarea_text(page: str, name: str) -> str:
    return re.search(rf'<textarea [^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1).strip()


def prepare(client, engagement, **fields):
    data = {
        "connection": fields.pop("connection").pk,
        "model_id": "test-model",
        "eval_file": eval_upload(),
        "client_prompt": "Answer yes or no.",
        "target": 80,
        "repeats": 1,
        "variant_count": 1,
        "max_tokens": 64,
        "default_grader": "equals",
    } | fields
    return client.post(reverse("baseline", args=[engagement.pk]), data)


@pytest.mark.django_db
def test_with_no_connection_the_page_says_how_to_add_one(client, alice):
    engagement = make_engagement(lead=alice)
    make_assessment_for(engagement)
    client.force_login(alice)
    page = client.get(reverse("baseline", args=[engagement.pk])).content.decode()
    assert "No model connection is configured yet" in page and "Model connections" in page


@pytest.mark.django_db
def test_the_form_is_filled_from_the_clients_stated_target_and_prompt_and_the_run_records_the_edited_ones(
    client, alice
):
    engagement = make_engagement(lead=alice)
    assessment = make_assessment_for(engagement)
    # Saved through the answer service, so the published questionnaire must ask both questions.
    answer_save(assessment=assessment, slug="quality_target", value="90", label="Client")
    answer_save(assessment=assessment, slug="current_system_prompt", value="Sort <tickets> into queues.", label="C")
    client.force_login(alice)
    connection = make_connection()
    page = client.get(reverse("baseline", args=[engagement.pk])).content.decode()
    assert field_value(page, "target") == "90"
    assert textarea_text(page, "client_prompt") == "Sort &lt;tickets&gt; into queues."
    response = prepare(client, engagement, connection=connection, target=75, client_prompt="Name the queue only.")
    assert response.status_code == 302
    run = BaselineRun.objects.get()
    assert run.target == 0.75 and run.variants[0]["system"] == "Name the queue only."


@pytest.mark.django_db
def test_a_target_the_client_has_not_decided_leaves_the_field_for_the_consultant(client, alice):
    engagement = make_engagement(lead=alice)
    answer_save(assessment=make_assessment_for(engagement), slug="quality_target", value="unknown", label="Client")
    client.force_login(alice)
    make_connection()
    page = client.get(reverse("baseline", args=[engagement.pk])).content.decode()
    assert field_value(page, "target") is None and textarea_text(page, "client_prompt") == ""


@pytest.mark.django_db(transaction=True)
def test_a_consultant_prepares_sees_the_estimate_starts_with_consent_and_reads_the_results(client, alice):
    engagement = make_engagement(lead=alice)
    make_assessment_for(engagement)
    client.force_login(alice)
    with FakeProvider() as provider:
        connection = make_connection(provider)
        response = prepare(client, engagement, connection=connection)
        run = BaselineRun.objects.get()
        assert response.status_code == 302 and run.status == BaselineRun.READY
        page = client.get(response.url).content.decode()
        assert "Estimate before sending" in page and "at most $" in page and provider.requests == []
        start_url = reverse("baseline-run-start", args=[engagement.pk, run.pk])
        refused = client.post(start_url, {"cap_usd": "1"})
        assert refused.status_code == 400 and "Record the client" in refused.content.decode()
        assert provider.requests == []
        started = client.post(start_url, {"cap_usd": "1", "consent": "on"})
        assert started.status_code == 302
    run.refresh_from_db()
    assert run.status == BaselineRun.FINISHED and run.consent_by == alice
    page = client.get(reverse("baseline-run", args=[engagement.pk, run.pk])).content.decode()
    assert "67 %" in page and "Your current prompt" in page and "baseline.pass_rate" in page
    assert KEY not in page
    assert "The decision reads" in client.get(reverse("baseline", args=[engagement.pk])).content.decode()


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message_and_stores_nothing(client, alice):
    engagement = make_engagement(lead=alice)
    make_assessment_for(engagement)
    client.force_login(alice)
    connection = make_connection()
    bad_file = SimpleUploadedFile("eval.jsonl", b"not json\n")
    response = prepare(client, engagement, connection=connection, eval_file=bad_file)
    assert response.status_code == 400 and "line 1: not JSON" in response.content.decode()
    response = prepare(client, engagement, connection=connection, model_id="not-allowed")
    assert response.status_code == 400 and "not one of this connection" in response.content.decode()
    assert not BaselineRun.objects.exists()


@pytest.mark.django_db
def test_a_run_is_found_only_through_its_own_engagement(client, alice, bob):
    mine = make_engagement(lead=alice)
    make_assessment_for(mine)
    theirs = make_engagement(lead=bob)
    make_assessment_for(theirs)
    client.force_login(alice)
    prepare(client, mine, connection=make_connection())
    run = BaselineRun.objects.get()
    assert client.get(reverse("baseline-run", args=[theirs.pk, run.pk])).status_code == 404
    assert client.post(reverse("baseline-run-cancel", args=[theirs.pk, run.pk])).status_code == 404
