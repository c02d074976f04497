"""What a training path would cost, from the measured tokens: pure arithmetic over a profile,
stored findings and the usage the client gives, with every assumption said.

1. **Training**: (training tokens + validation tokens) × epochs × the path's price per training
   token. Tokens are the analysis's total (or, for an analysis that kept no total, its median
   example × valid examples, marked as an estimate); the eval set, when uploaded, is the
   validation set and is counted as billed every epoch (an upper bound). No price: "price not
   published" when the price figure was confirmed, else "price not confirmed".
2. **Inference**: with requests a day and prompt lengths (today's, when not given, is the median
   of the sample's system prompts, as measured at analysis), each request's cost on the prompted base
   model against the fine-tuned model with its shorter prompt (fine-tuned tokens usually cost
   more); the monthly difference is the saving.
3. **Break-even**: training cost ÷ monthly saving, in whole months, set against the base model's
   retirement date: paying back after the model retires is a finding, not a footnote.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .paths import iso, time_until
from .profiles import ProviderProfile

DAYS_PER_MONTH = Decimal("30.4")
MILLION = Decimal(1_000_000)

ASSUMPTIONS = (
    "Prices are list prices in US dollars per million tokens, before tax and discounts.",
    "Training bills every token of every example once per epoch; the number of epochs is the provider's usual default.",
    "The uploaded eval set serves as the validation set and is counted as billed once per epoch (an upper bound).",
    "A month is 30.4 days of the stated requests.",
    "The answer is as long on the fine-tuned model as on the base model; only the prompt gets shorter.",
)


@dataclass(frozen=True)
class Usage:
    """What the client says (or the sample shows) about their traffic; None where not given."""

    requests_per_day: int | None = None
    prompt_tokens: int | None = None  # the prompt sent to the base model today
    tuned_prompt_tokens: int | None = None  # what is left once the model is fine-tuned
    answer_tokens: int = 0
    # When ``prompt_tokens`` is the sample's measured median: how many system prompts it is the
    # median of (None: the figure was given).
    prompt_measured_from: int | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.requests_per_day, self.prompt_tokens, self.tuned_prompt_tokens)

    @property
    def prompt_source(self) -> str:
        """Where today's prompt length came from, in the report's words."""
        if self.prompt_measured_from is None:
            return "as you told us"
        n = self.prompt_measured_from
        return f"measured from your sample (median of {n:,} system prompt{'s' if n != 1 else ''})"


def measured_prompt(findings: Mapping[str, Any] | None) -> tuple[int, int] | None:
    """(median system-prompt tokens, examples with one) from a sample's findings; None when no
    example had a system prompt, or the analysis predates measuring them (unknown)."""
    measured = (findings or {}).get("system_prompts") or {}
    if not measured.get("examples") or measured.get("p50") is None:
        return None
    return int(measured["p50"]), int(measured["examples"])


def with_measured_prompt(usage: Usage, findings: Mapping[str, Any] | None) -> Usage:
    """``usage`` with today's prompt length from the sample when none was given: a figure given
    always wins."""
    measured = measured_prompt(findings)
    if usage.prompt_tokens is not None or measured is None:
        return usage
    return replace(usage, prompt_tokens=measured[0], prompt_measured_from=measured[1])


@dataclass
class PathCost:
    profile: ProviderProfile
    training_tokens: int
    validation_tokens: int
    epochs: int
    estimated_tokens: bool
    training_cost: Decimal | None
    price_note: str  # "" or "price not published" / "price not confirmed"
    monthly_saving: Decimal | None = None
    break_even_months: int | None = None
    findings: list[str] = field(default_factory=list)

    @property
    def billed_tokens(self) -> int:
        return (self.training_tokens + self.validation_tokens) * self.epochs


def file_tokens(findings: Mapping[str, Any] | None) -> tuple[int, bool]:
    """(tokens in the file's valid examples, whether that is an estimate)."""
    if not findings:
        return 0, False
    tokens = findings.get("tokens") or {}
    if tokens.get("total") is not None:
        return int(tokens["total"]), False
    return int(tokens.get("p50", 0)) * int(findings.get("valid_examples", 0)), True


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _price(value: str | None) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def path_cost(
    profile: ProviderProfile,
    training: Mapping[str, Any] | None,
    evals: Mapping[str, Any] | None,
    usage: Usage,
    on: date,
    say_date: Callable[[date], str] = iso,
) -> PathCost:
    """The training cost, monthly saving and break-even for one path (steps in the module doc)."""
    train_tokens, train_estimated = file_tokens(training)
    val_tokens, val_estimated = file_tokens(evals)
    price = _price(profile.training_price_per_million)
    epochs = profile.default_epochs
    cost = None
    note = ""
    if not train_tokens:
        # Nothing measured to bill: a cost of $0.00 would read as a figure.
        note = "no training sample measured yet"
    elif price is None:
        note = "price not published" if profile.figure_confirmed("price") else "price not confirmed"
    else:
        cost = (Decimal((train_tokens + val_tokens) * epochs) * price / MILLION).quantize(Decimal("0.01"))
    result = PathCost(profile, train_tokens, val_tokens, epochs, train_estimated or val_estimated, cost, note)
    prices = [
        _price(p)
        for p in (
            profile.base_input_price_per_million,
            profile.base_output_price_per_million,
            profile.tuned_input_price_per_million,
            profile.tuned_output_price_per_million,
        )
    ]
    base_in, base_out, tuned_in, tuned_out = prices
    requests, prompt, tuned_prompt = usage.requests_per_day, usage.prompt_tokens, usage.tuned_prompt_tokens
    # Usage.complete and every price, spelled out so each value is known to be there below.
    if requests is None or prompt is None or tuned_prompt is None:
        return result
    if base_in is None or base_out is None or tuned_in is None or tuned_out is None:
        return result
    answer = Decimal(usage.answer_tokens)
    per_request_base = Decimal(prompt) * base_in + answer * base_out
    per_request_tuned = Decimal(tuned_prompt) * tuned_in + answer * tuned_out
    monthly = (per_request_base - per_request_tuned) * Decimal(requests) * DAYS_PER_MONTH / MILLION
    result.monthly_saving = monthly.quantize(Decimal("0.01"))
    retires = date.fromisoformat(profile.retires_on) if profile.retires_on else None
    if monthly <= 0:
        result.findings.append(
            f"Never pays back: the fine-tuned model costs {money(-monthly)} a month more than the prompted base model."
        )
        return result
    if cost is None:
        result.findings.append(f"Saves {money(monthly)} a month; the training cost is unknown ({note}).")
        return result
    months = max(1, math.ceil(cost / monthly))
    result.break_even_months = months
    sentence = f"Pays back in {months} month{'s' if months != 1 else ''}"
    if retires:
        payback_day = on.toordinal() + int(months * 30.4)
        sentence += f"; the base model retires {time_until(on, retires)} ({say_date(retires)})"
        sentence += "." if payback_day < retires.toordinal() else ", before it has paid back."
    else:
        sentence += "; no retirement date is announced for the base model."
    result.findings.append(sentence)
    return result
