"""Near-duplicate and contamination recall, measured on seeded near copies at known exact
Jaccard similarity (3-word shingles), through the same sketches and candidate search the
analysis uses. The issue's bar: at least 90 % found 0.02 above the threshold, 99 % at 0.05
above, under 1 % false positives 0.1 below; for duplicates and for contamination."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.samples import analyse
from assessments.samples.recall import near_copy, recall
from assessments.samples.similarity import acceptance, band_rows, exact_jaccard
from tests.samples.files import openai_chat, write_jsonl

THRESHOLD = 0.9


def test_near_copies_are_built_at_the_exact_jaccard_asked_for():
    rng = random.Random(3)
    for target in (0.8, 0.9, 0.92, 0.95):
        text, copy, similarity = near_copy(rng, target, 300)
        assert target <= similarity < target + 0.01
        assert similarity == exact_jaccard(text, copy)


def test_at_least_90_percent_are_found_0_02_above_the_threshold():
    found = recall(0.02, THRESHOLD, pairs=150, seed=11)
    assert found["duplicates"] >= 0.9 and found["contamination"] >= 0.9


def test_at_least_99_percent_are_found_0_05_above_the_threshold():
    found = recall(0.05, THRESHOLD, pairs=150, seed=12)
    assert found["duplicates"] >= 0.99 and found["contamination"] >= 0.99


def test_under_1_percent_are_reported_0_1_below_the_threshold():
    found = recall(-0.1, THRESHOLD, pairs=150, seed=13)
    assert found["duplicates"] < 0.01 and found["contamination"] < 0.01


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32), words=st.integers(200, 1200))
def test_any_near_copy_0_05_above_the_threshold_is_found_through_a_whole_analysis(tmp_path_factory, seed, words):
    text, copy, _ = near_copy(random.Random(seed), THRESHOLD + 0.05, words)
    path = write_jsonl(
        tmp_path_factory.mktemp("r") / "s.jsonl", [openai_chat("Question", text), openai_chat("Q", copy)]
    )
    # The prompt differs by one word out of hundreds: the whole example is the near copy.
    assert analyse(path, near_threshold=THRESHOLD).near_duplicates.lines == [2]


def test_the_banding_and_acceptance_follow_the_threshold():
    assert band_rows(0.9) == 8 and band_rows(0.6) < band_rows(0.9)
    assert acceptance(0.8) < acceptance(0.9) < acceptance(0.95) <= 256
    # A planted fault: acceptance at the bare threshold would miss about one pair in five at it.
    assert acceptance(0.9) < round(0.9 * 256)


def test_a_near_copy_of_a_near_copy_is_also_reported(tmp_path):
    rng = random.Random(5)
    text, copy, _ = near_copy(rng, 0.95, 600)
    words = copy.split()
    words[-1] = "changed"
    records = [openai_chat("Q", t) for t in (text, copy, " ".join(words))]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records), near_threshold=THRESHOLD)
    assert result.near_duplicates.lines == [2, 3]


def test_unrelated_texts_are_not_near_duplicates(tmp_path):
    rng = random.Random(9)
    texts = [" ".join(f"w{rng.randrange(50_000)}" for _ in range(200)) for _ in range(300)]
    path = write_jsonl(tmp_path / "s.jsonl", [openai_chat("Q", t) for t in texts])
    assert analyse(path).near_duplicates.count == 0
