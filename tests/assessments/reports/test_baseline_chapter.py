"""The report's "Measured baseline" chapter and the stated-vs-measured sentences a baseline run
adds, from the run the evaluation used (the demo's recorded run: the real graders and summary)."""

import io

import pytest

from assessments.baseline import stated_vs_measured
from assessments.models import Report
from assessments.reports.html import report_html
from assessments.reports.measured import measured_readiness
from assessments.services.evaluation import assessment_evaluate
from demo import baseline as demo_baseline
from tests.assessments.reports.factories import make_assessment


@pytest.fixture
def report_with_baseline(db):
    assessment = make_assessment("fine_tune", organisation=demo_baseline.ORGANISATION)
    demo_baseline.build(io.StringIO())
    evaluation = assessment_evaluate(assessment=assessment)
    assert evaluation.baseline_run is not None
    return Report.objects.create(assessment=assessment, number=1, status=Report.READY, evaluation=evaluation)


def test_the_chapter_shows_each_prompts_rate_interval_target_cost_and_what_follows(report_with_baseline):
    html = report_html(report_with_baseline)
    chapter = html[html.index('id="baseline"') :]
    assert "Measured baseline" in chapter and "Recorded demo data" in chapter
    assert "65 % (50–78 %)" in chapter and "92 % (80–97 %)" in chapter and "85 %" in chapter  # client, best, target
    assert "choice (40 cases)" in chapter
    assert "more cases would tell" in chapter  # the best prompt reaches the target, its lower bound doesn't
    assert "Ticket 9000" not in html  # rates, never the client's cases


def test_the_chapter_names_the_connection_without_the_sdk_kind(report_with_baseline):
    run = report_with_baseline.evaluation.baseline_run
    assert run.connection_label.endswith(" (openai)")  # the label staff pages show
    html = report_html(report_with_baseline)
    chapter = html[html.index('id="baseline"') :]
    assert f"({run.connection_name})" in chapter and "(openai)" not in chapter


def test_a_measurement_that_contradicts_what_was_stated_is_a_disagreement_on_review_and_report(report_with_baseline):
    evaluation = report_with_baseline.evaluation
    evaluation.answers = {**evaluation.answers, "prompting_outcome": "meets_needs"}
    sentences = measured_readiness(report_with_baseline)["disagreements"]
    assert "Stated: the current prompts meet your needs. Measured: 65 % with your prompt" in " ".join(sentences)


FACTS = {
    "baseline.target": 0.9,
    "baseline.cases": 100,
    "baseline.pass_rate": 0.6,
    "baseline.ci_low": 0.5,
    "baseline.ci_high": 0.69,
    "baseline.best_variant_pass_rate": 0.7,
    "baseline.best_variant_ci_low": 0.6,
    "baseline.prompt_lift": 0.1,
}


def test_stated_vs_measured_sentences_only_where_they_disagree():
    assert stated_vs_measured({"base_model_fit": "poorly"}, FACTS) == []
    said_well = stated_vs_measured({"base_model_fit": "does_well"}, FACTS)
    assert said_well == [
        "Stated: the base model does the task well. Measured: 70 % of 100 cases with the best prompt "
        "(95 % interval from 60 %), against a 90 % target."
    ]
    assert len(stated_vs_measured({"prompting_outcome": "meets_needs"}, FACTS)) == 1
    assert stated_vs_measured({"base_model_fit": "does_well"}, {}) == []
