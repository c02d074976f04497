"""The report's "What would change the answer" is the path to yes, by direction, and its readiness
plan starts from what the client already did, each step naming its owner (one document model)."""

import pytest

from assessments.reports.document import _block_texts
from assessments.reports.sections import report_document
from assessments.reports.services import report_generate_now
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


def texts(section) -> list[str]:
    return [t for block in section.blocks for t in _block_texts(block)]


def test_a_contaminated_eval_set_reads_as_the_first_step_to_fine_tune_and_the_examples_as_done(alice):
    assessment = make_assessment("fine_tune", lead=alice)
    analysed_sample(assessment, unique=266, duplicates=0)
    analysed_eval_set(assessment, with_expected=30, leaked=5)
    report = report_generate_now(assessment=assessment)
    document = report_document(report)
    chapter = next(s for s in document.sections if s.anchor == "counterfactuals")
    words = texts(chapter)
    heading = words.index("What would make it “Fine-tune now”")
    assert words[heading + 1].startswith("Remove the 5 eval cases that repeat training examples (lines 1, 2, 3, 4, 5)")
    assert words.index("What would rule fine-tuning out") > heading
    plan = texts(next(s for s in document.sections if s.anchor == "next-steps"))
    assert any(
        t.startswith("Already done: 266 unique valid examples uploaded and measured, which covers “Collect")
        for t in plan
    )
    assert any("Who: Acme Widgets (client)." in t for t in plan)
    assert not any(t.startswith("Collect a few hundred") for t in plan)  # acknowledged, not prescribed
    assert "What would make it “Fine-tune now”" in report.html
