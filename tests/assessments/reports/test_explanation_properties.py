"""Property: over many answer sets, the rendered summary agrees with the matched criteria.

It names the deciding rule and every matched prerequisite and advisory, and claims nothing a
matched criterion denies.
"""

import re

from django.template.loader import render_to_string
from hypothesis import given, settings

from assessments.engine import evaluate, explain
from assessments.reports.sections import explanation_group
from tests.engine.answer_strategies import CRITERIA_SET, QUESTIONNAIRE, valid_answers

# Phrases that assert what a criterion, when it matched, says is not so.
DENIED_BY = {
    "insufficient_curated_data": ["data, measurement", "enough examples"],
    "no_quality_measurement": ["measurement and rights are in place", "quality is measured"],
    "weak_evaluation": ["measurement and rights are in place", "quality is measured"],
    "no_baseline": ["are in place", "has been measured"],
    "no_training_rights": ["rights are in place", "you may train"],
    "prompting_not_tried": ["better instructions have been tried"],
    "no_migration_owner": ["someone owns", "has an owner"],
    "unreviewed_examples": ["examples are reviewed", "examples have been reviewed"],
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def rendered_summary(answers: dict) -> tuple[str, object]:
    evaluation = evaluate(QUESTIONNAIRE, CRITERIA_SET, answers)
    explanation = explain(CRITERIA_SET, rule=evaluation.decided_by[0], matched=evaluation.matched)
    html = render_to_string("reports/_blocks.html", {"blocks": [explanation_group(explanation.sentences)]})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")
    return text, evaluation


@given(valid_answers())
@settings(max_examples=300, deadline=None)
def test_the_summary_names_the_deciding_rule_and_every_qualifier_and_contradicts_no_match(answers):
    text, evaluation = rendered_summary(answers)
    rule = {r.slug: r for r in CRITERIA_SET.policy}[evaluation.decided_by[0]]
    assert rule.explanation in text
    for slug in evaluation.matched:
        criterion = CRITERIA_SET.by_slug[slug]
        if criterion.kind in ("prerequisite", "advisory"):
            assert _lower_first(criterion.title) in text, slug
        for phrase in DENIED_BY.get(slug, []):
            assert phrase not in text.lower(), (slug, phrase)
