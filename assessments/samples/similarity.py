"""Exact and near duplicates: a hash of the normalised text, and MinHash/LSH (datasketch).

State per distinct example: a 16-byte digest, its LSH band keys and a 256-byte signature
(to confirm LSH candidates), so memory grows with the number of examples (capped by the line
limit: about 100 MB at 200,000), never with their length.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterator

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64  # enough to tell 0.9 similarity from 0.7, at half the cost of the default 128
SCHEME = "affine32"  # 32-bit hash values: a signature fits in a uint32 array
SHINGLE_WORDS = 3
WORD = re.compile(r"\w+")
# Drawn once (datasketch's default seed): drawing them per signature was a third of the time.
PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def normalise(text: str) -> str:
    """Case, Unicode compatibility forms and whitespace don't make two examples different."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def digest(text: str, *, normalised: bool = False) -> bytes:
    return hashlib.blake2b((text if normalised else normalise(text)).encode(), digest_size=16).digest()


def minhash(text: str, *, normalised: bool = False) -> MinHash:
    words = WORD.findall(text if normalised else normalise(text))
    shingles = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))]
    # crc32 rather than datasketch's default sha1: stable across runs and several times faster.
    signature = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=PERMUTATIONS, scheme=SCHEME)
    signature.update_batch([s.encode() for s in shingles])
    return signature


def candidate_index(threshold: float) -> MinHashLSH:
    """LSH only proposes candidates (each is then checked against ``threshold``); with 64
    permutations datasketch can't band for a threshold above 0.95."""
    return MinHashLSH(threshold=min(max(threshold, 0.1), 0.95), num_perm=NUM_PERM)


class DuplicateIndex:
    """Remembers examples seen so far; ``classify`` says whether a new one repeats one."""

    def __init__(self, threshold: float = 0.9):
        self.threshold = threshold
        self.digests: set[bytes] = set()
        self.lsh = candidate_index(threshold)
        self.signatures: list[np.ndarray] = []

    def classify(self, text: str) -> str | None:
        """ "exact", "near" or None (new, and now remembered)."""
        text = normalise(text)  # once, for both the digest and the signature
        key = digest(text, normalised=True)
        if key in self.digests:
            return "exact"
        signature = minhash(text, normalised=True)
        values = signature.hashvalues.astype(np.uint32)  # datasketch keeps them below 2**32
        # LSH returns candidates; keep only those whose estimated Jaccard clears the bar.
        if any(np.mean(self.signatures[i] == values) >= self.threshold for i in self.lsh.query(signature)):
            return "near"
        self.digests.add(key)
        self.lsh.insert(len(self.signatures), signature)
        self.signatures.append(values)
        return None


# --- Fingerprints: a file's prompts as hashes, kept after the file is deleted ------------------

FINGERPRINT_VERSION = 1


class Fingerprints:
    """One file's prompts as hashes only: a 16-byte digest of each normalised prompt and the
    low 16 bits of each of its MinHash values, with the line it came from.

    No text can be recovered from them, so they may outlive the raw file: an eval set uploaded
    next week is checked for contamination against a training sample deleted today. 16 bits
    per value (2**-16 chance that two unrelated values agree) estimate similarity as well as 32
    at half the size: about 150 bytes per prompt.
    """

    def __init__(self, lines: np.ndarray, digests: np.ndarray, signatures: np.ndarray):
        if not (len(lines) == len(digests) == len(signatures)):
            raise ValueError("fingerprint arrays differ in length")
        if digests.shape[1:] != (16,) or signatures.shape[1:] != (NUM_PERM,):
            raise ValueError("fingerprint arrays have the wrong shape")
        self.lines, self.digests, self.signatures = lines, digests, signatures

    def __len__(self) -> int:
        return len(self.lines)

    def to_bytes(self) -> bytes:
        header = np.array([FINGERPRINT_VERSION, len(self), NUM_PERM], dtype="<u4")
        return b"".join(
            (
                header.tobytes(),
                self.lines.astype("<u4").tobytes(),
                self.digests.astype(np.uint8).tobytes(),
                self.signatures.astype("<u2").tobytes(),
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprints:
        """Raises ValueError for anything but what ``to_bytes`` wrote."""
        if len(data) < 12:
            raise ValueError("not fingerprints this version wrote")
        version, count, perms = (int(v) for v in np.frombuffer(data[:12], dtype="<u4"))
        if version != FINGERPRINT_VERSION or perms != NUM_PERM or len(data) != 12 + count * (4 + 16 + 2 * NUM_PERM):
            raise ValueError("not fingerprints this version wrote")
        lines_end, digests_end = 12 + 4 * count, 12 + 20 * count
        return cls(
            np.frombuffer(data[12:lines_end], dtype="<u4"),
            np.frombuffer(data[lines_end:digests_end], dtype=np.uint8).reshape(count, 16),
            np.frombuffer(data[digests_end:], dtype="<u2").reshape(count, NUM_PERM),
        )


class FingerprintBuilder:
    """Collects fingerprints as a file streams past; ``distinct`` keeps one per distinct prompt
    (a training sample), otherwise one per case with its line (an eval set)."""

    def __init__(self, *, distinct: bool):
        self.distinct = distinct
        self.seen: set[bytes] = set()
        self.lines = array("I")
        self.digests = bytearray()
        self.signatures = array("H")

    def add(self, line: int, text: str) -> None:
        text = normalise(text)
        key = digest(text, normalised=True)
        if self.distinct:
            if key in self.seen:
                return
            self.seen.add(key)
        self.lines.append(line)
        self.digests += key
        self.signatures.frombytes((minhash(text, normalised=True).hashvalues & 0xFFFF).astype(np.uint16).tobytes())

    def build(self) -> Fingerprints:
        count = len(self.lines)
        return Fingerprints(
            np.frombuffer(self.lines, dtype=np.uint32).copy(),
            np.frombuffer(bytes(self.digests), dtype=np.uint8).reshape(count, 16),
            np.frombuffer(self.signatures, dtype=np.uint16).reshape(count, NUM_PERM).copy(),
        )


def _sketch(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


def repeats(cases: Fingerprints, known: Fingerprints, threshold: float = 0.9) -> Iterator[tuple[int, str]]:
    """(line, "exact" or "near") for each case whose prompt repeats one of ``known``'s."""
    digests = {bytes(row) for row in known.digests}
    lsh = candidate_index(threshold)
    with lsh.insertion_session() as session:
        for i, values in enumerate(known.signatures):
            session.insert(i, _sketch(values))
    for line, key, values in zip(cases.lines, cases.digests, cases.signatures, strict=True):
        if bytes(key) in digests:
            yield int(line), "exact"
        elif any(np.mean(known.signatures[i] == values) >= threshold for i in lsh.query(_sketch(values))):
            yield int(line), "near"
