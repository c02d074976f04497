"""Analyse one training sample or eval set in one streaming pass (plus one over ``against``).

``analyse`` is what the command and the worker both call. It returns aggregates and line
numbers only: no text from the file survives it.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from .csvfile import csv_records, parse_columns
from .formats import CHECKS, WARNING_KINDS, Example, check, detect
from .pii import pii_kinds
from .profiles import ProviderProfile, default_profiles
from .reading import Limits, Line, UnreadableSample, check_size, read_lines, sniff
from .similarity import DuplicateIndex, FingerprintBuilder, Fingerprints, repeats, sketch_examples
from .tokens import DEFAULT_ENCODING, count_tokens_with_parts, histogram, percentile

FIRST_LINES = 5  # line numbers kept per finding: enough to find and fix the first few
DETECT_LINES = 20  # records read ahead to decide the file's format
PROGRESS_EVERY = 1000
# Valid examples tokenised and sketched together: a batch costs a few numpy steps and one encoder
# call instead of dozens per example. Capped in characters too, so the text held while a batch
# fills stays small (about 100 KB) whatever the examples' length. Twice the batch sketches about
# 15 % faster, but its numpy temporaries take the traced peak over 1 KB per distinct example at 10k.
BATCH_EXAMPLES = 32
BATCH_CHARS = 100_000
KINDS = ("training", "eval")
DEFAULT_LIMITS = Limits()


@dataclass
class Finding:
    """How many lines show something, and the first few of them."""

    count: int = 0
    lines: list[int] = field(default_factory=list)

    def add(self, line: int) -> None:
        self.count += 1
        if len(self.lines) < FIRST_LINES:
            self.lines.append(line)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "lines": list(self.lines)}


@dataclass
class Analysis:
    kind: str
    format: str = "unknown"
    lines: int = 0
    valid_examples: int = 0
    exact_duplicates: Finding = field(default_factory=Finding)
    near_duplicates: Finding = field(default_factory=Finding)
    errors: dict[str, Finding] = field(default_factory=dict)
    # Lines (or CSV rows) that can't be used, each counted once however many problems it shows.
    unusable_lines: Finding = field(default_factory=Finding)
    # Things worth knowing that don't make an example unusable (blank lines, no user turn).
    warnings: dict[str, Finding] = field(default_factory=dict)
    pii: Finding = field(default_factory=Finding)
    pii_by_kind: dict[str, Finding] = field(default_factory=dict)
    token_counts: array[int] = field(default_factory=lambda: array("I"))
    # Tokens of each valid example's system prompt, for the examples that have one.
    system_prompt_counts: array[int] = field(default_factory=lambda: array("I"))
    over_limit: dict[str, int] = field(default_factory=dict)
    over_limit_lines: dict[str, Finding] = field(default_factory=dict)
    cases_with_expected: int | None = None
    contaminated: dict[str, Any] | None = None
    # The prompts as hashes (not in ``to_dict``): kept after the file goes, to check eval sets.
    fingerprints: Fingerprints | None = None

    @property
    def unique_examples(self) -> int:
        """Valid examples that are neither exact nor near duplicates of an earlier one."""
        return self.valid_examples - self.exact_duplicates.count - self.near_duplicates.count

    def tokens(self) -> dict[str, Any]:
        counts = sorted(self.token_counts)
        return {
            "p10": percentile(counts, 0.1),
            "p50": percentile(counts, 0.5),
            "p90": percentile(counts, 0.9),
            "max": counts[-1] if counts else 0,
            # Every valid example's tokens together: what a training job bills per epoch.
            "total": sum(counts),
            "histogram": histogram(counts),
            "encoding": DEFAULT_ENCODING,
        }

    def system_prompts(self) -> dict[str, Any]:
        """How many valid examples carry a system prompt, and its median tokens (None: none
        does): the prompt length today, for the cost section's saving."""
        counts = sorted(self.system_prompt_counts)
        return {
            "examples": len(counts),
            "p50": percentile(counts, 0.5) if counts else None,
            "encoding": DEFAULT_ENCODING,
        }

    def to_dict(self) -> dict[str, Any]:
        """The analyse_sample command's JSON object (a stable interface)."""
        return {
            "format": self.format,
            "lines": self.lines,
            "valid_examples": self.valid_examples,
            "unique_examples": self.unique_examples,
            "exact_duplicates": self.exact_duplicates.to_dict(),
            "near_duplicates": self.near_duplicates.to_dict(),
            "errors": {kind: finding.to_dict() for kind, finding in sorted(self.errors.items())},
            "unusable_lines": self.unusable_lines.to_dict(),
            "warnings": {kind: finding.to_dict() for kind, finding in sorted(self.warnings.items())},
            "tokens": self.tokens(),
            "system_prompts": self.system_prompts(),
            "pii_lines": {
                **self.pii.to_dict(),
                "kinds": {kind: finding.to_dict() for kind, finding in sorted(self.pii_by_kind.items())},
            },
            "over_limit": dict(self.over_limit),
            "over_limit_lines": {slug: finding.lines for slug, finding in self.over_limit_lines.items()},
            "cases_with_expected": self.cases_with_expected,
            "contaminated": self.contaminated,
        }


def analyse(
    path: str | Path,
    *,
    kind: str = "training",
    columns: str | dict[str, str] | None = None,
    against: str | Path | Fingerprints | None = None,
    profiles: tuple[ProviderProfile, ...] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    near_threshold: float = 0.9,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Analyse ``path`` as a training sample or an eval set; raise UnreadableSample if it
    can't be read at all.

    1. Sniff the file (empty, binary, JSON Lines or CSV) before reading a line of it.
    2. Stream its records: per-line errors, valid examples, duplicates, tokens, PII.
    3. For an eval set with ``against`` (a training file, or the fingerprints one left), count
       eval cases whose input repeats (exactly or nearly) a training prompt.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    mapping = parse_columns(columns) if isinstance(columns, str | None) else dict(columns)
    profiles = default_profiles() if profiles is None else profiles
    check_size(path, limits)  # before a line is analysed
    if against is not None and not isinstance(against, Fingerprints):
        against = training_fingerprints(against, limits)
    result = Analysis(
        kind=kind,
        over_limit={p.slug: 0 for p in profiles},
        over_limit_lines={p.slug: Finding() for p in profiles},
    )
    if kind == "eval":
        result.cases_with_expected = 0
    encodings = sorted({DEFAULT_ENCODING} | {p.encoding for p in profiles})
    duplicates = DuplicateIndex(near_threshold)
    prompts = FingerprintBuilder(distinct=kind == "training")

    token_limits = [(p.slug, p.encoding, p.max_tokens_per_example) for p in profiles]

    def measure(batch: list[tuple[int, Example]]) -> None:
        """Tokens and sketches of a batch of valid examples (one encoder call, a few numpy
        steps), then each example's findings in file order."""
        texts = [example.texts for _, example in batch]
        # The default encoding's call also gives each system prompt's tokens (the same encoder pass).
        system_at = [example.system for _, example in batch]
        none: list[tuple[int, ...]] = [()] * len(batch)
        counted: dict[str, npt.NDArray[np.int64]] = {}
        system: list[int] = []
        for name in encodings:
            totals, parts = count_tokens_with_parts(texts, system_at if name == DEFAULT_ENCODING else none, name)
            counted[name] = np.array(totals, dtype=np.int64)
            system = parts if name == DEFAULT_ENCODING else system
        result.system_prompt_counts.extend(n for (_, example), n in zip(batch, system, strict=True) if example.system)
        # One sketch per example: the whole example's for duplicates, its prompt's for
        # contamination, from the same word hashes.
        whole_keys, whole_sketches, prompt_keys, prompt_sketches = sketch_examples(
            [(example.prompt, example.completion) for _, example in batch]
        )
        result.token_counts.extend(counted[DEFAULT_ENCODING].tolist())
        for slug, name, most in token_limits:
            for over in np.flatnonzero(counted[name] > most):
                result.over_limit[slug] += 1
                result.over_limit_lines[slug].add(batch[over][0])
        for i, (number, _) in enumerate(batch):
            if not duplicates.add(number, whole_keys[i], whole_sketches[i]):
                result.exact_duplicates.add(number)
            prompts.add(number, prompt_keys[i], prompt_sketches[i])

    number, batch, batch_chars = 0, [], 0
    try:
        for number, example, errors in _records(path, kind, mapping, limits, result):
            for error in errors:
                (result.warnings if error in WARNING_KINDS else result.errors).setdefault(error, Finding()).add(number)
            if example is None:
                if errors - WARNING_KINDS:
                    result.unusable_lines.add(number)
                continue
            result.valid_examples += 1
            if kind == "eval" and example.has_expected:
                result.cases_with_expected = (result.cases_with_expected or 0) + 1  # 0 from the start for an eval set
            batch.append((number, example))
            batch_chars += sum(map(len, example.texts))
            if len(batch) >= BATCH_EXAMPLES or batch_chars >= BATCH_CHARS:
                number = batch[0][0]  # a stop while measuring names the batch's first line
                measure(batch)
                batch, batch_chars = [], 0
            if progress and result.valid_examples % PROGRESS_EVERY == 0:
                progress(result.lines)
        if batch:
            number = batch[0][0]
            measure(batch)
    except Exception as exc:
        # A time limit (or anything else) stopping the pass: say which line it had reached.
        # (Format detection reads a few lines ahead, so the record's own number, not the last read.)
        # An attribute on whatever exception it is (through its __dict__, which mypy types);
        # services.samples reads it back.
        exc.__dict__["analysed_line"] = number or result.lines
        raise
    for line in duplicates.near_lines():
        result.near_duplicates.add(line)
    result.fingerprints = prompts.build()
    if against is not None:
        result.contaminated = contamination(result.fingerprints, against, near_threshold)
    return result


def contamination(evals: Fingerprints, training: Fingerprints, threshold: float = 0.9) -> dict[str, Any]:
    """How many eval cases repeat (exactly or nearly) a training prompt, and the first lines."""
    found: dict[str, Any] = {"count": 0, "exact": 0, "near": 0, "lines": []}
    if not (evals.comparable and training.comparable):
        found["near_checked"] = False  # one side was fingerprinted by an earlier version
    for line, how in repeats(evals, training, threshold):
        found["count"] += 1
        found[how] += 1
        if len(found["lines"]) < FIRST_LINES:
            found["lines"].append(line)
    return found


def training_fingerprints(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Fingerprints:
    """The prompts of a training file, for checking an eval set against it. Its CSV columns are
    mapped by header name (the command's ``--columns`` describes the eval file)."""
    prompts = FingerprintBuilder(distinct=True)
    lines, texts, chars = [], [], 0
    try:
        check_size(path, limits)
        for number, example, _ in _records(path, "training", {}, limits, Analysis(kind="training")):
            if example is None:
                continue
            lines.append(number)
            texts.append(example.prompt)
            chars += len(example.prompt)
            if len(lines) >= BATCH_EXAMPLES or chars >= BATCH_CHARS:
                prompts.add_texts(lines, texts)
                lines, texts, chars = [], [], 0
        if lines:
            prompts.add_texts(lines, texts)
    except UnreadableSample as exc:
        raise UnreadableSample(f"the training file to check against can't be read: {exc}") from exc
    return prompts.build()


def _records(
    path: str | Path, kind: str, mapping: dict[str, str], limits: Limits, result: Analysis
) -> Iterator[tuple[int, Example | None, set[str]]]:
    """(line number, example or None, error kinds) for each record; sets ``result.format``
    and counts lines and PII as they stream past."""
    shape = sniff(path)
    lines = _scanned(read_lines(path, limits), result)
    if shape == "csv":
        result.format = "csv"
        yield from csv_records(lines, mapping, kind)
        return
    ahead: list[tuple[Line, tuple[object, str | None]]] = []
    for line in lines:
        ahead.append((line, _decode(line)))
        if len(ahead) == DETECT_LINES:
            break
    formats = (detect(record, kind) for _, (record, _) in ahead if record is not None)
    votes = Counter(fmt for fmt in formats if fmt is not None)
    result.format = votes.most_common(1)[0][0] if votes else "unknown"
    for line, decoded in _chain(ahead, lines):
        record, problem = decoded
        if problem:
            yield line.number, None, {problem}
        elif record is _BLANK:
            yield line.number, None, {"blank_line"}
        elif isinstance(record, list):
            yield line.number, None, {"json_array"}
        else:
            yield (line.number, *_check(record, result.format, kind))


_BLANK = object()


def _not_json(constant: str) -> NoReturn:
    # Python's json reads NaN and Infinity; JSON (and the providers) don't.
    raise ValueError(f"{constant} is not JSON")


def _chain(
    ahead: list[tuple[Line, tuple[object, str | None]]], lines: Iterator[Line]
) -> Iterator[tuple[Line, tuple[object, str | None]]]:
    yield from ahead
    for line in lines:
        yield line, _decode(line)


def _decode(line: Line) -> tuple[object, str | None]:
    if line.text is None:
        return None, line.problem
    if not line.text.strip():
        return _BLANK, None
    try:
        return json.loads(line.text, parse_constant=_not_json), None
    except RecursionError:
        return None, "too_deeply_nested"
    except ValueError:
        return None, "parse_error"


def _check(record: object, fmt: str, kind: str) -> tuple[Example | None, set[str]]:
    if fmt not in CHECKS:
        return None, {"not_an_object"} if not isinstance(record, dict) else {_missing(kind)}
    if kind == "eval" and fmt != "eval_cases" and isinstance(record, dict) and "input" in record:
        fmt = "eval_cases"
    return check(record, fmt)


def _missing(kind: str) -> str:
    return "missing_field" if kind == "eval" else "missing_messages"


def _scanned(lines: Iterator[Line], result: Analysis) -> Iterator[Line]:
    """Count lines and PII signals as lines pass; only kinds and line numbers are kept."""
    for line in lines:
        result.lines = line.number
        if line.text:
            # JSON escapes glue a newline to the next word ("\n+44 …"); loosen them first.
            kinds = pii_kinds(line.text.replace("\\n", " ").replace("\\t", " "))
            if kinds:
                result.pii.add(line.number)
                for kind in kinds:
                    result.pii_by_kind.setdefault(kind, Finding()).add(line.number)
        yield line
