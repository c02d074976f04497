"""One vocabulary: every slug the engine knows has exactly one label, and the helpers use it."""

from assessments import engine
from assessments.engine.definitions import APPROACHES, CRITERION_KINDS, VERDICTS


def test_every_engine_verdict_approach_and_kind_has_a_label_and_no_label_is_extra():
    assert tuple(engine.VERDICT_LABELS) == VERDICTS
    assert tuple(engine.APPROACH_LABELS) == APPROACHES
    assert tuple(engine.KIND_LABELS) == tuple(engine.KIND_FINDINGS) == tuple(engine.KIND_HEADINGS) == CRITERION_KINDS


def test_labels_are_distinct_words_not_slugs():
    for labels in (engine.VERDICT_LABELS, engine.APPROACH_LABELS, engine.KIND_LABELS):
        assert len(set(labels.values())) == len(labels)
        assert all(label != slug and "_" not in label for slug, label in labels.items())


def test_label_helpers_fall_back_to_the_slug_and_to_empty_for_nothing():
    assert engine.verdict_label("do_not_fine_tune") == "Do not fine-tune"
    assert engine.verdict_label("made_up") == "made_up"
    assert engine.verdict_label(None) == ""
    assert engine.approach_label("rag") == "Retrieval (RAG)"
    assert engine.kind_finding("prerequisite") == "Prerequisite missing"


def test_every_verdict_the_default_policy_can_give_has_a_label(default):
    _, criteria_set = default
    assert {rule.verdict for rule in criteria_set.policy} <= set(engine.VERDICT_LABELS)


def test_an_answer_in_words_uses_choice_labels_and_capitalised_yes_no(default):
    questionnaire, _ = default
    goals = questionnaire.by_slug["goals"]
    first, second = goals.choices[0], goals.choices[1]
    assert engine.answer_text(goals, [first.value, second.value]) == f"{first.label}, {second.label}"
    yes_no = next(q for q in questionnaire.questions if q.type == "yes_no")
    assert engine.answer_text(yes_no, True) == "Yes"
    assert engine.answer_text(yes_no, False) == "No"
    assert engine.answer_text(goals, []) == "Not answered"
    assert engine.answer_text(goals, None, unanswered="") == ""


def test_is_answered_treats_none_empty_text_and_empty_list_as_unanswered():
    assert [engine.is_answered(v) for v in (None, "", [], False, 0, "x", ["a"])] == [
        False,
        False,
        False,
        True,
        True,
        True,
        True,
    ]
