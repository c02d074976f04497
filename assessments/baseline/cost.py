"""What a run may cost, before anything is sent: input tokens counted, output bounded by the
maximum output tokens, priced from the connection's price per million tokens.

Input tokens are counted with the cl100k_base vocabulary (the analyser's counter). Other
providers' tokenisers differ by some per cent either way, so the estimate adds a margin; the
output bound (max tokens on every call) is the real guard, and the cap is enforced on the
tokens the provider reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.samples.tokens import count_tokens

TOKENISER_MARGIN = 1.15  # other vocabularies than cl100k_base count up to ~15 % more tokens
PER_MESSAGE_OVERHEAD = 4  # role markers and separators a chat format adds per message


@dataclass(frozen=True)
class Prices:
    input_per_million: float  # USD per million input tokens
    output_per_million: float

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return (tokens_in * self.input_per_million + tokens_out * self.output_per_million) / 1_000_000


@dataclass(frozen=True)
class Estimate:
    calls: int
    tokens_in: int
    max_tokens_out: int
    max_cost_usd: float

    def to_dict(self) -> dict:
        return {
            "calls": self.calls,
            "tokens_in": self.tokens_in,
            "max_tokens_out": self.max_tokens_out,
            "max_cost_usd": round(self.max_cost_usd, 6),
        }


def request_tokens(system: str, messages) -> int:
    """Input tokens of one call (estimated, with the margin)."""
    texts = tuple(t for _, t in messages) + ((system,) if system else ())
    counted = count_tokens(texts) + PER_MESSAGE_OVERHEAD * len(texts)
    return int(counted * TOKENISER_MARGIN) + 1


def estimate(cases, systems: list[str], *, repeats: int, max_tokens: int, prices: Prices) -> Estimate:
    """The most a run of ``cases`` × ``systems`` (one per prompt variant) × ``repeats`` can cost."""
    tokens_in = sum(request_tokens(system, case.messages) for case in cases for system in systems) * repeats
    calls = len(cases) * len(systems) * repeats
    tokens_out = calls * max_tokens
    return Estimate(calls, tokens_in, tokens_out, prices.cost(tokens_in, tokens_out))
