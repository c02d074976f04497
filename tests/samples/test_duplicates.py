"""Exact duplicates (after normalising case and spacing), near duplicates (MinHash/LSH) and
eval cases leaked from the training data."""

from assessments.engine import fact_problems
from assessments.samples import analyse, measured_facts
from tests.samples.files import distinct_questions, openai_chat, write_jsonl

LONG_ANSWER = (
    "Thank you for contacting Acme support about your order. Your parcel left our central "
    "depot this morning and the courier expects to deliver it between nine and five tomorrow. "
    "You will receive a text message with a one hour delivery window on the day itself."
)


def test_exact_duplicates_ignore_case_and_spacing(tmp_path):
    records = [openai_chat(q, "Answer.") for q in distinct_questions(3)]
    records.append(openai_chat("  " + distinct_questions(1)[0].upper(), "answer."))
    records.append(openai_chat(distinct_questions(2)[1], "Answer."))
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records))
    assert result.exact_duplicates.to_dict() == {"count": 2, "lines": [4, 5]}
    assert (result.valid_examples, result.unique_examples) == (5, 3)


def test_a_shared_system_prompt_does_not_make_examples_duplicates(tmp_path):
    long_system = "You are Acme's assistant. " * 200
    records = [openai_chat(q, f"Answer {i}", system=long_system) for i, q in enumerate(distinct_questions(5))]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records))
    assert (result.exact_duplicates.count, result.near_duplicates.count) == (0, 0)


def test_near_duplicates_differ_by_a_word(tmp_path):
    reworded = LONG_ANSWER.replace("this morning", "this afternoon")
    records = [
        openai_chat("Where is my parcel?", LONG_ANSWER),
        openai_chat("Where is my parcel?", reworded),
        openai_chat("Can I change my address?", "Yes, from your account page, until the parcel ships."),
    ]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records), near_threshold=0.8)
    assert result.near_duplicates.to_dict() == {"count": 1, "lines": [2]}
    assert result.unique_examples == 2


def test_the_near_duplicate_threshold_is_configurable(tmp_path):
    reworded = LONG_ANSWER.replace("this morning", "this afternoon").replace("nine", "ten")
    records = [openai_chat("Where is my parcel?", LONG_ANSWER), openai_chat("Where is my parcel?", reworded)]
    path = write_jsonl(tmp_path / "s.jsonl", records)
    assert analyse(path, near_threshold=0.99).near_duplicates.count == 0
    assert analyse(path, near_threshold=0.6).near_duplicates.count == 1


def test_distinct_examples_are_all_unique(tmp_path):
    records = [openai_chat(q, f"Reply {q}") for q in distinct_questions(200)]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records))
    assert result.unique_examples == 200


def test_eval_cases_repeating_training_prompts_are_contaminated(tmp_path):
    questions = distinct_questions(4)
    long_question = "Please explain in detail how the warranty applies to a laptop bought abroad last year"
    training = write_jsonl(
        tmp_path / "train.jsonl",
        [openai_chat(q, "Answer") for q in questions] + [openai_chat(long_question, "It applies.")],
    )
    evals = write_jsonl(
        tmp_path / "evals.jsonl",
        [
            {"input": questions[0].lower(), "ideal": "x"},  # exact, after normalising
            {"input": long_question.replace("last year", "last year too"), "ideal": "x"},  # near
            {"input": "Something never seen in training at all", "ideal": "x"},
        ],
    )
    result = analyse(evals, kind="eval", against=training, near_threshold=0.8)
    assert result.contaminated == {"count": 2, "exact": 1, "near": 1, "lines": [1, 2]}


def test_without_a_training_file_contamination_is_not_measured(tmp_path):
    evals = write_jsonl(tmp_path / "evals.jsonl", [{"input": "a", "ideal": "b"}])
    assert analyse(evals, kind="eval").contaminated is None


def test_an_analysis_yields_the_named_facts(tmp_path):
    questions = distinct_questions(4)
    training = analyse(write_jsonl(tmp_path / "t.jsonl", [openai_chat(q, "Mail me at a@b.com") for q in questions]))
    evals = write_jsonl(tmp_path / "e.jsonl", [{"input": questions[0], "ideal": "x"}, {"input": "new"}])
    facts = measured_facts(training, analyse(evals, kind="eval", against=tmp_path / "t.jsonl"))
    assert facts == {
        "sample.valid_examples": 4,
        "sample.unique_examples": 4,
        "sample.over_limit_share": 0.0,
        "sample.pii_lines": 4,
        "evals.cases_with_expected": 1,
        "evals.contaminated": 1,
    }
    assert fact_problems(facts) == []
