"""Property: over many partial answer sets, the workshop's verdict panel says only what is known.

Undecided: "Not decided yet", every question it depends on, no verdict, no policy rule's sentence
and no criterion that is still unknown. Decided: the verdict, explained by a rule that holds
however the open questions are answered (checked on completions drawn at random).
"""

import re

from django.template.loader import render_to_string
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import engine
from assessments.engine.compiler import compile_criteria
from discovery.workshop.views import verdict_panel
from tests.engine.answer_strategies import CRITERIA_SET, QUESTIONNAIRE, valid_answers

SLUGS = [q.slug for q in QUESTIONNAIRE.questions]


def panel_text(partial) -> tuple[str, str]:
    context = verdict_panel(QUESTIONNAIRE, CRITERIA_SET, partial, [])
    html = render_to_string("discovery/_workshop_verdict.html", {**context, "nothing_answered": False, "missing": []})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")
    return html, text


@given(valid_answers(), st.sets(st.sampled_from(SLUGS)), valid_answers())
@settings(max_examples=150, deadline=None)
def test_the_panel_says_not_decided_yet_or_a_verdict_that_no_open_answer_can_change(answers, dropped, other):
    given_answers = {k: v for k, v in answers.items() if k not in dropped}
    partial = engine.evaluate_partial(QUESTIONNAIRE, CRITERIA_SET, given_answers)
    html, text = panel_text(partial)
    titles = {c.slug: c.title for c in CRITERIA_SET.criteria}
    if not partial.decided:
        assert "Not decided yet" in text and 'data-verdict=""' in html
        for rule in CRITERIA_SET.policy:
            assert rule.explanation not in text, rule.slug
        for slug in partial.unknown:
            assert titles[slug] not in text, slug
        for point in engine.depends_on(QUESTIONNAIRE, partial):
            assert point.prompt in text
        return
    assert f'data-verdict="{partial.verdict}"' in html and "Not decided yet" not in text
    rule_slug = partial.evaluation.decided_by[0]
    # One completion: the answers given, the rest from another client.
    completion = engine.validate_answers(QUESTIONNAIRE, {**other, **given_answers}).answers
    whole = engine.evaluate(QUESTIONNAIRE, CRITERIA_SET, completion)
    assert whole.verdict == partial.verdict
    if not rule_slug:  # different rules in different completions, all giving this verdict
        assert "Every way of answering the open questions leads to this verdict." in text
        return
    index = [r.slug for r in CRITERIA_SET.policy].index(rule_slug)
    assert compile_criteria(CRITERIA_SET).rules_holding(whole.matched)[index] is True
    assert CRITERIA_SET.policy[index].explanation in text
