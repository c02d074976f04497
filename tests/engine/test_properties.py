"""Property tests: answer sets generated from the questionnaire definition itself."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine import assess, load_default, validate_answers
from assessments.engine.definitions import APPROACHES

QUESTIONNAIRE, CRITERIA_SET = load_default()
VERDICTS = {"fine_tune", "not_yet", "do_not_fine_tune"}


def value_strategy(question):
    if question.type == "single_choice":
        return st.sampled_from(question.choice_values)
    if question.type == "multi_choice":
        return st.lists(st.sampled_from(question.choice_values), min_size=1, unique=True)
    if question.type == "yes_no":
        return st.booleans()
    return st.text(min_size=1, max_size=min(question.max_length, 200))


@st.composite
def valid_answers(draw, questionnaire=QUESTIONNAIRE):
    """Every required question answered (hidden ones too: their answers must be ignored)."""
    answers = {}
    for q in questionnaire.questions:
        if q.required or draw(st.booleans()):
            answers[q.slug] = draw(value_strategy(q))
    return answers


def invalid_values(question):
    wrong_types = st.sampled_from([7, 2.5, {"a": 1}, ["x", 1]])
    if question.type == "single_choice":
        return st.one_of(wrong_types, st.just(True), st.just(["low"]),
                         st.text(min_size=1).filter(lambda v: v not in question.choice_values))
    if question.type == "multi_choice":
        first = question.choice_values[0]
        return st.one_of(wrong_types, st.just(first), st.just([first, first]), st.just([first, "zzz"]))
    if question.type == "yes_no":
        return st.one_of(wrong_types, st.sampled_from(["yes", "true", 1, 0, [True]]))
    return st.one_of(wrong_types, st.just(True), st.just("x" * (question.max_length + 1)))


ALWAYS_SHOWN = [q for q in QUESTIONNAIRE.questions if not q.visible_when]


@given(valid_answers())
@settings(max_examples=300, deadline=None)
def test_any_valid_answer_set_gives_exactly_one_verdict_and_distinct_approaches(answers):
    evaluation, problems = assess(QUESTIONNAIRE, CRITERIA_SET, answers)
    assert problems == []
    assert evaluation.verdict in VERDICTS
    assert len(set(evaluation.approaches)) == len(evaluation.approaches)
    assert set(evaluation.approaches) <= set(APPROACHES)
    assert evaluation.approaches[0] == ("fine_tuning" if evaluation.verdict == "fine_tune"
                                        else "prompt_engineering")


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
