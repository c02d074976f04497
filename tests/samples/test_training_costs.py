"""The cost model (pure): training tokens × epochs × price with validation included, "price not
published/confirmed" without one, the monthly saving and break-even set against the base
model's retirement, and today's prompt length measured from the sample's system prompts unless
one was given."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from assessments.samples import default_profiles
from assessments.samples.costs import ASSUMPTIONS, Usage, file_tokens, measured_prompt, path_cost, with_measured_prompt

DAY = date(2026, 12, 4)
TRAINING = {"valid_examples": 300, "tokens": {"p50": 400, "total": 120_000}}
EVALS = {"valid_examples": 40, "tokens": {"p50": 500, "total": 20_000}}
USAGE = Usage(requests_per_day=20_000, prompt_tokens=2_500, tuned_prompt_tokens=300, answer_tokens=200)


def _profile(slug):
    return next(p for p in default_profiles() if p.slug == slug)


def test_training_cost_is_tokens_times_epochs_times_price_with_validation_included():
    cost = path_cost(_profile("openai-gpt-4-1-mini-sft"), TRAINING, EVALS, Usage(), DAY)
    assert cost.billed_tokens == (120_000 + 20_000) * 3
    assert cost.training_cost == Decimal("2.10")  # 420,000 tokens at $5 per million
    assert cost.price_note == "" and not cost.estimated_tokens


def test_an_analysis_without_a_token_total_is_estimated_from_its_median_and_marked():
    tokens, estimated = file_tokens({"valid_examples": 300, "tokens": {"p50": 400}})
    assert (tokens, estimated) == (120_000, True)


def test_no_price_reads_not_confirmed_unless_the_price_figure_was_confirmed():
    vertex = _profile("vertex-gemini-2-5-flash-sft")
    assert path_cost(vertex, TRAINING, None, Usage(), DAY).price_note == "price not confirmed"
    figures = {**vertex.figures, "price": {**vertex.figures["price"], "confirmed": True}}
    confirmed = replace(vertex, figures=figures)
    cost = path_cost(confirmed, TRAINING, None, Usage(), DAY)
    assert cost.training_cost is None and cost.price_note == "price not published"


def test_the_saving_is_the_monthly_difference_between_prompted_base_and_fine_tuned():
    cost = path_cost(_profile("openai-gpt-4-1-mini-sft"), TRAINING, EVALS, USAGE, DAY)
    # base: 2,500 × 0.40 + 200 × 1.60 = 1,320; tuned: 300 × 0.80 + 200 × 3.20 = 880 (per million)
    assert cost.monthly_saving == (Decimal(440) * 20_000 * Decimal("30.4") / 1_000_000).quantize(Decimal("0.01"))
    assert cost.break_even_months == 1


def test_paying_back_after_the_base_model_retires_is_said_as_a_finding():
    dear = replace(_profile("openai-gpt-4-1-sft"), training_price_per_million="100000")
    cost = path_cost(dear, TRAINING, EVALS, USAGE, DAY)
    assert cost.break_even_months > 2
    assert cost.findings == [
        f"Pays back in {cost.break_even_months} months; the base model retires in 5 weeks (2027-01-14), "
        "before it has paid back."
    ]


def test_paying_back_before_retirement_reads_as_such():
    far = replace(_profile("openai-gpt-4-1-mini-sft"), retires_on="2028-01-01")
    assert path_cost(far, TRAINING, EVALS, USAGE, DAY).findings == [
        "Pays back in 1 month; the base model retires in 13 months (2028-01-01)."
    ]


def test_a_fine_tuned_model_dearer_per_request_never_pays_back():
    barely_shorter = Usage(requests_per_day=1_000, prompt_tokens=400, tuned_prompt_tokens=350, answer_tokens=300)
    cost = path_cost(_profile("openai-gpt-4-1-mini-sft"), TRAINING, EVALS, barely_shorter, DAY)
    assert cost.monthly_saving < 0 and cost.break_even_months is None
    assert cost.findings[0].startswith("Never pays back: the fine-tuned model costs $")


def test_without_the_clients_traffic_no_saving_is_worked_out():
    cost = path_cost(_profile("openai-gpt-4-1-mini-sft"), TRAINING, EVALS, Usage(requests_per_day=100), DAY)
    assert cost.monthly_saving is None and cost.findings == []


def test_the_assumptions_are_stated():
    assert any("epoch" in a for a in ASSUMPTIONS) and any("validation" in a for a in ASSUMPTIONS)


def test_without_a_measured_training_sample_no_cost_is_given_not_a_zero():
    cost = path_cost(_profile("openai-gpt-4-1-mini-sft"), None, None, Usage(), DAY)
    assert cost.training_cost is None and cost.price_note == "no training sample measured yet"


MEASURED = {**TRAINING, "system_prompts": {"examples": 300, "p50": 2_500, "encoding": "o200k_base"}}
NOT_TODAY = Usage(requests_per_day=20_000, tuned_prompt_tokens=300, answer_tokens=200)


def test_todays_prompt_not_given_is_the_samples_median_system_prompt_and_says_so():
    usage = with_measured_prompt(NOT_TODAY, MEASURED)
    assert (usage.prompt_tokens, usage.prompt_measured_from) == (2_500, 300)
    assert usage.prompt_source == "measured from your sample (median of 300 system prompts)"
    # The same saving as when the architect enters the same figure.
    mini = _profile("openai-gpt-4-1-mini-sft")
    assert (
        path_cost(mini, MEASURED, EVALS, usage, DAY).monthly_saving
        == path_cost(mini, TRAINING, EVALS, USAGE, DAY).monthly_saving
    )


def test_a_given_prompt_length_wins_over_the_measured_one():
    usage = with_measured_prompt(Usage(prompt_tokens=900), MEASURED)
    assert (usage.prompt_tokens, usage.prompt_measured_from) == (900, None)
    assert usage.prompt_source == "as you told us"


def test_without_system_prompts_or_from_an_older_analysis_the_saving_still_asks_for_the_prompt_length():
    none_found = {**TRAINING, "system_prompts": {"examples": 0, "p50": None, "encoding": "o200k_base"}}
    for findings in (none_found, TRAINING, None):  # TRAINING: an analysis made before this field
        assert measured_prompt(findings) is None
        usage = with_measured_prompt(NOT_TODAY, findings)
        assert usage == NOT_TODAY and not usage.complete
        assert path_cost(_profile("openai-gpt-4-1-mini-sft"), findings, EVALS, usage, DAY).monthly_saving is None
