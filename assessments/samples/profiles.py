"""Provider profiles: what each fine-tuning service accepts, as data (profiles.json).

The shipped file is the default; the admin-editable copy in the database (seeded from it) is
what analyses and reports use. Figures come with their source; check them again
before relying on them, providers change them without notice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

PROFILES_FILE = Path(__file__).with_name("profiles.json")


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


def profiles_from(data: dict) -> tuple[ProviderProfile, ...]:
    """Profiles from the JSON shape of profiles.json (``{"providers": [...]}``)."""
    checked = data.get("checked", "")
    return tuple(ProviderProfile(**{"checked": checked, **provider}) for provider in data["providers"])


def default_profiles() -> tuple[ProviderProfile, ...]:
    return profiles_from(json.loads(PROFILES_FILE.read_text(encoding="utf-8")))
