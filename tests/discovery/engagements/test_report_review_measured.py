"""The review page says plainly where the client's answer and the uploaded sample disagree."""

import pytest
from django.urls import reverse

from assessments.reports.services import report_generate_now
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


def test_the_review_page_shows_stated_against_measured(client, bob):
    assessment = make_assessment("fine_tune", curated_examples="over_1000")
    analysed_sample(assessment, unique=412, duplicates=38)
    report = report_generate_now(assessment=assessment)
    client.force_login(bob)
    html = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert 'id="stated-vs-measured"' in html
    assert "Stated: “Over 1,000 curated examples”. Measured: 412 unique valid examples" in html
    assert "(450 valid before removing duplicates)" in html


def test_without_an_upload_the_review_page_has_no_measured_panel(client, bob):
    report = report_generate_now(assessment=make_assessment("fine_tune"))
    client.force_login(bob)
    assert 'id="stated-vs-measured"' not in client.get(reverse("reports:review", args=[report.pk])).content.decode()


def test_when_they_agree_the_page_says_so(client, bob):
    assessment = make_assessment("fine_tune", curated_examples="100_to_1000")
    analysed_sample(assessment, unique=150, duplicates=0)
    report = report_generate_now(assessment=assessment)
    client.force_login(bob)
    html = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert "The uploaded files agree with the client's answers." in html


def test_the_review_page_counts_eval_cases_that_repeat_training_examples(client, bob):
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=150, duplicates=0)
    analysed_eval_set(assessment, with_expected=30, leaked=4)
    report = report_generate_now(assessment=assessment)
    client.force_login(bob)
    html = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert "cases that repeat a training example: <strong>4</strong> (first at lines 1, 2, 3, 4)" in html
    assert report.evaluation.verdict == "not_yet"


def test_an_eval_set_without_a_training_sample_says_it_was_not_checked(client, bob):
    assessment = make_assessment("fine_tune")
    analysed_eval_set(assessment, with_expected=30)
    report = report_generate_now(assessment=assessment)
    client.force_login(bob)
    html = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert "cases that repeat a training example: <strong>not yet checked: no training sample analysed</strong>" in html
