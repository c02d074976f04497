"""The measured-baseline pages: with no connection they say how to add one; a consultant
prepares a run (estimate shown, nothing sent), starts it with the client's agreement under a cap,
and reads the results; the facts reach the workshop's verdict; runs are found only through their
own engagement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import BaselineRun
from tests.assessments.baseline_factories import KEY, eval_lines, make_connection
from tests.baseline.fake_provider import FakeProvider
from tests.discovery.engagement_factories import make_assessment_for, make_engagement


def eval_upload(n=6, right=4):
    return SimpleUploadedFile("eval.jsonl", b"\n".join(eval_lines(n, right)) + b"\n")


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
