"""Consultants see which files were uploaded for an engagement: on the engagement page and on the
report's review page, each with its name, kind, size and state."""

import pytest
from django.urls import reverse

from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


def test_the_engagement_and_review_pages_list_the_uploaded_files(client, alice, ready_report):
    assessment = ready_report.assessment
    analysed_sample(assessment, name="support-replies.jsonl")
    analysed_eval_set(assessment, name="held-out.jsonl")
    client.force_login(alice)
    for url in (
        reverse("engagement", args=[assessment.engagement_id]),
        reverse("reports:review", args=[ready_report.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Uploaded files" in html, url
        assert "Training sample: <strong>support-replies.jsonl</strong>" in html, url
        assert "Eval set: <strong>held-out.jsonl</strong>" in html and "analysed" in html, url
        assert "newest first" not in html, url  # the partial's comment stays out of the page


def test_without_uploads_the_pages_say_so(client, alice, ready_report):
    client.force_login(alice)
    html = client.get(reverse("engagement", args=[ready_report.assessment.engagement_id])).content.decode()
    assert "No files uploaded." in html
