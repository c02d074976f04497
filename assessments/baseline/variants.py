"""Prompt variants: the client's own prompt, and one or two improved ones Discovery builds from
it — clear instructions and the output shape the graders expect, then a few examples drawn from
the client's *training* sample (never from the eval set: that would grade the model on answers
it was shown)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .cases import Case
from .graders import case_specs

MAX_EXAMPLES = 3
MAX_EXAMPLE_CHARS = 1500


@dataclass(frozen=True)
class Variant:
    name: str  # "client", "instructions", "examples"
    label: str
    system: str

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "system": self.system}


LABELS = {
    "client": "Your current prompt",
    "instructions": "Improved: clear instructions and output shape",
    "examples": "Improved: instructions plus examples from your training data",
}


def output_shape(cases: list[Case], default_grader: str) -> str:
    """One instruction about the answer's shape, from how most cases are graded."""
    counts: dict[str, int] = {}
    options: set[str] = set()
    schema = None
    for case in cases:
        for spec in case_specs(case, default_grader):
            counts[spec["type"]] = counts.get(spec["type"], 0) + 1
            options.update(spec.get("options", ()))
            if spec["type"] == "json_schema" and schema is None:
                schema = spec.get("schema", spec.get("value"))
    kind = max(counts, key=counts.get) if counts else default_grader
    if kind == "choice" and options:
        return "Answer with exactly one of these labels and nothing else: " + ", ".join(sorted(options)) + "."
    if kind == "json_schema" and isinstance(schema, dict):
        return "Reply with JSON only, no prose or code fence, matching this JSON schema: " + json.dumps(schema)
    if kind == "is_json":
        return "Reply with a single valid JSON value only, no prose or code fence."
    if kind == "numeric":
        return "Reply with the number only, without units or explanation."
    if kind in ("equals", "regex"):
        return "Reply with the answer only: no preamble, no explanation, no closing remarks."
    return "Answer directly and completely; keep to what was asked."


def training_examples(pairs: list[tuple[str, str]], cases: list[Case]) -> list[tuple[str, str]]:
    """Up to MAX_EXAMPLES short (prompt, answer) pairs from the training sample, skipping any
    whose prompt is also an eval case's."""
    eval_prompts = {" ".join(c.prompt.split()).casefold() for c in cases}
    chosen = []
    for prompt, answer in pairs:
        if not prompt.strip() or not answer.strip() or len(prompt) + len(answer) > MAX_EXAMPLE_CHARS:
            continue
        if " ".join(prompt.split()).casefold() in eval_prompts:
            continue
        chosen.append((prompt, answer))
        if len(chosen) == MAX_EXAMPLES:
            break
    return chosen


def build_variants(
    client_prompt: str,
    cases: list[Case],
    *,
    count: int = 2,
    default_grader: str = "equals",
    training_pairs: list[tuple[str, str]] | None = None,
) -> list[Variant]:
    """The client's prompt, then up to ``count`` improved variants (0–2). The examples variant
    needs training examples; without them only the instructions variant is built."""
    variants = [Variant("client", LABELS["client"], client_prompt.strip())]
    if count <= 0:
        return variants
    base = client_prompt.strip() or "You are a careful assistant completing the user's task."
    instructions = (
        f"{base}\n\n"
        "Follow these rules for every request:\n"
        "- Read the whole request before answering and do exactly the task it asks.\n"
        "- If the request is ambiguous, choose the most common interpretation rather than asking.\n"
        f"- {output_shape(cases, default_grader)}"
    )
    variants.append(Variant("instructions", LABELS["instructions"], instructions))
    examples = training_examples(training_pairs or [], cases)
    if count >= 2 and examples:
        shown = "\n\n".join(f"Example request:\n{p}\nExample answer:\n{a}" for p, a in examples)
        variants.append(Variant("examples", LABELS["examples"], f"{instructions}\n\n{shown}"))
    return variants
