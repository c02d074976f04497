"""The Wilson interval against published values, and the cost estimate's bound."""

import pytest

from assessments.baseline import Prices, build_variants, estimate, read_cases, wilson

Z = 1.959963984540054


@pytest.mark.parametrize(("passed", "total"), [(81, 263), (85, 120), (1, 3), (119, 120)])
def test_wilson_bounds_are_where_the_score_test_is_exactly_at_the_95_percent_edge(passed, total):
    # The Wilson interval is the set of rates p0 the score test doesn't reject:
    # (p̂ − p0)² = z² p0 (1 − p0) / n holds at both ends.
    share = passed / total
    for bound in wilson(passed, total):
        assert (share - bound) ** 2 == pytest.approx(Z**2 * bound * (1 - bound) / total, rel=1e-9)


def test_wilson_at_zero_and_all_passed_has_the_closed_form_z2_over_n_plus_z2():
    edge = Z**2 / (10 + Z**2)  # 0.2775 for n = 10
    assert wilson(0, 10) == pytest.approx((0.0, edge))
    assert wilson(10, 10) == pytest.approx((1 - edge, 1.0))


def test_wilson_with_nothing_graded_knows_nothing_and_refuses_impossible_counts():
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(5, 3)


def test_the_estimate_bounds_output_by_max_tokens_for_every_call():
    cases = read_cases([b'{"input": "What is the capital of France?", "expected": "Paris"}'] * 4)
    systems = [v.system for v in build_variants("Be brief.", cases, count=1)]
    prices = Prices(input_per_million=3.0, output_per_million=15.0)
    plan = estimate(cases, systems, repeats=3, max_tokens=100, prices=prices)
    assert plan.calls == 4 * 2 * 3
    assert plan.max_tokens_out == plan.calls * 100
    assert plan.max_cost_usd == pytest.approx((plan.tokens_in * 3 + plan.max_tokens_out * 15) / 1e6)
