"""The path to yes: measured facts move too, as things a client can do, and every change says
which way it moves the verdict, what makes it "Fine-tune" first."""

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import engine
from assessments.engine.content import MEASURED_CRITERIA_SET
from tests.answers import READY_CLIENT
from tests.engine.answer_strategies import valid_answers

Q, _ = engine.load_default()
V2 = engine.load_criteria_set(MEASURED_CRITERIA_SET)
# Issue 23's client: 266 unique examples, but five eval cases repeat training examples.
CONTAMINATED = {
    "sample.valid_examples": 270,
    "sample.unique_examples": 266,
    "evals.cases_with_expected": 40,
    "evals.contaminated": 5,
}


def _moved(cf):
    answers = {**READY_CLIENT, **{slug: new for slug, _, new in cf.changes}}
    facts = {**CONTAMINATED, **{name: new for name, _, new in cf.fact_changes}}
    return answers, facts


def test_removing_the_contaminated_eval_cases_is_the_first_step_toward_fine_tune():
    assert engine.evaluate(Q, V2, READY_CLIENT, CONTAMINATED).verdict == "not_yet"
    path = engine.path_to_yes(Q, V2, READY_CLIENT, CONTAMINATED)
    first = path[0]
    assert first.fact_changes == (("evals.contaminated", 5, 0),) and first.changes == ()
    assert (first.new_verdict, first.direction) == ("fine_tune", "toward")


def test_answers_alone_would_have_hidden_that_fix():
    # Holding measured facts fixed, the only changes left make the verdict worse (the bug).
    plain = engine.counterfactuals(Q, V2, READY_CLIENT, facts=CONTAMINATED)
    assert plain and all(cf.new_verdict == "do_not_fine_tune" for cf in plain)


def test_too_few_unique_examples_asks_for_exactly_the_missing_ones():
    facts = {**CONTAMINATED, "evals.contaminated": 0, "sample.unique_examples": 66}
    path = engine.path_to_yes(Q, V2, READY_CLIENT, facts)
    assert path[0].fact_changes == (("sample.unique_examples", 66, 100),)
    assert path[0].new_verdict == "fine_tune"


def test_directions_come_in_order_fine_tune_then_toward_then_away():
    answers = {**READY_CLIENT, "curated_examples": "under_100", "prompting_tried": "ad_hoc"}
    path = engine.path_to_yes(Q, V2, answers, CONTAMINATED)
    now = engine.evaluate(Q, V2, answers, CONTAMINATED).verdict
    groups = [0 if cf.new_verdict == "fine_tune" else 1 if cf.direction == "toward" else 2 for cf in path]
    assert groups == sorted(groups) and 2 not in groups[:1]
    for cf in path:
        closer = engine.CLOSENESS[cf.new_verdict] > engine.CLOSENESS[now]
        assert cf.direction == ("toward" if closer else "away")


def test_every_change_on_the_path_really_gives_its_verdict():
    for cf in engine.path_to_yes(Q, V2, READY_CLIENT, CONTAMINATED):
        answers, facts = _moved(cf)
        assert engine.evaluate(Q, V2, answers, facts).verdict == cf.new_verdict


def test_facts_move_only_within_their_range_and_only_when_measured():
    moves = engine.fact_moves(V2, CONTAMINATED)
    assert moves and all(new >= 0 for _, _, new in moves)
    assert {name for name, _, _ in moves} <= set(CONTAMINATED)
    assert engine.fact_moves(V2, {}) == [] and engine.fact_moves(V2, None) == []


def test_without_measured_facts_the_path_is_the_answer_changes_with_directions():
    path = engine.path_to_yes(Q, V2, READY_CLIENT)
    plain = engine.counterfactuals(Q, V2, READY_CLIENT)
    assert sorted(cf.changes for cf in path) == sorted(cf.changes for cf in plain)
    assert all(cf.direction == "away" for cf in path)  # already fine-tune: every change is away


FACT_SETS = st.fixed_dictionaries(
    {},
    optional={
        "sample.unique_examples": st.integers(0, 2000),
        "evals.cases_with_expected": st.integers(0, 60),
        "evals.contaminated": st.integers(0, 12),
        "sample.pii_lines": st.integers(0, 5),
        "sample.over_limit_share": st.sampled_from([0.0, 0.05, 0.5]),
    },
)


@given(valid_answers(), FACT_SETS)
@settings(max_examples=60, deadline=None)
def test_over_many_clients_each_step_gives_its_verdict_in_its_direction_and_in_order(answers, facts):
    answers = engine.validate_answers(Q, answers).answers
    now = engine.evaluate(Q, V2, answers, facts).verdict
    path = engine.path_to_yes(Q, V2, answers, facts)
    groups = [0 if cf.new_verdict == "fine_tune" else 1 if cf.direction == "toward" else 2 for cf in path]
    assert groups == sorted(groups)
    for cf in path:
        moved = {**answers, **{slug: new for slug, _, new in cf.changes}}
        moved_facts = {**facts, **{name: new for name, _, new in cf.fact_changes}}
        assert engine.evaluate(Q, V2, moved, moved_facts).verdict == cf.new_verdict != now
        assert cf.direction == ("toward" if engine.CLOSENESS[cf.new_verdict] > engine.CLOSENESS[now] else "away")
        assert {name for name, _, _ in cf.fact_changes} <= set(facts)  # only what was measured moves
