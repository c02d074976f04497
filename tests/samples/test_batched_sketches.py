"""The batched word hashes and sketches the analysis uses equal the one-text-at-a-time ones, bin
for bin: fingerprints kept from earlier analyses stay comparable with new ones."""

import random

import numpy as np

from assessments.samples.similarity import (
    Sketcher,
    batch_word_hashes,
    normalise,
    sketch_examples,
    word_hashes,
)

# ASCII, accented, CJK, curly quotes, a non-breaking space and a ligature (NFKC changes it).
ALPHABET = "ab cd\tEF_9é日 “x” ,.-\u00a0ﬁ"


def _texts(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.1:
        return ""
    if shape < 0.2:  # one or two words: a single padded shingle
        return " ".join(rng.choice(["a", "b", "日本"]) for _ in range(rng.randrange(1, 3)))
    if shape < 0.3:  # words longer than the vectorised CRC handles
        return "x" * rng.randrange(40, 200) + " " + "y" * rng.randrange(1, 60) + " then short words"
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 600)))


def test_batched_word_hashes_equal_one_text_at_a_time():
    rng = random.Random(5)
    texts = [normalise(_texts(rng)) for _ in range(1500)]
    hashes, counts = batch_word_hashes(texts)
    one_by_one = [word_hashes(text) for text in texts]
    assert counts.tolist() == [len(h) for h in one_by_one]
    assert np.array_equal(hashes, np.concatenate(one_by_one))


def test_batched_sketches_equal_one_example_at_a_time():
    rng = random.Random(6)
    pairs = [(_texts(rng), _texts(rng)) for _ in range(1200)]
    for size in (1, 5, 64, len(pairs)):
        for start in range(0, len(pairs), size):
            batch = pairs[start : start + size]
            whole_keys, whole_sketches, prompt_keys, prompt_sketches = sketch_examples(batch)
            for i, (prompt, completion) in enumerate(batch):
                whole_key, whole_sketch, prompt_key, prompt_sketch = Sketcher.sketch_example(prompt, completion)
                assert (whole_keys[i], prompt_keys[i]) == (whole_key, prompt_key)
                assert np.array_equal(whole_sketches[i], whole_sketch), (prompt, completion)
                assert np.array_equal(prompt_sketches[i], prompt_sketch), (prompt, completion)


def test_a_training_files_prompts_fingerprinted_in_batches_equal_one_at_a_time():
    from assessments.samples.similarity import FingerprintBuilder

    rng = random.Random(7)
    texts = [_texts(rng) for _ in range(300)]
    texts += texts[:20]  # repeated prompts are kept once
    one_by_one, batched = FingerprintBuilder(distinct=True), FingerprintBuilder(distinct=True)
    for line, text in enumerate(texts, 1):
        one_by_one.add_text(line, text)
    numbered = list(enumerate(texts, 1))
    for start in range(0, len(numbered), 64):
        batch = numbered[start : start + 64]
        batched.add_texts([line for line, _ in batch], [text for _, text in batch])
    assert batched.build().to_bytes() == one_by_one.build().to_bytes()
