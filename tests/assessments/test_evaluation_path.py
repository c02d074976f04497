"""The path to yes stored with an evaluation: measured facts moved as client actions, naming the
lines of their own files, what makes it "Fine-tune" first."""

import pytest

from assessments.services.evaluation import assessment_evaluate
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


def test_a_contaminated_eval_set_puts_its_removal_first_with_the_lines_to_remove():
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=266, duplicates=0)
    analysed_eval_set(assessment, with_expected=30, leaked=5)
    evaluation = assessment_evaluate(assessment=assessment)
    assert evaluation.verdict == "not_yet"
    first = evaluation.result["path"][0]
    assert (first["new_verdict"], first["direction"]) == ("fine_tune", "toward")
    assert first["facts"] == [["evals.contaminated", 5, 0]] and first["changes"] == []
    assert first["sentence"] == (
        "Remove the 5 eval cases that repeat training examples (lines 1, 2, 3, 4, 5): "
        "the verdict becomes “Fine-tune now”."
    )
    later = [step["direction"] for step in evaluation.result["path"][1:]]
    assert later and set(later) == {"away"}  # the rest would make it worse, and say so


def test_the_answers_only_counterfactuals_stay_as_they_were_for_analytics():
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=266, duplicates=0)
    analysed_eval_set(assessment, with_expected=30, leaked=5)
    result = assessment_evaluate(assessment=assessment).result
    assert all("facts" not in cf and cf["changes"] for cf in result["counterfactuals"])


def test_without_uploads_the_path_moves_answers_only():
    result = assessment_evaluate(assessment=make_assessment("not_yet")).result
    assert result["path"] and all(step["facts"] == [] for step in result["path"])
    assert result["path"][0]["new_verdict"] == "fine_tune"
