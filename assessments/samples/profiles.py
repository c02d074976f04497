"""Provider profiles: one training path each — a provider's model, trained by one method — as
data (profiles.json), with its status, dates, limits, prices and where each figure was read.

The shipped file is the default; the admin-editable copy in the database (seeded from it) is
what analyses and reports use. Each figure carries its source address, the date it was checked
and whether it was confirmed on the provider's own page; an unconfirmed figure is shown as such.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .tokens import DEFAULT_ENCODING

PROFILES_FILE = Path(__file__).with_name("profiles.json")

# Which tokenizer counts a provider's tokens, kept with the checking code rather than in the
# admin-edited figures: gpt-4o and gpt-4.1 use o200k_base (tiktoken's model table,
# tiktoken/model.py). (encoding, exact): Claude's, Nova's and Gemini's tokenizers aren't
# published, so theirs is an estimate. The formats each path trains on are data (`formats`).
TOKENIZERS: dict[str, tuple[str, bool]] = {"openai": ("o200k_base", True)}
ESTIMATE = (DEFAULT_ENCODING, False)
# Training methods and statuses (their words for people are in assessments.samples.paths).
METHODS = ("supervised", "preference", "reinforcement")
STATUSES = ("available", "closing", "closed", "by_engagement")
# The figures each profile cites a source for.
FIGURES = ("status", "retirement", "limits", "price")


@dataclass(frozen=True)
class ProviderProfile:
    slug: str
    name: str
    min_examples: int
    recommended_examples: int
    max_tokens_per_example: int
    max_training_examples: int | None
    max_validation_examples: int | None
    source: str
    notes: str = ""
    # Whether new fine-tuning jobs can still be started, and until when ("" when nothing to say).
    availability: str = ""
    checked: str = ""  # the oldest figure's check date, "YYYY-MM-DD" (or "YYYY-MM" in old data)
    provider: str = ""
    provider_name: str = ""
    model: str = ""
    method: str = "supervised"
    status: str = "available"
    closes_on: str | None = None  # ISO date new jobs stop (status "closing")
    retires_on: str | None = None  # ISO date the base model (and its fine-tunes) stop answering
    # The analyser formats this path trains on as they are; other chat formats need converting.
    formats: tuple[str, ...] = ()
    # Prices in US dollars per million tokens, as strings so no float creeps in (None: not known).
    training_price_per_million: str | None = None
    default_epochs: int = 3
    base_input_price_per_million: str | None = None
    base_output_price_per_million: str | None = None
    tuned_input_price_per_million: str | None = None
    tuned_output_price_per_million: str | None = None
    # figure → {"source", "checked", "confirmed", "note"}
    figures: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def encoding(self) -> str:
        return TOKENIZERS.get(self.provider or self.slug, ESTIMATE)[0]

    @property
    def exact_tokens(self) -> bool:
        """Whether token counts with ``encoding`` are this provider's own (else an estimate)."""
        return TOKENIZERS.get(self.provider or self.slug, ESTIMATE)[1]

    def figure_confirmed(self, figure: str) -> bool:
        return bool((self.figures.get(figure) or {}).get("confirmed"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one path in profiles.json (what a report freezes)."""
        return {name: getattr(self, name) if name != "formats" else list(self.formats) for name in _FIELDS}


_FIELDS = tuple(ProviderProfile.__dataclass_fields__)


def oldest_check(figures: dict[str, Any]) -> str:
    dates = [f.get("checked", "") for f in figures.values() if f.get("checked")]
    return min(dates, default="")


PRICES = (
    "training_price_per_million",
    "base_input_price_per_million",
    "base_output_price_per_million",
    "tuned_input_price_per_million",
    "tuned_output_price_per_million",
)


def price_text(value: Decimal | float | str | None) -> str | None:
    """A price as its shortest exact string ("5.00" and "5.0000" both read "5"), so a profile from
    the file, from a row and from a frozen report compare equal."""
    return None if value in (None, "") else format(Decimal(str(value)).normalize(), "f")


def profile_from_dict(entry: dict[str, Any], checked: str = "") -> ProviderProfile:
    values = {k: v for k, v in entry.items() if k in _FIELDS}
    values["formats"] = tuple(values.get("formats") or ())
    for name in PRICES:
        values[name] = price_text(values.get(name))
    values.setdefault("checked", oldest_check(values.get("figures") or {}) or checked)
    return ProviderProfile(**values)


def profiles_from(data: dict[str, Any]) -> tuple[ProviderProfile, ...]:
    """Profiles from the JSON shape of profiles.json: ``{"paths": [...]}`` (version 2) or the
    provider-level ``{"providers": [...]}`` of version 1."""
    checked = data.get("checked", "")
    entries = data.get("paths", data.get("providers", []))
    return tuple(profile_from_dict(entry, checked) for entry in entries)


def default_profiles() -> tuple[ProviderProfile, ...]:
    return profiles_from(json.loads(PROFILES_FILE.read_text(encoding="utf-8")))
