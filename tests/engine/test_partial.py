"""Partial answers: three-valued criteria, decided only when no completion could change the verdict.

The exact answer is checked against brute force: every completion of the open questions over
their full answer domains, each validated and evaluated as a submitted answer set would be.
"""

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import engine
from assessments.engine import partial
from assessments.engine.content import MEASURED_CRITERIA_SET
from assessments.engine.definitions import PolicyRule
from tests.answers import READY_CLIENT
from tests.engine.answer_strategies import CRITERIA_SET, QUESTIONNAIRE, valid_answers

Q = QUESTIONNAIRE


def _full_domain(q):
    if q.type == "single_choice":
        return list(q.choice_values)
    if q.type == "yes_no":
        return [True, False]
    if q.type == "multi_choice":
        return [list(c) for n in range(1, len(q.choices) + 1) for c in itertools.combinations(q.choice_values, n)]
    return ["Some words."]


def brute_force(criteria_set, given_answers, open_slugs, facts=None):
    """(verdicts of every completion, criterion slug → set of outcomes over the completions)."""
    pools = [[None, *_full_domain(Q.by_slug[s])] for s in open_slugs]
    verdicts, outcomes = set(), {}
    for combo in itertools.product(*pools):
        candidate = dict(given_answers)
        candidate.update({s: v for s, v in zip(open_slugs, combo, strict=True) if v is not None})
        check = engine.validate_answers(Q, candidate)
        if check.problems:
            continue  # not a completion: a shown required question is still open
        result = engine.evaluate(Q, criteria_set, check.answers, facts)
        verdicts.add(result.verdict)
        for c in result.criteria:
            outcomes.setdefault(c.slug, set()).add(c.matched)
    return verdicts, outcomes


def _open(answers, *slugs):
    return {k: v for k, v in answers.items() if k not in slugs}


SMALL = [q.slug for q in Q.questions if q.type in ("single_choice", "yes_no")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=valid_answers(),
    open_small=st.lists(st.sampled_from(SMALL), max_size=3, unique=True),
    goals_open=st.booleans(),
)
def test_any_partial_answer_set_is_decided_exactly_when_every_completion_agrees(answers, open_small, goals_open):
    open_slugs = open_small[:1] + ["goals"] if goals_open else open_small
    given_answers = _open(answers, *open_slugs)
    verdicts, outcomes = brute_force(CRITERIA_SET, given_answers, open_slugs)
    result = engine.evaluate_partial(Q, CRITERIA_SET, given_answers)
    assert set(result.possible) == verdicts
    assert result.decided == (len(verdicts) == 1)
    for c in result.evaluation.criteria:
        expected = None if len(outcomes[c.slug]) > 1 else next(iter(outcomes[c.slug]))
        assert c.matched == expected, c.slug


@settings(max_examples=25, deadline=None)
@given(answers=valid_answers(), open_small=st.lists(st.sampled_from(SMALL), min_size=1, max_size=3, unique=True))
def test_a_policy_read_in_ways_the_shortcut_cant_follow_is_still_decided_exactly(answers, open_small):
    # `size(matched)` is not a membership test, so every criterion counts for the policy.
    odd = replace(
        CRITERIA_SET,
        policy=(PolicyRule("many", "size(matched) > 3", "not_yet", "Many things matched."), *CRITERIA_SET.policy),
    )
    given_answers = _open(answers, *open_small)
    verdicts, _ = brute_force(odd, given_answers, open_small)
    result = engine.evaluate_partial(Q, odd, given_answers)
    assert set(result.possible) == verdicts and result.decided == (len(verdicts) == 1)


@settings(max_examples=40, deadline=None)
@given(answers=valid_answers())
def test_complete_answers_are_decided_as_v1_decides_them(answers):
    check = engine.validate_answers(Q, answers)
    whole = engine.evaluate(Q, CRITERIA_SET, check.answers)
    result = engine.evaluate_partial(Q, CRITERIA_SET, check.answers)
    assert result.decided and result.verdict == whole.verdict and result.possible == (whole.verdict,)
    assert result.evaluation.matched == whole.matched and result.evaluation.approaches == whole.approaches
    assert result.open == () and result.unknown == () and result.depends_on == ()


# Each policy rule, with the criterion it reads left open.


def test_rule_no_fit_with_goals_open_is_undecided_and_depends_on_the_goals():
    result = engine.evaluate_partial(Q, CRITERIA_SET, _open(READY_CLIENT, "goals"))
    assert not result.decided and result.verdict is None
    assert set(result.possible) == {"do_not_fine_tune", "fine_tune"}
    assert "goals" in result.open and "fit_style_voice" in result.unknown
    assert [d.slug for d in result.depends_on] == ["goals"]


def test_rule_base_model_sufficient_with_the_base_model_open_is_undecided():
    result = engine.evaluate_partial(Q, CRITERIA_SET, _open(READY_CLIENT, "base_model_fit"))
    assert result.possible == ("do_not_fine_tune", "fine_tune") and "base_model_fit" in result.open
    (depends,) = result.depends_on
    assert (depends.slug, depends.settles) == ("base_model_fit", ("do_not_fine_tune", "fine_tune"))


def test_rule_prompting_not_tried_with_prompting_open_is_undecided():
    result = engine.evaluate_partial(Q, CRITERIA_SET, _open(READY_CLIENT, "prompting_tried", "prompting_outcome"))
    assert result.possible == ("do_not_fine_tune", "fine_tune")
    assert result.open == ("prompting_tried",)  # its follow-up is not shown until it is answered


def test_rule_prerequisite_missing_with_the_data_open_is_undecided():
    result = engine.evaluate_partial(
        Q, CRITERIA_SET, _open(READY_CLIENT, "curated_examples", "examples_reviewed", "training_data_rights")
    )
    assert result.possible == ("fine_tune", "not_yet")
    assert "insufficient_curated_data" in result.unknown


def test_rule_ready_is_never_reached_by_falling_through_unanswered_questions():
    # The workshop case of issue 23: one goal ticked; every answer it needs is still open.
    result = engine.evaluate_partial(Q, CRITERIA_SET, {"goals": ["style_voice"]})
    assert not result.decided and result.leaning == "fine_tune"
    assert set(result.possible) == {"fine_tune", "not_yet", "do_not_fine_tune"}
    assert result.to_dict()["verdict"] is None and result.to_dict()["decided_by"] is None
    assert {"prompting_tried", "curated_examples", "evaluation_method"} <= {d.slug for d in result.depends_on}


def test_a_verdict_no_completion_can_change_is_decided_and_cites_only_known_criteria():
    result = engine.evaluate_partial(Q, CRITERIA_SET, {"prompting_tried": "not_tried"})
    assert result.decided and result.verdict == "do_not_fine_tune"
    # With goals open, the answers as they stand fall to "no fit"; every completion has
    # prompting_not_tried, so that is the rule that explains it.
    assert result.evaluation.decided_by[0] == "prompting_not_tried"
    assert result.evaluation.matched == ("prompting_not_tried",)
    assert "fit_style_voice" in result.unknown


def test_a_verdict_reached_by_different_rules_in_different_completions_says_so_in_general_words():
    # Prompting open: "not tried" decides by one rule, "systematic" with "meets needs" by another.
    answers = {**_open(READY_CLIENT, "prompting_tried"), "prompting_outcome": "meets_needs"}
    result = engine.evaluate_partial(Q, CRITERIA_SET, answers)
    assert result.decided and result.verdict == "do_not_fine_tune"
    assert result.evaluation.decided_by == ("", "Every way of answering the open questions leads to this verdict.")


def test_unknown_criteria_are_neither_matched_nor_unmatched_and_carry_no_evidence():
    result = engine.evaluate_partial(Q, CRITERIA_SET, {"goals": ["style_voice"]})
    by_slug = {c.slug: c for c in result.evaluation.criteria}
    assert by_slug["fit_style_voice"].matched is True
    assert by_slug["needs_new_knowledge"].matched is False  # goals are answered: known
    assert by_slug["no_baseline"].matched is None and by_slug["no_baseline"].evidence == {}
    data = {c["slug"]: c["matched"] for c in result.to_dict()["criteria"]}
    assert data["no_baseline"] is None
    assert result.evaluation.next_steps == tuple(
        c.next_step for c in CRITERIA_SET.criteria if c.slug == "fit_style_voice" and c.next_step
    )


def test_measured_facts_are_fixed_so_a_criterion_reading_a_measurement_is_known():
    facts = {"sample.unique_examples": 40}
    v2 = engine.load_criteria_set(MEASURED_CRITERIA_SET)  # its data criterion prefers a measurement
    result = engine.evaluate_partial(Q, v2, _open(READY_CLIENT, "curated_examples"), facts)
    by_slug = {c.slug: c.matched for c in result.evaluation.criteria}
    assert by_slug["insufficient_curated_data"] is True
    assert result.decided and result.verdict == "not_yet"


def test_an_answer_a_completion_shows_again_is_kept_as_given():
    # knowledge_change_rate was answered, then hidden by clearing the goals: a completion that
    # ticks "new knowledge" again shows it with the answer given, so it is no open question.
    answers = {**_open(READY_CLIENT, "goals"), "knowledge_change_rate": "weekly_or_faster"}
    verdicts, outcomes = brute_force(CRITERIA_SET, answers, ["goals"])
    result = engine.evaluate_partial(Q, CRITERIA_SET, answers)
    assert set(result.possible) == verdicts
    assert "knowledge_change_rate" not in result.open
    assert outcomes["fast_changing_knowledge"] == {True, False}


def test_past_the_budget_nothing_is_called_decided(monkeypatch):
    monkeypatch.setattr(partial, "BUDGET", 5)
    result = engine.evaluate_partial(Q, CRITERIA_SET, {"prompting_tried": "not_tried"})
    assert not result.exhaustive and not result.decided and result.to_dict()["exhaustive"] is False


def test_assess_partial_accepts_open_required_questions_but_not_bad_values():
    result, problems = engine.assess_partial(Q, CRITERIA_SET, {"goals": ["style_voice"]})
    assert problems == [] and not result.decided
    result, problems = engine.assess_partial(Q, CRITERIA_SET, {"goals": ["style_voice"], "request_volume": "huge"})
    assert result is None and [p.slug for p in problems] == ["request_volume"]
    result, problems = engine.assess_partial(Q, CRITERIA_SET, {"nonsense": 1})
    assert result is None and problems[0].slug == "nonsense"
