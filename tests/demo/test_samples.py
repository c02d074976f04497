"""The demo's measured cases (Meridian Retail's stated-vs-measured gap, Osprey Energy's leaked eval set and
its path to yes) and its undecided workshop (Harbour Health)."""

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
    assert training.findings["errors"]["empty_answer"]["count"] == 3
    assert training.findings["warnings"]["blank_line"]["count"] == 1
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
    # The path-to-yes case: the one fix is its first step toward "Fine-tune now".
    first = report.evaluation.result["path"][0]
    assert (first["new_verdict"], first["direction"], first["changes"]) == ("fine_tune", "toward", [])
    assert first["sentence"].startswith("Remove the 7 eval cases that repeat training examples (first at lines 1, 2")


def test_harbour_healths_workshop_is_not_decided_yet_and_says_what_it_depends_on(settings):
    from assessments.models import Assessment
    from assessments.services.evaluation import assessment_partial_preview

    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    partial, _ = assessment_partial_preview(
        assessment=Assessment.objects.get(engagement__organisation__name="Harbour Health")
    )
    assert not partial.decided and partial.possible == ("do_not_fine_tune", "not_yet")
    assert [d.slug for d in partial.depends_on] == ["base_model_fit"]
