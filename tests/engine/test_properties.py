"""Property tests: answer sets generated from the questionnaire definition itself."""

from answer_strategies import CRITERIA_SET, QUESTIONNAIRE, invalid_values, valid_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine import assess, validate_answers
from assessments.engine.definitions import APPROACHES

VERDICTS = {"fine_tune", "not_yet", "do_not_fine_tune"}


ALWAYS_SHOWN = [q for q in QUESTIONNAIRE.questions if not q.visible_when]


@given(valid_answers())
@settings(max_examples=300, deadline=None)
def test_any_valid_answer_set_gives_exactly_one_verdict_and_distinct_approaches(answers):
    evaluation, problems = assess(QUESTIONNAIRE, CRITERIA_SET, answers)
    assert problems == []
    assert evaluation.verdict in VERDICTS
    assert len(set(evaluation.approaches)) == len(evaluation.approaches)
    assert set(evaluation.approaches) <= set(APPROACHES)
    assert evaluation.approaches[0] == ("fine_tuning" if evaluation.verdict == "fine_tune" else "prompt_engineering")


@given(valid_answers(), st.data())
@settings(max_examples=300, deadline=None)
def test_any_injected_invalidity_is_rejected_naming_the_slug(answers, data):
    question = data.draw(st.sampled_from(ALWAYS_SHOWN))
    answers[question.slug] = data.draw(invalid_values(question))
    problems = validate_answers(QUESTIONNAIRE, answers).problems
    assert question.slug in [p.slug for p in problems]


@given(valid_answers(), st.text(min_size=1).filter(lambda s: s not in QUESTIONNAIRE.by_slug))
@settings(max_examples=100, deadline=None)
def test_any_unknown_slug_is_rejected_naming_it(answers, slug):
    answers[slug] = "x"
    assert slug in [p.slug for p in validate_answers(QUESTIONNAIRE, answers).problems]


@given(valid_answers(), st.randoms())
@settings(max_examples=100, deadline=None)
def test_the_same_answers_in_any_order_give_byte_identical_json(answers, rnd):
    import json

    shuffled = list(answers.items())
    rnd.shuffle(shuffled)
    first, _ = assess(QUESTIONNAIRE, CRITERIA_SET, answers)
    second, _ = assess(QUESTIONNAIRE, CRITERIA_SET, dict(shuffled))
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(second.to_dict(), sort_keys=True)
