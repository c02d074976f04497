"""Recommended training paths: which provider profiles a client could train on, on a given day,
with the data they measured. Pure Python over profiles and stored findings.

``training_paths`` promises, for every profile:

1. whether it is **open** on the day: not closed, not past its closing date, its base model not
   retired; "by engagement" is open but not self-serve;
2. whether the measured training sample **fits** it: a format it trains on (or a chat format that
   converts to one; a preference method needs preference pairs), at least its minimum of unique
   examples, and how many examples are over its token limit (None when nothing was measured);
3. warnings: new jobs stopping, or the base model retiring, within six months of the day.

The recommended paths are those open that the data doesn't rule out, self-serve ones first, the
longest-lived first. Dates reach sentences through ``say_date`` so the caller keeps one format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .profiles import ProviderProfile
from .summary import TARGET_FORMAT_LABELS

SOON_DAYS = 183  # "within six months"
METHOD_LABELS = {
    "supervised": "supervised",
    "preference": "preference (pairs of answers)",
    "reinforcement": "reinforcement",
}
STATUS_LABELS = {"available": "Available", "closing": "Closing", "closed": "Closed", "by_engagement": "By engagement"}
FIGURE_LABELS = {"status": "availability", "retirement": "retirement date", "limits": "limits", "price": "price"}
# Sample formats with one answer per prompt: each converts mechanically to any chat format.
ONE_ANSWER_FORMATS = ("openai_chat", "bedrock_claude", "vertex_gemini", "prompt_completion", "csv")
PAIR_FORMATS = ("openai_preference", "vertex_preference")


def iso(day: date) -> str:
    return day.isoformat()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class PathRow:
    """One profile judged for one client on one day."""

    profile: ProviderProfile
    open: bool
    self_serve: bool
    fits: bool | None  # None: no training sample measured
    status_label: str
    reasons: list[str] = field(default_factory=list)  # why it doesn't fit or isn't open
    notes: list[str] = field(default_factory=list)  # what to do to use it
    warnings: list[str] = field(default_factory=list)  # dates within six months
    unconfirmed: list[str] = field(default_factory=list)  # figures not read on the provider's page

    @property
    def recommended(self) -> bool:
        return self.open and self.fits is not False

    @property
    def retires_on(self) -> date | None:
        return _day(self.profile.retires_on)

    @property
    def closes_on(self) -> date | None:
        return _day(self.profile.closes_on)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.profile.method, self.profile.method)


@dataclass
class PathsOutcome:
    on: date
    rows: list[PathRow]
    measured: bool  # a training sample was analysed
    summary: str

    @property
    def recommended(self) -> list[PathRow]:
        return [row for row in self.rows if row.recommended]

    @property
    def others(self) -> list[PathRow]:
        return [row for row in self.rows if not row.recommended]

    @property
    def self_serve(self) -> list[PathRow]:
        return [row for row in self.recommended if row.self_serve]


def training_paths(
    profiles: tuple[ProviderProfile, ...],
    training: Mapping[str, Any] | None,
    on: date,
    say_date: Callable[[date], str] = iso,
) -> PathsOutcome:
    """Every profile judged for ``training`` (a training sample's findings, or None) on ``on``."""
    rows = [_judge(p, training, on, say_date) for p in profiles]
    rows.sort(key=_order)
    outcome = PathsOutcome(on=on, rows=rows, measured=bool(training), summary="")
    outcome.summary = _summary(outcome, say_date)
    return outcome


def _order(row: PathRow) -> tuple[bool, bool, int, str]:
    """Recommended first, self-serve first, then the base model that lives longest."""
    return (not row.recommended, not row.self_serve, -(row.retires_on or date.max).toordinal(), row.profile.name)


def _status(p: ProviderProfile, on: date, say_date: Callable[[date], str]) -> tuple[bool, str, list[str]]:
    closes, retires = _day(p.closes_on), _day(p.retires_on)
    if retires and retires <= on:
        return False, "Closed", [f"its base model retired on {say_date(retires)}"]
    if p.status == "closed":
        return False, "Closed", ["new training jobs can no longer be started"]
    if p.status == "closing":
        if closes and closes <= on:
            return False, "Closed", [f"new training jobs stopped on {say_date(closes)}"]
        return True, f"Closing {say_date(closes)}" if closes else "Closing", []
    return True, STATUS_LABELS.get(p.status, p.status), []


def _judge(
    p: ProviderProfile, training: Mapping[str, Any] | None, on: date, say_date: Callable[[date], str]
) -> PathRow:
    is_open, label, reasons = _status(p, on, say_date)
    row = PathRow(profile=p, open=is_open, self_serve=p.status != "by_engagement", fits=None, status_label=label)
    row.reasons += reasons
    row.unconfirmed = [FIGURE_LABELS[f] for f in FIGURE_LABELS if not p.figure_confirmed(f)]
    closes, retires = _day(p.closes_on), _day(p.retires_on)
    if is_open and closes and (closes - on).days <= SOON_DAYS:
        row.warnings.append(f"New training jobs stop on {say_date(closes)} ({time_until(on, closes)}).")
    if is_open and retires and (retires - on).days <= SOON_DAYS:
        row.warnings.append(
            f"The base model retires on {say_date(retires)} ({time_until(on, retires)}): "
            "a model trained on it stops answering then."
        )
    if training:
        row.fits = _fit(p, training, row)
    return row


def _fit(p: ProviderProfile, training: Mapping[str, Any], row: PathRow) -> bool:
    fits = True
    sample_format = training.get("format", "")
    if p.method in ("preference", "reinforcement") and sample_format not in PAIR_FORMATS:
        row.reasons.append(
            "it learns from two answers to each prompt, one preferred over the other; your sample has one answer each"
            if p.method == "preference"
            else "it learns from graded attempts, not from example answers"
        )
        fits = False
    elif p.formats and sample_format not in p.formats:
        if sample_format in ONE_ANSWER_FORMATS:
            target = TARGET_FORMAT_LABELS.get(p.formats[0], "the format this path trains on")
            row.notes.append(f"Convert the examples to {target} first.")
        else:
            row.reasons.append("the sample's format wasn't recognised as training examples")
            fits = False
    unique = training.get("unique_examples", 0)
    if unique < p.min_examples:
        row.reasons.append(f"{unique:,} unique examples is below its minimum of {p.min_examples:,}")
        fits = False
    elif unique < p.recommended_examples:
        row.notes.append(f"{p.recommended_examples:,} examples are recommended; you have {unique:,}.")
    if p.max_training_examples and unique > p.max_training_examples:
        row.notes.append(f"Only {p.max_training_examples:,} examples can be used in one training job.")
    over = (training.get("over_limit") or {}).get(p.slug)
    longest = (training.get("tokens") or {}).get("max", 0)
    if over:
        are, them = ("s are", "them") if over != 1 else (" is", "it")
        row.notes.append(
            f"{over:,} example{are} over its limit of {p.max_tokens_per_example:,} tokens: shorten or split {them}."
        )
    elif over is None and longest > p.max_tokens_per_example:
        # An analysis made before this profile existed: the longest example still tells.
        row.notes.append(f"The longest example ({longest:,} tokens) is over its limit of {p.max_tokens_per_example:,}.")
    return fits


def time_until(on: date, then: date) -> str:
    days = (then - on).days
    if days < 14:
        return f"in {days} day{'s' if days != 1 else ''}"
    if days < 63:
        return f"in {days // 7} weeks"
    return f"in {round(days / 30.4)} months"


def _summary(outcome: PathsOutcome, say_date: Callable[[date], str]) -> str:
    day = say_date(outcome.on)
    recommended, self_serve = outcome.recommended, outcome.self_serve
    if not recommended:
        return f"No training path open on {day} fits this data."
    if not self_serve:
        names = ", ".join(row.profile.name for row in recommended)
        return f"None is self-serve: on {day} the only open path is by engagement ({names})."
    best = self_serve[0]
    count = len(self_serve)
    lead = f"On {day}, {count} self-serve path{'s are' if count != 1 else ' is'} open"
    lead += " for this data" if outcome.measured else " (not yet checked against a training sample)"
    soon = [row for row in self_serve if row.warnings]
    if len(soon) == len(self_serve):
        return f"{lead}, and every one closes or retires within six months; the first is {best.profile.name}."
    if best.retires_on is None:
        return f"{lead}; the first, {best.profile.name}, has no retirement date announced."
    return f"{lead}; the longest-lived is {best.profile.name} (its base model retires {say_date(best.retires_on)})."
