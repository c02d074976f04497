"""Measure near-duplicate recall: seeded near copies at known exact Jaccard similarity, run
through the same sketches and candidate search the analysis uses. The recall test and the
benchmark both call ``recall_curve``; nothing here is used by an analysis itself.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

from .similarity import (
    cross_repeats,
    exact_jaccard,
    near_repeats,
    normalise,
    shingle_hashes,
    sketch,
    word_hashes,
)

VOCABULARY = 50_000  # distinct made-up words: shingles of a random text rarely repeat


def _sketch(text: str) -> np.ndarray:
    return sketch(shingle_hashes(word_hashes(normalise(text))))


def near_copy(rng: random.Random, target: float, words: int) -> tuple[str, str, float]:
    """(text, copy, exact Jaccard) with the Jaccard within 0.01 above ``target``. Words of a
    random text are replaced at positions at least three apart, so each replacement swaps
    exactly three shingles for three new ones: k replacements in a text of N shingles give
    (N - 3k) / (N + 3k); the text is lengthened word by word until that lands in the window."""
    while True:
        shingles = words - 2
        k = round(shingles * (1 - target) / (3 * (1 + target)))
        similarity = (shingles - 3 * k) / (shingles + 3 * k)
        if target <= similarity < target + 0.01 and 3 * k < words - 4:
            break
        words += 1
    base = [f"w{i}_{rng.randrange(VOCABULARY)}" for i in range(words)]  # no word repeats
    copy = list(base)
    for position in sorted(rng.sample(range(1, words // 3), k)):
        copy[3 * position] = f"x{position}_{rng.randrange(VOCABULARY)}"
    text, changed = " ".join(base), " ".join(copy)
    return text, changed, exact_jaccard(text, changed)


def recall(
    offset: float, threshold: float = 0.9, pairs: int = 200, seed: int = 1, words: tuple[int, int] = (150, 1500)
) -> dict[str, Any]:
    """The share of pairs at ``threshold + offset`` (exact Jaccard) found, as duplicates within
    one file and as contamination (an eval case against a training set)."""
    rng = random.Random(seed)
    target = threshold + offset
    found_dup = found_cross = 0
    for _ in range(pairs):
        text, copy, _ = near_copy(rng, target, rng.randint(*words))
        a, b = _sketch(text), _sketch(copy)
        found_dup += bool(near_repeats(np.stack([a, b]), threshold)[1])
        found_cross += bool(cross_repeats(b[None, :], a[None, :], threshold)[0])
    return {"jaccard": round(target, 3), "duplicates": found_dup / pairs, "contamination": found_cross / pairs}


def recall_curve(threshold: float = 0.9, pairs: int = 200, seed: int = 1) -> list[dict[str, Any]]:
    """Recall from 0.1 below the threshold to 0.05 above it (below it, "found" is a false
    positive)."""
    return [recall(offset, threshold, pairs, seed) for offset in (-0.1, -0.05, -0.02, 0.0, 0.02, 0.05)]
