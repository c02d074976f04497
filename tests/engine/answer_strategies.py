"""Hypothesis strategies built from the questionnaire definition (shared by the engine tests)."""

from hypothesis import strategies as st

from assessments.engine import load_default

QUESTIONNAIRE, CRITERIA_SET = load_default()


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
        return st.one_of(
            wrong_types,
            st.just(True),
            st.just(["low"]),
            st.text(min_size=1).filter(lambda v: v not in question.choice_values),
        )
    if question.type == "multi_choice":
        first = question.choice_values[0]
        return st.one_of(wrong_types, st.just(first), st.just([first, first]), st.just([first, "zzz"]))
    if question.type == "yes_no":
        return st.one_of(wrong_types, st.sampled_from(["yes", "true", 1, 0, [True]]))
    return st.one_of(wrong_types, st.just(True), st.just("x" * (question.max_length + 1)))
