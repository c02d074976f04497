"""An analysis in words and rows, for the upload panel, the review page and the report.

Pure functions over the stored findings (``Analysis.to_dict()``) and provider profiles, so the
page, the PDF and the Word export say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .formats import ERROR_KINDS
from .profiles import ProviderProfile

PII_LABELS = {"email": "email addresses", "phone": "phone numbers", "card_number": "card numbers", "iban": "IBANs"}
# The stated number of curated examples as a range (low, high; None: no upper bound).
STATED_EXAMPLES = {"none": (0, 0), "under_100": (0, 99), "100_to_1000": (100, 1000), "over_1000": (1001, None)}
MEASURED_EVALS = ("defined_metrics", "automated_suite")


# What the client reads for each kind of problem: (one, many, the rest of the sentence). The
# subject is counted ("1 line is", "38 lines are"); the words avoid format and field names.
_LINES = ("line is", "lines are")
_EXAMPLES = ("example", "examples")
ISSUE_SENTENCES = {
    "exact_duplicates": (_EXAMPLES, "repeat{s} an earlier example word for word"),
    "near_duplicates": (_EXAMPLES, "{is_are} almost the same as an earlier example"),
    "parse_error": (_LINES, "not valid JSON, so {it_they} can't be read"),
    "invalid_utf8": (_LINES, "not plain UTF-8 text, so {it_they} can't be read"),
    "line_too_long": (_LINES, "longer than we read in one line, so {it_was_they_were} skipped"),
    "too_deeply_nested": (_LINES, "nested too deeply to read"),
    "not_an_object": (_LINES, "not one example written as a JSON object"),
    "json_array": (_LINES, "a JSON array of examples on one line: put one example per line, each a JSON object"),
    "unusable_lines": (("line", "lines"), "can't be used, for the reasons below"),
    "blank_line": (_LINES, "blank, so {it_was_they_were} skipped"),
    "no_user_turn": (_EXAMPLES, "{has_have} no user turn: the model learns an answer to nothing asked"),
    "empty_answer": (
        _EXAMPLES,
        "{has_have} a model answer with no text and no tool call, so there is nothing to learn",
    ),
    "missing_messages": (_EXAMPLES, "{has_have} no list of messages to learn from"),
    "missing_field": (_EXAMPLES, "{is_are} missing a part every example needs"),
    "bad_type": (_EXAMPLES, "{has_have} a part of the wrong kind, such as a number where text belongs"),
    "unknown_role": (_EXAMPLES, "name{s} a speaker other than the system, the user or the model"),
    "empty_content": (_EXAMPLES, "{has_have} a turn, prompt or answer with no text"),
    "no_assistant_turn": (_EXAMPLES, "{has_have} no model answer to learn from"),
    "non_alternating": (_EXAMPLES, "{dont} alternate user and model turns, from the user's first to the model's last"),
    "extra_keys": (_EXAMPLES, "{has_have} extra fields the training services reject"),
    "wrong_column_count": (("row", "rows"), "{has_have} a different number of columns from the header"),
    "no_expected": (("eval case", "eval cases"), "{has_have} no expected answer or check to score {it_them} by"),
    "pii": (("line", "lines"), "{contain_s} personal data: {kinds}"),
    "contaminated": (("eval case", "eval cases"), "repeat{s} a training example, so {it_they} would flatter the model"),
}
_GRAMMAR = {
    "s": ("s", ""),
    "is_are": ("is", "are"),
    "has_have": ("has", "have"),
    "it_they": ("it", "they"),
    "it_was_they_were": ("it was", "they were"),
    "contain_s": ("contains", "contain"),
    "dont": ("doesn't", "don't"),
    "it_them": ("it", "them"),
}


def issue_sentence(kind: str, count: int, lines: list[int], **extra: object) -> str:
    """One finding as a sentence a client reads: "38 examples repeat an earlier example word for
    word (first at lines 413, 414)." The same words on the page, in the PDF and in Word."""
    (one, many), rest = ISSUE_SENTENCES.get(kind, (_LINES, "not usable"))
    single = count == 1
    subject = one if single else many
    words = rest.format(**{k: v[0 if single else 1] for k, v in _GRAMMAR.items()}, **extra)
    where = f" (first at line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""
    return f"{count:,} {subject} {words}{where}."


def _issue(kind: str, finding: Mapping[str, Any] | None, **extra: object) -> dict[str, Any] | None:
    if not finding or not finding.get("count"):
        return None
    lines = list(finding.get("lines", []))
    return {
        "kind": kind,
        "count": finding["count"],
        "lines": lines,
        "sentence": issue_sentence(kind, finding["count"], lines, **extra),
    }


def issues(findings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every problem found, each with its count, first line numbers and the sentence saying it."""
    rows = [
        _issue("exact_duplicates", findings.get("exact_duplicates")),
        _issue("near_duplicates", findings.get("near_duplicates")),
    ]
    errors = findings.get("errors", {})
    if len(errors) > 1:
        # A line with two problems is one line to fix: the total counts lines, once each.
        rows.append(_issue("unusable_lines", findings.get("unusable_lines")))
    for kind, finding in sorted(errors.items()):
        rows.append(_issue(kind if kind in ERROR_KINDS else "unknown", finding))
    for kind, finding in sorted(findings.get("warnings", {}).items()):
        rows.append(_issue(kind if kind in ERROR_KINDS else "unknown", finding))
    pii = findings.get("pii_lines") or {}
    if pii.get("count"):
        kinds = ", ".join(PII_LABELS.get(k, k) for k in sorted(pii.get("kinds", {})))
        rows.append(_issue("pii", pii, kinds=kinds))
    contaminated = findings.get("contaminated")
    if contaminated and contaminated.get("count"):
        rows.append(_issue("contaminated", contaminated))
    if contaminated is not None and contaminated.get("near_checked") is False:
        rows.append(
            {
                "kind": "near_not_checked",
                "count": 0,
                "lines": [],
                "sentence": "Only word-for-word repeats of training prompts were looked for: the training sample "
                "was analysed by an earlier version, so near copies can't be compared. Upload it again to check them.",
            }
        )
    return [row for row in rows if row]


# The file formats the analysis recognises, as a client knows them (never the internal names).
FORMAT_LABELS = {
    "openai_chat": "OpenAI chat messages",
    "bedrock_claude": "Amazon Bedrock (Claude) messages",
    "vertex_gemini": "Vertex AI (Gemini) contents",
    "prompt_completion": "prompt and completion pairs",
    "eval_cases": "eval cases",
    "csv": "CSV",
}


def format_label(findings: Mapping[str, Any]) -> str:
    """The file's format in words: "OpenAI chat messages", or "a format we didn't recognise"."""
    return FORMAT_LABELS.get(findings.get("format", ""), "a format we didn't recognise")


def histogram_rows(findings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The token histogram as labelled bars with their share (for CSS widths and tables)."""
    buckets = (findings.get("tokens") or {}).get("histogram", [])
    total = sum(b["count"] for b in buckets) or 1
    rows, low = [], 0
    for bucket in buckets:
        edge = bucket["up_to"]
        label = f"{low + 1:,}–{edge:,}" if edge is not None else f"over {low:,}"
        percent = round(100 * bucket["count"] / total)
        # A bar width in tenths: a CSS class, as the CSP allows no inline style.
        rows.append({"label": label, "count": bucket["count"], "percent": percent, "tenths": round(percent / 10)})
        low = edge if edge is not None else low
    # Empty buckets before the shortest and after the longest example say nothing: a table of
    # thirteen rows, ten of them zero, hides the shape it is there to show.
    filled = [i for i, row in enumerate(rows) if row["count"]]
    return rows[filled[0] : filled[-1] + 1] if filled else []


# How a file in a format no provider model trains on becomes one that does (the target
# format's name as a client knows it).
TARGET_FORMAT_LABELS = {
    "openai_chat": "OpenAI's chat messages format (a system turn if you use one, then user and assistant turns)",
    "bedrock_claude": "Bedrock's Claude format (an optional system string, then user and assistant messages in turn)",
    "vertex_gemini": "Vertex AI's Gemini contents format (alternating user and model turns)",
    "bedrock_nova": "Amazon Bedrock's conversation format for Nova (an optional system prompt, then user and "
    "assistant messages)",
    "openai_preference": "OpenAI's preference format (each prompt with a preferred and a non-preferred answer)",
    "vertex_preference": "Vertex AI's preference format (each prompt with a preferred and a rejected answer)",
}


PREFERENCE_FORMATS = ("openai_preference", "vertex_preference")


def needs_pairs(fmt: str, profile: ProviderProfile) -> bool:
    """Whether ``profile`` trains only on preference pairs that a file of format ``fmt`` lacks."""
    accepted = profile.formats
    return bool(accepted) and fmt not in accepted and all(f in PREFERENCE_FORMATS for f in accepted)


def format_fit(fmt: str, profile: ProviderProfile) -> str | None:
    """None when ``profile``'s models train on files of format ``fmt`` (or the format isn't known,
    or the path names no formats: one run by engagement takes any); otherwise what to convert the
    file to, in words."""
    accepted = profile.formats
    if not accepted or fmt not in FORMAT_LABELS or fmt in accepted:
        return None
    if needs_pairs(fmt, profile):
        return (
            "this path trains on two answers to each prompt, one preferred over the other; a file with one "
            "answer per prompt can't be converted to that"
        )
    target = TARGET_FORMAT_LABELS.get(accepted[0], accepted[0])
    if fmt in ("prompt_completion", "csv"):
        what = "legacy prompt and completion pairs" if fmt == "prompt_completion" else "CSV rows"
        return (
            f"{what} aren't a format these models train on: convert each into a user turn (the prompt) "
            f"and an assistant turn (the answer) in {target}"
        )
    if fmt == "eval_cases":
        return "eval cases are for measuring a model, not for training it"
    return f"{FORMAT_LABELS[fmt]} aren't a format these models train on: convert the file to {target}"


def over_limit_text(count: int, lines: list[int], profile: ProviderProfile) -> str:
    """ "2 (limit 32,000; first at lines 4, 9)": the same words on the page, in the PDF and in
    Word. (That counts other than OpenAI's are estimates is said once, beside the token counts.)"""
    where = f"; first at line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}" if count and lines else ""
    return f"{count:,} (limit {profile.max_tokens_per_example:,}{where})"


def provider_fit(findings: Mapping[str, Any], profiles: tuple[ProviderProfile, ...]) -> list[dict[str, Any]]:
    """Per provider: whether its models train on the file's format (and what to convert it to
    if not), how the unique examples compare with its minimum and recommendation, and which
    examples exceed its token limit (an estimate where its tokenizer isn't published)."""
    unique = findings.get("unique_examples", 0)
    over = findings.get("over_limit", {})
    over_lines = findings.get("over_limit_lines", {})
    fmt = findings.get("format", "")
    rows = []
    for p in profiles:
        conversion = format_fit(fmt, p)
        if unique < p.min_examples:
            verdict, ok = f"below the minimum of {p.min_examples:,} examples", False
        elif unique < p.recommended_examples:
            verdict, ok = f"enough to start; {p.recommended_examples:,} are recommended", True
        else:
            verdict, ok = f"meets the recommended {p.recommended_examples:,} examples", True
        if p.max_training_examples and unique > p.max_training_examples:
            verdict += f"; only {p.max_training_examples:,} can be used per training job"
        if conversion and needs_pairs(fmt, p):
            verdict, ok = conversion[:1].upper() + conversion[1:], False
        elif conversion:
            verdict, ok = f"{conversion}; once converted, {unique:,} unique examples: {verdict}", False
        rows.append(
            {
                "slug": p.slug,
                "name": p.name,
                "over_limit_text": over_limit_text(over.get(p.slug, 0), list(over_lines.get(p.slug, [])), p),
                "fits": ok and not over.get(p.slug),
                "verdict": verdict,
                "needs_conversion": bool(conversion),
                "over_limit": over.get(p.slug, 0),
                "over_limit_lines": list(over_lines.get(p.slug, [])),
                "max_tokens": p.max_tokens_per_example,
                "tokens_exact": p.exact_tokens,
                "encoding": p.encoding,
                "source": p.source,
                "availability": p.availability,
            }
        )
    return rows


def unusable_count(findings: Mapping[str, Any]) -> int:
    """How many lines can't be used, each counted once: a line with two problems is listed
    under both kinds by ``issues`` but is one line here.

    Findings stored before the analysis counted distinct lines (no ``unusable_lines``) give
    the nearest bound they allow: no more than the problems listed, and no more than the lines
    that gave no valid example.
    """
    if "unusable_lines" in findings:
        counted: int = findings["unusable_lines"]["count"]
        return counted
    listed: int = sum(f["count"] for kind, f in findings.get("errors", {}).items() if kind != "no_expected")
    without_example: int = findings.get("lines", 0) - findings.get("valid_examples", 0)
    return max(0, min(listed, without_example))


def next_steps(
    training: Mapping[str, Any] | None, evals: Mapping[str, Any] | None, profiles: tuple[ProviderProfile, ...]
) -> list[str]:
    """What to do next, following from what was measured (in the order worth doing it)."""
    steps = []
    if training:
        unique = training.get("unique_examples", 0)
        errors = unusable_count(training)
        if errors:
            steps.append(f"Fix or remove the {errors:,} lines that can't be used (first lines are listed above).")
        fmt = training.get("format", "")
        # Only when no path that names its formats takes the file as it is.
        named = [p for p in profiles if p.formats and not needs_pairs(fmt, p)]
        conversions = [format_fit(fmt, p) for p in named]
        if named and all(conversions):
            steps.append(f"Convert the file before training: {min(c for c in conversions if c)}.")
        duplicates = training["exact_duplicates"]["count"] + training["near_duplicates"]["count"]
        if duplicates:
            steps.append(f"Remove the {duplicates:,} duplicate examples, so the model doesn't overweight them.")
        if training.get("pii_lines", {}).get("count"):
            steps.append("Remove or mask the personal data found before any example leaves your systems.")
        smallest = min((p.recommended_examples for p in profiles), default=0)
        if unique < smallest:
            steps.append(f"Collect more curated examples: {unique:,} unique is below every provider's recommendation.")
        if any(training.get("over_limit", {}).values()):
            steps.append("Shorten or split the examples over a provider's token limit, or they are truncated.")
    if evals:
        if not evals.get("cases_with_expected"):
            steps.append("Give each eval case an expected answer or an assertion, so results can be scored.")
        if evals.get("contaminated") and evals["contaminated"].get("count"):
            steps.append("Take the eval cases that repeat training examples out of one of the two sets.")
    elif training:
        steps.append("Upload an eval set, so the fine-tuned model can be shown to beat the baseline.")
    return steps


def stated_vs_measured(
    answers: Mapping[str, Any], facts: Mapping[str, Any], stated_label: Mapping[str, str]
) -> list[str]:
    """Plain sentences where a stated answer and a measurement disagree (none when they agree
    or nothing was measured). ``stated_label`` gives the chosen answer's label per question."""
    sentences = []
    unique = facts.get("sample.unique_examples")
    stated = answers.get("curated_examples")
    if unique is not None and stated in STATED_EXAMPLES:
        low, high = STATED_EXAMPLES[stated]
        if unique < low or (high is not None and unique > high):
            valid = facts.get("sample.valid_examples", unique)
            sentences.append(
                f"Stated: “{stated_label.get('curated_examples', stated)}”. Measured: {unique:,} unique valid "
                f"examples in the uploaded sample ({valid:,} valid before removing duplicates)."
            )
    cases = facts.get("evals.cases_with_expected")
    method = answers.get("evaluation_method")
    if cases is not None and method is not None:
        if method == "none" and cases > 0:
            sentences.append(
                f"Stated: “{stated_label.get('evaluation_method', method)}”. Measured: the uploaded eval set "
                f"has {cases:,} cases with an expected answer, so quality can be measured."
            )
        elif method in MEASURED_EVALS and cases == 0:
            sentences.append(
                f"Stated: “{stated_label.get('evaluation_method', method)}”. Measured: the uploaded eval set "
                "has no case with a usable expected answer."
            )
    return sentences


def _plural(count: float, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _where(lines: list[int]) -> str:
    return f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""


def fact_action(name: str, old: float, new: float, findings: Mapping[str, Mapping[str, Any]]) -> str:
    """A measured fact moved (``old`` → ``new``) as what the client would do, with the lines it
    concerns when the analysis kept them: "remove the 5 eval cases that repeat training examples
    (lines 3, 9)", "reach 100 unique valid examples: 34 more". ``findings`` maps "training" and
    "evals" to the latest analyses' findings (either may be missing). A move no client would
    make on purpose (fewer examples) reads as a condition: "with only 90 unique valid examples"."""
    evals, training = findings.get("evals") or {}, findings.get("training") or {}
    if name == "evals.contaminated" and new < old:
        lines = list((evals.get("contaminated") or {}).get("lines", []))
        gone = old - new
        what = _plural(gone, "eval case that repeats a training example", "eval cases that repeat training examples")
        where = _where(lines) if len(lines) >= gone else f" (first at lines {', '.join(map(str, lines))})" * bool(lines)
        return f"remove the {what}{where}" if new == 0 else f"remove {what}{where}"
    if name in ("sample.unique_examples", "sample.valid_examples") and new > old:
        word = "unique valid" if name == "sample.unique_examples" else "valid"
        return f"reach {new:,} {word} examples: {new - old:,} more"
    if name == "evals.cases_with_expected" and new > old:
        return f"give at least {_plural(new, 'eval case', 'eval cases')} an expected answer to score by"
    if name == "sample.pii_lines" and new < old:
        lines = list((training.get("pii_lines") or {}).get("lines", []))
        return f"remove the personal data from {_plural(old - new, 'line', 'lines')}{_where(lines)}"
    if name == "sample.over_limit_share" and new < old:
        return "shorten the examples that are over a provider's token limit"
    words = {
        "sample.unique_examples": ("unique valid example", "unique valid examples"),
        "sample.valid_examples": ("valid example", "valid examples"),
        "evals.cases_with_expected": ("eval case with an expected answer", "eval cases with an expected answer"),
        "evals.contaminated": ("eval case repeating a training example", "eval cases repeating training examples"),
        "sample.pii_lines": ("line with personal data", "lines with personal data"),
    }
    if name == "sample.over_limit_share":
        return f"with {new:.0%} of the examples over a provider's token limit"
    one, many = words.get(name, (name, name))
    return f"with {'only ' if new < old else ''}{_plural(new, one, many)}"
