"""Provider profiles: what each fine-tuning service accepts, as data (profiles.json).

The shipped file is the default; the admin-editable copy in the database (seeded from it) is
what analyses and reports use. Figures come with their source; check them again
before relying on them, providers change them without notice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .tokens import DEFAULT_ENCODING

PROFILES_FILE = Path(__file__).with_name("profiles.json")

# Fit-checking facts per provider (by slug), kept with the checking code rather than in the
# admin-edited figures: which record format its named models train on, and which tokenizer
# counts their tokens. gpt-4o, gpt-4o-mini and gpt-4.1 use o200k_base (tiktoken's model table,
# tiktoken/model.py); OpenAI's current models train on chat messages only, legacy
# prompt/completion being for the retired babbage-002/davinci-002. Bedrock's Claude 3 Haiku
# takes system + messages records; Vertex's Gemini tuning takes contents records.
TRAINED_FORMATS: dict[str, tuple[str, ...]] = {
    "openai": ("openai_chat",),
    "bedrock_claude": ("bedrock_claude",),
    "vertex_gemini": ("vertex_gemini",),
}
# (encoding, exact): Claude's and Gemini's tokenizers aren't published, so theirs is an estimate.
TOKENIZERS: dict[str, tuple[str, bool]] = {"openai": ("o200k_base", True)}
ESTIMATE = (DEFAULT_ENCODING, False)


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
    checked: str = ""  # when the figures were last checked, "YYYY-MM"

    @property
    def formats(self) -> tuple[str, ...] | None:
        """The record formats this provider's models train on; None when not known (a provider
        added in the admin), so the format is not judged."""
        return TRAINED_FORMATS.get(self.slug)

    @property
    def encoding(self) -> str:
        return TOKENIZERS.get(self.slug, ESTIMATE)[0]

    @property
    def exact_tokens(self) -> bool:
        """Whether token counts with ``encoding`` are this provider's own (else an estimate)."""
        return TOKENIZERS.get(self.slug, ESTIMATE)[1]


def profiles_from(data: dict) -> tuple[ProviderProfile, ...]:
    """Profiles from the JSON shape of profiles.json (``{"providers": [...]}``)."""
    checked = data.get("checked", "")
    return tuple(ProviderProfile(**{"checked": checked, **provider}) for provider in data["providers"])


def default_profiles() -> tuple[ProviderProfile, ...]:
    return profiles_from(json.loads(PROFILES_FILE.read_text(encoding="utf-8")))
