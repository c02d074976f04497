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

VERDICT_CHOICES = list(VERDICT_LABELS.items())
APPROACH_CHOICES = list(APPROACH_LABELS.items())
KIND_CHOICES = list(KIND_LABELS.items())

assert tuple(VERDICT_LABELS) == VERDICTS, "every verdict needs a label"
assert tuple(APPROACH_LABELS) == APPROACHES, "every approach needs a label"
assert tuple(KIND_LABELS) == tuple(KIND_FINDINGS) == tuple(KIND_HEADINGS) == CRITERION_KINDS


def verdict_label(slug: str | None) -> str:
    """A verdict in words; an unknown slug comes back as it is, nothing as an empty string."""
    return VERDICT_LABELS.get(slug or "", slug or "")


def approach_label(slug: str | None) -> str:
    return APPROACH_LABELS.get(slug or "", slug or "")


def kind_label(slug: str | None) -> str:
    return KIND_LABELS.get(slug or "", slug or "")


def kind_finding(slug: str | None) -> str:
    return KIND_FINDINGS.get(slug or "", slug or "")
