"""The demo's Meridian Retail has an analysed sample that contradicts its stated answer."""

import io

import pytest

from assessments.models import SampleUpload
from assessments.reports.services import report_generate_now
from demo import engagements, people, samples

pytestmark = pytest.mark.django_db


def test_meridian_retail_has_an_analysed_sample_that_contradicts_its_answer_and_runs_twice_safely(settings):
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    samples.build(out)
    samples.build(out)
    uploads = SampleUpload.objects.filter(assessment__engagement__organisation__name="Meridian Retail")
    assert uploads.count() == 2 and {u.status for u in uploads} == {SampleUpload.ANALYSED}
    training = uploads.get(kind="training")
    assert training.facts["sample.unique_examples"] == 412 and training.findings["pii_lines"]["count"] == 3
    assert not training.file  # analysed, so the raw file is gone
    report = report_generate_now(assessment=training.assessment)
    assert "Stated: “Over 1,000 curated examples”. Measured: 412 unique valid examples" in report.html


def test_osprey_energys_eval_set_repeats_its_training_prompts_and_the_report_says_so(settings):
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    samples.build(out)
    evals = SampleUpload.objects.get(assessment__engagement__organisation__name="Osprey Energy", kind="eval")
    assert evals.findings["contaminated"] == {"count": 7, "exact": 5, "near": 2, "lines": [1, 2, 3, 4, 5]}
    assert evals.facts["evals.contaminated"] == 7
    assert not evals.file and not evals.assessment.samples.exclude(file="").exists()  # both files gone
    report = report_generate_now(assessment=evals.assessment)
    assert report.evaluation.verdict == "not_yet"
    assert "eval_set_contaminated" in report.evaluation.result["matched"]
