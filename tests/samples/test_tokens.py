"""Token counts (offline cl100k), their spread, and the share over each provider's limit."""

import os
import subprocess
import sys
from pathlib import Path

from assessments.samples import analyse, default_profiles, profiles_from
from assessments.samples.tokens import count_tokens, histogram, percentile
from tests.samples.files import write_jsonl

ROOT = Path(__file__).resolve().parents[2]


def test_counts_are_cl100k_tokens_plus_message_framing():
    assert count_tokens(("Hello world",)) == 2 + 3


def test_the_tokenizer_loads_with_the_network_unavailable(tmp_path):
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from assessments.samples.tokens import count_tokens\n"
        "assert count_tokens(('Hello world',)) == 5\n"
    )
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)


def test_percentiles_are_nearest_rank():
    counts = list(range(1, 11))
    assert [percentile(counts, s) for s in (0.1, 0.5, 0.9)] == [1, 5, 9]
    assert percentile([], 0.5) == 0


def test_the_histogram_buckets_by_upper_edge():
    buckets = histogram([10, 64, 65, 200_000])
    assert buckets[0] == {"up_to": 64, "count": 2} and buckets[1] == {"up_to": 128, "count": 1}
    assert buckets[-1] == {"up_to": None, "count": 1}


def test_examples_over_a_providers_limit_are_counted(tmp_path):
    words = " ".join(f"word{i}" for i in range(300))
    records = [{"prompt": "short", "completion": "fine"}, {"prompt": words, "completion": "long"}]
    profiles = profiles_from(
        {
            "providers": [
                {**vars(default_profiles()[0]), "slug": "tight", "max_tokens_per_example": 100},
                {**vars(default_profiles()[0]), "slug": "roomy", "max_tokens_per_example": 100_000},
            ]
        }
    )
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records), profiles=profiles)
    assert result.over_limit == {"tight": 1, "roomy": 0}
    tokens = result.tokens()
    assert tokens["p10"] < 20 < 300 < tokens["max"] == tokens["p90"]


def test_the_default_profiles_cover_the_four_providers_with_sources():
    profiles = {p.slug: p for p in default_profiles()}
    assert {p.provider for p in profiles.values()} == {"openai", "bedrock", "vertex", "anthropic"}
    assert all(p.source and p.min_examples <= p.recommended_examples for p in profiles.values())
