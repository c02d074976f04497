"""The words people read for the engine's slugs: verdicts, approaches and criterion kinds.

One place, so a verdict reads the same on every page, in every export and in the report. Model
choices, the editor, the report, the workshop screen and the template filters all derive from
these maps; a test checks that they name exactly the engine's slugs.
"""

from __future__ import annotations

from .definitions import APPROACHES, CRITERION_KINDS, VERDICTS

VERDICT_LABELS: dict[str, str] = {
    "fine_tune": "Fine-tune now",
    "not_yet": "Not yet: prepare first",
    "do_not_fine_tune": "Do not fine-tune",
}

# What every page shows instead of a verdict while open questions could still change it.
UNDECIDED_LABEL = "Not decided yet"

APPROACH_LABELS: dict[str, str] = {
    "fine_tuning": "Fine-tuning",
    "prompt_engineering": "Prompt engineering",
    "rag": "Retrieval (RAG)",
    "tool_use": "Tool use",
}

# A kind's name (editor, filters) and what a matched criterion of that kind tells the client.
KIND_LABELS: dict[str, str] = {
    "fit": "Fit",
    "against": "Against",
    "prerequisite": "Prerequisite",
    "advisory": "Advisory",
}
KIND_FINDINGS: dict[str, str] = {
    "fit": "Fits fine-tuning",
    "against": "Another approach serves better",
    "prerequisite": "Prerequisite missing",
    "advisory": "Advisory",
}
# The scorecard's heading for each kind, plural: it counts the matched criteria of the kind.
KIND_HEADINGS: dict[str, str] = {
    "fit": "Reasons fine-tuning can help",
    "against": "Reasons another approach serves better",
    "prerequisite": "Prerequisites missing",
    "advisory": "Advisories",
}

# One palette per verdict, for every surface: `solid` fills charts, the report's cover and the
# Word verdict (white text on it); `tint` and `ink` are the app's badge (background, text).
# static/css/verdicts.css declares the same values as --verdict-<slug>[-tint|-ink]; a test
# keeps the two equal. "Do not fine-tune" is a recommendation, not an error, so it is a calm
# deep blue rather than an alarm red (README, "Verdict colours"). Each pair passes WCAG AA.
VERDICT_COLOURS: dict[str, dict[str, str]] = {
    "fine_tune": {"solid": "#2e7d32", "tint": "#dff3e8", "ink": "#0f5b34"},
    "not_yet": {"solid": "#b45309", "tint": "#fff1d1", "ink": "#6b4a00"},
    "do_not_fine_tune": {"solid": "#2f5597", "tint": "#e8eefb", "ink": "#1c3f7a"},
}

VERDICT_CHOICES = list(VERDICT_LABELS.items())
APPROACH_CHOICES = list(APPROACH_LABELS.items())
KIND_CHOICES = list(KIND_LABELS.items())

assert tuple(VERDICT_LABELS) == VERDICTS, "every verdict needs a label"
assert tuple(VERDICT_COLOURS) == VERDICTS, "every verdict needs a colour"
assert tuple(APPROACH_LABELS) == APPROACHES, "every approach needs a label"
assert tuple(KIND_LABELS) == tuple(KIND_FINDINGS) == tuple(KIND_HEADINGS) == CRITERION_KINDS


def verdict_label(slug: str | None) -> str:
    """A verdict in words; an unknown slug comes back as it is, nothing as an empty string."""
    return VERDICT_LABELS.get(slug or "", slug or "")


def verdict_colour(slug: str | None) -> str:
    """A verdict's solid colour (charts, Word); an unknown verdict is neutral grey."""
    return VERDICT_COLOURS.get(slug or "", {}).get("solid", "#5b6675")


def approach_label(slug: str | None) -> str:
    return APPROACH_LABELS.get(slug or "", slug or "")


def kind_label(slug: str | None) -> str:
    return KIND_LABELS.get(slug or "", slug or "")


def kind_finding(slug: str | None) -> str:
    return KIND_FINDINGS.get(slug or "", slug or "")
