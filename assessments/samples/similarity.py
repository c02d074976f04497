"""Exact and near duplicates: a hash of the normalised text, and MinHash sketches with banded
candidate search, in numpy (no datasketch, no SciPy).

Similarity is the Jaccard similarity of 3-word shingle sets. Each example is sketched once, by
one-permutation MinHash (OPH): every shingle is hashed once (vectorised), its hash picks one of
``NUM_BINS`` bins and the bin keeps its smallest value; empty bins are filled by
densification (rotation: Shrivastava and Li, 2014), so the share of equal bins estimates the
Jaccard similarity. One sketch costs about as much as sorting the shingle hashes, against one
multiply per shingle per permutation for classic MinHash. Only the low 8 bits of each bin are
kept (b-bit MinHash): 256 bytes per text, whatever its length.

Candidates come from bands of bins (8 at the default threshold of 0.9: ``band_rows``), so a
pair is proposed when any band matches exactly;
every candidate is then verified by counting equal bins, and accepted when the count clears
``acceptance(threshold)``: the count chosen so a pair 0.02 above the threshold is accepted
with probability at least ``TARGET_RECALL``. The recall this gives is measured (seeded near
copies at known exact Jaccard) by tests/samples/test_recall.py and printed by
bench/sample_bench.py.

Duplicates within a file are found at the end of the pass, over all sketches at once; state per
distinct example is its 256-byte sketch, an 8-byte key of its digest and its line.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterator
from functools import cache

import numpy as np

NUM_BINS = 256
NUM_PERM = NUM_BINS  # the sketch's length (kept under its old name for readers of the code)
SHINGLE_WORDS = 3
WORD = re.compile(r"\w+")
TARGET_RECALL = 0.97  # at 0.02 above the threshold
RECALL_MARGIN = 0.02
# Band members compared per band key: a key shared by more earlier examples than this (a
# heavily templated file) is compared with the most recent ones only.
BAND_WINDOW = 32
CHUNK_PAIRS = 200_000  # candidate pairs verified per numpy step (about 50 MB of comparisons)

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_C1, _C2, _C3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_EMPTY_TEXT = np.array([0x5BD1E9955BD1E995], dtype=np.uint64)
_BIN_SHIFT = np.uint64(64 - 8)  # NUM_BINS == 2**8: the top 8 bits choose the bin
_VALUE_MASK = np.uint64((1 << 56) - 1)
_UNSET = np.uint64(1 << 63)


def normalise(text: str) -> str:
    """Case, Unicode compatibility forms and whitespace don't make two examples different."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def digest(text: str, *, normalised: bool = False) -> bytes:
    return hashlib.blake2b((text if normalised else normalise(text)).encode(), digest_size=16).digest()


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = values ^ (values >> np.uint64(31))
    return mixed


def word_hashes(normalised: str) -> np.ndarray:
    """One stable 32-bit hash per word (crc32: the same in every process, unlike ``hash``)."""
    words = WORD.findall(normalised)
    return np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))


def shingle_hashes(words: np.ndarray) -> np.ndarray:
    """64-bit hashes of the text's 3-word shingles; a text of fewer words is one shingle."""
    if len(words) == 0:
        return _EMPTY_TEXT
    with np.errstate(over="ignore"):
        if len(words) < SHINGLE_WORDS:
            padded = np.zeros(SHINGLE_WORDS, dtype=np.uint64)
            padded[: len(words)] = words + np.uint64(1)
            words = padded
        combined = (words[:-2] * _C1) ^ (words[1:-1] * _C2) ^ (words[2:] * _C3)
        return _mix(combined)


_POSITIONS = np.arange(2 * NUM_BINS)


def sketch(shingles: np.ndarray) -> np.ndarray:
    """The text's 256-byte one-permutation MinHash sketch, densified."""
    ordered = np.sort(shingles)
    bins = (ordered >> _BIN_SHIFT).astype(np.int64)
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(bins[1:], bins[:-1], out=first[1:])
    values = np.full(NUM_BINS, _UNSET, dtype=np.uint64)
    # Sorted by hash, so the first hash in each bin is that bin's smallest.
    values[bins[first]] = ordered[first] & _VALUE_MASK
    if len(bins[first]) < NUM_BINS:
        # Densification by rotation (Shrivastava and Li, 2014): an empty bin borrows from the
        # next filled bin to its right (wrapping round), re-hashed with the distance, so two
        # texts with the same filled bins fill their empty ones alike. Vectorised: for each
        # position of the doubled row, the nearest filled position at or after it.
        filled = np.concatenate((values, values)) != _UNSET
        nearest = np.where(filled, _POSITIONS, 2 * NUM_BINS)
        nearest = np.minimum.accumulate(nearest[::-1])[::-1][:NUM_BINS]
        distance = (nearest - _POSITIONS[:NUM_BINS]).astype(np.uint64)
        empty = distance > 0
        values[empty] = _mix(values[nearest[empty] % NUM_BINS] + distance[empty] * _C3)
    return (values & np.uint64(0xFF)).astype(np.uint8)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The sketches' estimate of the Jaccard similarity (share of equal bins)."""
    return float(np.mean(a == b))


def exact_jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (for tests and the benchmark)."""
    sa, sb = (set(shingle_hashes(word_hashes(normalise(t))).tolist()) for t in (a, b))
    return len(sa & sb) / len(sa | sb)


@cache
def acceptance(threshold: float) -> int:
    """Equal bins needed to call a pair similar: the most that a pair at ``threshold + 0.02``
    still reaches with probability ``TARGET_RECALL`` (an 8-bit bin also agrees by chance once
    in 256). Exact binomial tail, no SciPy."""
    p = min(1.0, threshold + RECALL_MARGIN)
    p = p + (1 - p) / 256
    n = NUM_BINS
    tail = 0.0
    for m in range(n, -1, -1):
        tail += math.comb(n, m) * p**m * (1 - p) ** (n - m)
        if tail >= TARGET_RECALL:
            return m
    return 0


_BAND_TYPES = {8: np.uint64, 4: np.uint32, 2: np.uint16, 1: np.uint8}


@cache
def band_rows(threshold: float) -> int:
    """Bins per band: the most (fewest chance candidates) that still propose a pair 0.05 below
    ``threshold`` with probability 0.999 (a pair is proposed when any band matches)."""
    p = max(threshold - 0.05, 0.01)
    for rows in (8, 4, 2):
        if 1 - (1 - p**rows) ** (NUM_BINS // rows) >= 0.999:
            return rows
    return 1


def _band_keys(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """(n, bands) band keys: each band's bytes read as one integer."""
    return np.ascontiguousarray(signatures).view(_BAND_TYPES[band_rows(threshold)])


def _verified(
    pairs_a: np.ndarray, pairs_b: np.ndarray, sigs_a: np.ndarray, sigs_b: np.ndarray, needed: int
) -> np.ndarray:
    """The mask of candidate pairs whose sketches agree in at least ``needed`` bins."""
    keep = np.zeros(len(pairs_a), dtype=bool)
    for start in range(0, len(pairs_a), CHUNK_PAIRS):
        end = start + CHUNK_PAIRS
        equal = (sigs_a[pairs_a[start:end]] == sigs_b[pairs_b[start:end]]).sum(axis=1)
        keep[start:end] = equal >= needed
    return keep


def near_repeats(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """A mask over ``signatures`` (in file order): True where the text is similar (at least
    ``threshold``) to an earlier one."""
    count = len(signatures)
    near = np.zeros(count, dtype=bool)
    if count < 2:
        return near
    keys = _band_keys(signatures, threshold)
    earlier, later = [], []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")  # equal keys stay in file order
        ordered = keys[order, band]
        for distance in range(1, min(BAND_WINDOW, count - 1) + 1):
            same = np.flatnonzero(ordered[distance:] == ordered[:-distance])
            if not len(same):
                break
            earlier.append(order[same])
            later.append(order[same + distance])
    if not earlier:
        return near
    pairs = np.unique(np.concatenate(earlier).astype(np.int64) * count + np.concatenate(later))
    first, second = pairs // count, pairs % count
    keep = _verified(first, second, signatures, signatures, acceptance(threshold))
    near[second[keep]] = True
    return near


def cross_repeats(cases: np.ndarray, known: np.ndarray, threshold: float) -> np.ndarray:
    """A mask over ``cases``: True where a case is similar (at least ``threshold``) to any of
    ``known``."""
    found = np.zeros(len(cases), dtype=bool)
    if not len(cases) or not len(known):
        return found
    case_keys, known_keys = _band_keys(cases, threshold), _band_keys(known, threshold)
    case_idx, known_idx = [], []
    for band in range(case_keys.shape[1]):
        order = np.argsort(known_keys[:, band], kind="stable")
        ordered = known_keys[order, band]
        left = np.searchsorted(ordered, case_keys[:, band], side="left")
        right = np.searchsorted(ordered, case_keys[:, band], side="right")
        for offset in range(BAND_WINDOW):
            within = np.flatnonzero(left + offset < right)
            if not len(within):
                break
            case_idx.append(within)
            known_idx.append(order[left[within] + offset])
    if not case_idx:
        return found
    pairs = np.unique(np.concatenate(case_idx).astype(np.int64) * len(known) + np.concatenate(known_idx))
    first, second = pairs // len(known), pairs % len(known)
    keep = _verified(first, second, cases, known, acceptance(threshold))
    found[first[keep]] = True
    return found


class Sketcher:
    """Normalises, digests and sketches one example's prompt and whole text together: the words
    are hashed once, and the prompt's sketch is taken from the same shingle hashes."""

    @staticmethod
    def sketch_example(prompt: str, completion: str) -> tuple[bytes, np.ndarray, bytes, np.ndarray]:
        """(digest, sketch) of the whole example, then of its prompt."""
        norm_prompt, norm_completion = normalise(prompt), normalise(completion)
        whole = " ".join(part for part in (norm_prompt, norm_completion) if part)
        prompt_words, completion_words = word_hashes(norm_prompt), word_hashes(norm_completion)
        prompt_shingles = shingle_hashes(prompt_words)
        if len(completion_words):
            all_words = np.concatenate((prompt_words, completion_words))
            whole_sketch = sketch(shingle_hashes(all_words))
        else:
            whole_sketch = sketch(prompt_shingles)
        return (
            digest(whole, normalised=True),
            whole_sketch,
            digest(norm_prompt, normalised=True),
            sketch(prompt_shingles) if len(completion_words) else whole_sketch,
        )


class DuplicateIndex:
    """Exact repeats as the file streams past; near repeats over all distinct examples at the
    end (``near_lines``)."""

    def __init__(self, threshold: float = 0.9):
        self.threshold = threshold
        self.keys: set[int] = set()
        self.lines = array("I")
        self.signatures = bytearray()

    def add(self, line: int, key: bytes, signature: np.ndarray) -> bool:
        """False when the example repeats an earlier one word for word; otherwise remember it."""
        short = int.from_bytes(key[:8], "little")
        if short in self.keys:
            return False
        self.keys.add(short)
        self.lines.append(line)
        self.signatures += signature.tobytes()
        return True

    def near_lines(self) -> list[int]:
        """Lines of the distinct examples similar to an earlier one, in file order."""
        # Views of the collected bytes, not copies: the index is done growing.
        signatures = np.frombuffer(self.signatures, dtype=np.uint8).reshape(len(self.lines), NUM_BINS)
        near = near_repeats(signatures, self.threshold)
        lines = np.frombuffer(self.lines, dtype=np.uint32)
        return [int(line) for line in lines[near]]


# --- Fingerprints: a file's prompts as hashes, kept after the file is deleted ------------------

FINGERPRINT_VERSION = 2  # 1: 64 16-bit MinHash values (datasketch); 2: 256-bin 8-bit OPH sketches
_ROW_BYTES = 4 + 16 + NUM_BINS
_V1_PERMUTATIONS = 64


class Fingerprints:
    """One file's prompts as hashes only: a 16-byte digest of each normalised prompt and its
    256-byte sketch, with the line it came from.

    No text can be recovered from them, so they may outlive the raw file: an eval set uploaded
    next week is checked for contamination against a training sample deleted today. About 280
    bytes per prompt.
    """

    def __init__(self, lines: np.ndarray, digests: np.ndarray, signatures: np.ndarray | None):
        """``signatures`` is None for fingerprints an earlier version kept: their digests still
        find exact repeats, their sketches can't be compared with these."""
        if not (len(lines) == len(digests)) or (signatures is not None and len(signatures) != len(lines)):
            raise ValueError("fingerprint arrays differ in length")
        if digests.shape[1:] != (16,) or (signatures is not None and signatures.shape[1:] != (NUM_BINS,)):
            raise ValueError("fingerprint arrays have the wrong shape")
        self.lines, self.digests, self.signatures = lines, digests, signatures

    @property
    def comparable(self) -> bool:
        """Whether near copies can be looked for (sketches of this version)."""
        return self.signatures is not None

    def __len__(self) -> int:
        return len(self.lines)

    def to_bytes(self) -> bytes:
        if self.signatures is None:
            raise ValueError("fingerprints of an earlier version are read, never written")
        header = np.array([FINGERPRINT_VERSION, len(self), NUM_BINS], dtype="<u4")
        return b"".join(
            (
                header.tobytes(),
                self.lines.astype("<u4").tobytes(),
                self.digests.astype(np.uint8).tobytes(),
                self.signatures.astype(np.uint8).tobytes(),
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprints:
        """Raises ValueError for anything but what this version's ``to_bytes`` wrote (an earlier
        version's sketches can't be compared with these)."""
        if len(data) < 12:
            raise ValueError("not fingerprints this version wrote")
        version, count, bins = (int(v) for v in np.frombuffer(data[:12], dtype="<u4"))
        if version == 1 and bins == _V1_PERMUTATIONS and len(data) == 12 + count * (20 + 2 * _V1_PERMUTATIONS):
            lines_end, digests_end = 12 + 4 * count, 12 + 20 * count
            return cls(
                np.frombuffer(data[12:lines_end], dtype="<u4"),
                np.frombuffer(data[lines_end:digests_end], dtype=np.uint8).reshape(count, 16),
                None,
            )
        if version != FINGERPRINT_VERSION or bins != NUM_BINS or len(data) != 12 + count * _ROW_BYTES:
            raise ValueError("not fingerprints this version wrote")
        lines_end, digests_end = 12 + 4 * count, 12 + 20 * count
        return cls(
            np.frombuffer(data[12:lines_end], dtype="<u4"),
            np.frombuffer(data[lines_end:digests_end], dtype=np.uint8).reshape(count, 16),
            np.frombuffer(data[digests_end:], dtype=np.uint8).reshape(count, NUM_BINS),
        )


class FingerprintBuilder:
    """Collects fingerprints as a file streams past; ``distinct`` keeps one per distinct prompt
    (a training sample), otherwise one per case with its line (an eval set)."""

    def __init__(self, *, distinct: bool):
        self.distinct = distinct
        self.seen: set[int] = set()
        self.lines = array("I")
        self.digests = bytearray()
        self.signatures = bytearray()

    def add(self, line: int, key: bytes, signature: np.ndarray) -> None:
        if self.distinct:
            short = int.from_bytes(key[:8], "little")
            if short in self.seen:
                return
            self.seen.add(short)
        self.lines.append(line)
        self.digests += key
        self.signatures += signature.tobytes()

    def add_text(self, line: int, text: str) -> None:
        """``add`` for a prompt alone (a training file read only for its prompts)."""
        normalised = normalise(text)
        self.add(line, digest(normalised, normalised=True), sketch(shingle_hashes(word_hashes(normalised))))

    def build(self) -> Fingerprints:
        count = len(self.lines)
        # Views of the collected bytes, not copies (the builder is done once built).
        return Fingerprints(
            np.frombuffer(self.lines, dtype=np.uint32),
            np.frombuffer(self.digests, dtype=np.uint8).reshape(count, 16),
            np.frombuffer(self.signatures, dtype=np.uint8).reshape(count, NUM_BINS),
        )


def repeats(cases: Fingerprints, known: Fingerprints, threshold: float = 0.9) -> Iterator[tuple[int, str]]:
    """(line, "exact" or "near") for each case whose prompt repeats one of ``known``'s."""
    digests = {bytes(row) for row in known.digests}
    exact = np.array([bytes(row) in digests for row in cases.digests], dtype=bool)
    if cases.signatures is not None and known.signatures is not None:  # both ``comparable``
        near = cross_repeats(cases.signatures, known.signatures, threshold) & ~exact
    else:
        near = np.zeros(len(cases), dtype=bool)
    for line, is_exact, is_near in zip(cases.lines, exact, near, strict=True):
        if is_exact:
            yield int(line), "exact"
        elif is_near:
            yield int(line), "near"
