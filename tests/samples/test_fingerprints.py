"""Fingerprints: a file's prompts as hashes that outlive the file, so a later eval set can still
be checked for contamination. They must hold no text and survive a round trip exactly."""

import pytest

from assessments.samples import Fingerprints, analyse, contamination
from tests.samples.files import distinct_questions, openai_chat, write_jsonl

SECRET = "Nora Quill asks about claim 4111 1111 1111 1111 and her flat on Elm Street"


def test_a_training_sample_keeps_one_fingerprint_per_distinct_prompt(tmp_path):
    questions = distinct_questions(5)
    records = [openai_chat(q, "Answer") for q in questions] + [openai_chat(questions[0].upper(), "Other answer")]
    fingerprints = analyse(write_jsonl(tmp_path / "t.jsonl", records)).fingerprints
    assert len(fingerprints) == 5
    assert list(fingerprints.lines) == [1, 2, 3, 4, 5]


def test_an_eval_set_keeps_one_fingerprint_per_valid_case_with_its_line(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [{"input": "a", "ideal": "x"}, {"nope": 1}, {"input": "a", "ideal": "y"}])
    fingerprints = analyse(path, kind="eval").fingerprints
    assert list(fingerprints.lines) == [1, 3]


def test_fingerprints_hold_no_text_from_the_file(tmp_path):
    path = write_jsonl(tmp_path / "t.jsonl", [openai_chat(SECRET, SECRET)])
    stored = analyse(path).fingerprints.to_bytes()
    for word in ("Nora", "nora", "Quill", "quill", "4111", "Elm", "elm"):
        assert word.encode() not in stored


def test_fingerprints_survive_a_round_trip_through_bytes(tmp_path):
    path = write_jsonl(tmp_path / "t.jsonl", [openai_chat(q, "A") for q in distinct_questions(20)])
    original = analyse(path).fingerprints
    copy = Fingerprints.from_bytes(original.to_bytes())
    assert (copy.lines == original.lines).all()
    assert (copy.digests == original.digests).all()
    assert (copy.signatures == original.signatures).all()


def test_an_empty_file_of_valid_examples_has_empty_fingerprints_that_still_round_trip(tmp_path):
    path = write_jsonl(tmp_path / "e.jsonl", [{"nope": 1}])
    fingerprints = analyse(path, kind="eval").fingerprints
    assert len(Fingerprints.from_bytes(fingerprints.to_bytes())) == 0


@pytest.mark.parametrize("data", [b"", b"garbage", b"\x01\x00\x00\x00\x05\x00\x00\x00\x40\x00\x00\x00short"])
def test_bytes_not_written_by_fingerprints_are_refused(data):
    with pytest.raises(ValueError, match="not fingerprints"):
        Fingerprints.from_bytes(data)


def test_checking_against_stored_fingerprints_finds_what_checking_against_the_file_finds(tmp_path):
    questions = distinct_questions(30)
    long_question = "Does the warranty cover water damage to the phone when it was bought abroad last year"
    training = write_jsonl(
        tmp_path / "t.jsonl", [openai_chat(q, "A") for q in questions] + [openai_chat(long_question, "Yes")]
    )
    evals = write_jsonl(
        tmp_path / "e.jsonl",
        [
            {"input": questions[3], "ideal": "x"},
            {"input": "Entirely new question about invoices", "ideal": "x"},
            {"input": long_question.replace("last year", "last year too"), "ideal": "x"},
        ],
    )
    from_file = analyse(evals, kind="eval", against=training, near_threshold=0.8).contaminated
    stored = Fingerprints.from_bytes(analyse(training).fingerprints.to_bytes())
    from_fingerprints = contamination(analyse(evals, kind="eval").fingerprints, stored, 0.8)
    assert from_file == from_fingerprints == {"count": 2, "exact": 1, "near": 1, "lines": [1, 3]}


def _version_1_bytes(count: int, digests: bytes) -> bytes:
    """What the earlier version wrote: header 1, count, 64; lines; digests; 64 16-bit values each."""
    import numpy as np

    header = np.array([1, count, 64], dtype="<u4").tobytes()
    lines = np.arange(1, count + 1, dtype="<u4").tobytes()
    return header + lines + digests + bytes(count * 128)


def test_fingerprints_of_an_earlier_version_still_find_exact_repeats_and_say_near_copies_were_not_checked(tmp_path):
    questions = distinct_questions(4)
    current = analyse(write_jsonl(tmp_path / "t.jsonl", [openai_chat(q, "A") for q in questions])).fingerprints
    legacy = Fingerprints.from_bytes(_version_1_bytes(len(current), current.digests.tobytes()))
    assert not legacy.comparable
    evals = analyse(
        write_jsonl(tmp_path / "e.jsonl", [{"input": questions[2], "ideal": "x"}, {"input": "New", "ideal": "y"}]),
        kind="eval",
    ).fingerprints
    assert contamination(evals, legacy) == {"count": 1, "exact": 1, "near": 0, "lines": [1], "near_checked": False}
    assert "near_checked" not in contamination(evals, current)
