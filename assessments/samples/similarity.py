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

import numpy as np
from datasketch import MinHash, MinHashLSH

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


class DuplicateIndex:
    """Remembers examples seen so far; ``classify`` says whether a new one repeats one."""

    def __init__(self, threshold: float = 0.9):
        self.threshold = threshold
        self.digests: set[bytes] = set()
        # LSH only proposes candidates (each is then checked against ``threshold``); with 64
        # permutations datasketch can't band for a threshold above 0.95.
        self.lsh = MinHashLSH(threshold=min(max(threshold, 0.1), 0.95), num_perm=NUM_PERM)
        self.signatures: list[np.ndarray] = []

    def classify(self, text: str, *, remember: bool = True) -> str | None:
        """ "exact", "near" or None (new); a new example is remembered unless told not to."""
        text = normalise(text)  # once, for both the digest and the signature
        key = digest(text, normalised=True)
        if key in self.digests:
            return "exact"
        signature = minhash(text, normalised=True)
        values = signature.hashvalues.astype(np.uint32)  # datasketch keeps them below 2**32
        # LSH returns candidates; keep only those whose estimated Jaccard clears the bar.
        if any(np.mean(self.signatures[i] == values) >= self.threshold for i in self.lsh.query(signature)):
            return "near"
        if remember:
            self.digests.add(key)
            self.lsh.insert(len(self.signatures), signature)
            self.signatures.append(values)
        return None
