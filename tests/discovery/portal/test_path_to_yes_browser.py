"""A client whose only missing prerequisite is an eval set that repeats training examples opens
their delivered report through their private link and reads the fix — remove those eval cases,
with their line numbers — as the first step under what would make it "Fine-tune now", before
anything that would rule fine-tuning out; the page passes axe-core."""

import pytest

from assessments.models import Report
from discovery.models import ClientLink
from tests.assessments.reports.factories import delivered_to_contact, make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample
from tests.browser import axe_violations, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def delivered_with_contaminated_eval_set(alice) -> Report:
    assessment = make_assessment("fine_tune", lead=alice, organisation="Osprey Energy")
    analysed_sample(assessment, unique=266, duplicates=0)
    analysed_eval_set(assessment, with_expected=30, leaked=5)
    return delivered_to_contact(
        assessment,
        alice,
        narrative="Clean the eval set, then train.",
        no_engineers_reason="We staff it once the eval set is clean.",
        contact=("Ola", "o@o.example"),
    )


def test_a_client_with_a_contaminated_eval_set_reads_the_fix_as_the_first_step_to_fine_tune(page, alice):  # noqa: F811
    report = delivered_with_contaminated_eval_set(alice)
    # The premise: the contaminated eval set is what stands between this client and fine-tuning.
    assert report.evaluation.verdict == "not_yet"
    assert "eval_set_contaminated" in report.evaluation.result["matched"]
    _, token = ClientLink.issue(report.assessment.engagement)

    page.goto(f"{page.base_url}/c/{token}/")
    page.get_by_role("link", name="Read the report").click()
    chapter = page.locator("#counterfactuals")
    chapter.get_by_role("heading", name="What would change the answer").wait_for()
    headings = chapter.locator("h3").all_inner_texts()
    assert headings[0] == "What would make it “Fine-tune now”"
    first_list = chapter.locator("h3 + ul").first.locator("li")
    assert first_list.first.inner_text().startswith(
        "Remove the 5 eval cases that repeat training examples (lines 1, 2, 3, 4, 5)"
    )
    assert first_list.first.inner_text().endswith("the verdict becomes “Fine-tune now”.")
    # What would rule it out comes after, never before, the way to yes.
    assert "What would rule fine-tuning out" in headings[1:]
    # The readiness plan acknowledges the examples already uploaded instead of asking for more.
    plan = page.locator("#next-steps")
    assert "Already done: 266 unique valid examples uploaded and measured" in plan.inner_text()
    steps = plan.locator("ol li").all_inner_texts()
    assert steps and not any(step.startswith("Collect a few hundred") for step in steps)
    assert axe_violations(page) == []
