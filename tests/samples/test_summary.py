"""Findings in words: issues with their first lines, histogram bars, provider fit, next steps
and the stated-vs-measured sentences (pure functions, no database)."""

from assessments.samples import default_profiles
from assessments.samples.formats import CHECKS as FORMATS
from assessments.samples.formats import ERROR_KINDS
from assessments.samples.summary import (
    TARGET_FORMAT_LABELS,
    format_label,
    histogram_rows,
    issues,
    next_steps,
    provider_fit,
    stated_vs_measured,
    unusable_count,
)

FINDINGS = {
    "lines": 452,
    "valid_examples": 450,
    "unique_examples": 412,
    "exact_duplicates": {"count": 38, "lines": [413, 414, 415, 416, 417]},
    "near_duplicates": {"count": 0, "lines": []},
    "errors": {"parse_error": {"count": 2, "lines": [7, 9]}},
    "tokens": {
        "p10": 30,
        "p50": 41,
        "p90": 60,
        "max": 90,
        "histogram": [{"up_to": 64, "count": 3}, {"up_to": None, "count": 1}],
    },
    "pii_lines": {"count": 1, "lines": [3], "kinds": {"card_number": {"count": 1, "lines": [3]}}},
    "over_limit": {"openai-gpt-4-1-mini-sft": 0, "bedrock-claude-3-haiku-sft": 2, "vertex-gemini-2-5-flash-sft": 0},
}


def test_issues_name_each_finding_with_its_count_and_first_lines():
    rows = {row["kind"]: (row["count"], row["lines"]) for row in issues(FINDINGS)}
    assert rows["exact_duplicates"] == (38, [413, 414, 415, 416, 417])
    assert rows["parse_error"] == (2, [7, 9])
    assert rows["pii"] == (1, [3])


def test_each_finding_is_a_sentence_a_client_understands():
    sentences = [row["sentence"] for row in issues(FINDINGS)]
    assert sentences == [
        "38 examples repeat an earlier example word for word (first at lines 413, 414, 415, 416, 417).",
        "2 lines are not valid JSON, so they can't be read (first at lines 7, 9).",
        "1 line contains personal data: card numbers (first at line 3).",
    ]
    every_kind = {"errors": {kind: {"count": 1, "lines": [4]} for kind in ERROR_KINDS}}
    for row in issues(every_kind):
        sentence = row["sentence"]
        assert sentence[0].isdigit() and sentence.endswith(".") and "_" not in sentence, sentence
        assert "the format doesn't allow" not in sentence and "keys" not in sentence, sentence


def test_the_file_format_is_named_as_a_client_knows_it():
    assert format_label({"format": "openai_chat"}) == "OpenAI chat messages"
    assert format_label({"format": "unknown"}) == "a format we didn't recognise"
    assert all("_" not in format_label({"format": name}) for name in FORMATS)


def test_the_histogram_has_labelled_bars_in_tenths():
    assert histogram_rows(FINDINGS) == [
        {"label": "1–64", "count": 3, "percent": 75, "tenths": 8},
        {"label": "over 64", "count": 1, "percent": 25, "tenths": 2},
    ]


def test_the_histogram_leaves_out_empty_buckets_below_the_shortest_and_above_the_longest_example():
    buckets = [{"up_to": 64, "count": 0}, {"up_to": 128, "count": 5}, {"up_to": 256, "count": 0}]
    buckets += [{"up_to": 512, "count": 5}, {"up_to": 1024, "count": 0}, {"up_to": None, "count": 0}]
    rows = histogram_rows({"tokens": {"histogram": buckets}})
    assert [(r["label"], r["count"]) for r in rows] == [("65–128", 5), ("129–256", 0), ("257–512", 5)]
    assert histogram_rows({"tokens": {"histogram": [{"up_to": 64, "count": 0}]}}) == []


def test_provider_fit_compares_unique_examples_with_each_recommendation_and_limit():
    fit = {row["slug"]: row for row in provider_fit(FINDINGS, default_profiles())}
    mini, haiku = fit["openai-gpt-4-1-mini-sft"], fit["bedrock-claude-3-haiku-sft"]
    assert mini["fits"] and "meets the recommended 50" in mini["verdict"]
    assert not haiku["fits"] and haiku["over_limit"] == 2
    assert "500 are recommended" in haiku["verdict"]


def test_lines_that_cant_be_used_are_counted_once_each_however_many_problems_they_show():
    # Ten bad lines, two of them with two problems each: listed under both kinds, counted once.
    findings = {
        **FINDINGS,
        "lines": 460,
        "errors": {"unknown_role": {"count": 2, "lines": [5, 8]}, "non_alternating": {"count": 10, "lines": [1, 5, 8]}},
        "unusable_lines": {"count": 10, "lines": [1, 5, 8]},
    }
    assert next_steps(findings, None, default_profiles())[0].startswith("Fix or remove the 10 lines that can't be used")
    assert [i["count"] for i in issues(findings) if i["kind"] in ("unknown_role", "non_alternating")] == [10, 2]


def test_findings_stored_before_distinct_counting_are_never_counted_above_the_lines_without_an_example():
    old = {
        **FINDINGS,
        "errors": {"unknown_role": {"count": 2, "lines": [5, 8]}, "non_alternating": {"count": 2, "lines": [5, 8]}},
    }
    assert unusable_count(old) == 2  # 452 lines, 450 valid: at most two lines gave no example
    assert unusable_count(FINDINGS) == 2


def test_next_steps_follow_from_what_was_measured():
    steps = next_steps(FINDINGS, None, default_profiles())
    assert steps[0].startswith("Fix or remove the 2 lines")
    assert any("38 duplicate" in s for s in steps) and any("personal data" in s for s in steps)
    assert steps[-1].startswith("Upload an eval set")


def test_stated_and_measured_disagreement_is_said_plainly():
    facts = {"sample.unique_examples": 412, "sample.valid_examples": 450, "evals.cases_with_expected": 0}
    answers = {"curated_examples": "over_1000", "evaluation_method": "automated_suite"}
    labels = {"curated_examples": "Over 1,000 curated examples", "evaluation_method": "An automated suite"}
    assert stated_vs_measured(answers, facts, labels) == [
        "Stated: “Over 1,000 curated examples”. Measured: 412 unique valid examples in the uploaded sample "
        "(450 valid before removing duplicates).",
        "Stated: “An automated suite”. Measured: the uploaded eval set has no case with a usable expected answer.",
    ]


def test_agreement_or_no_measurement_says_nothing():
    assert stated_vs_measured({"curated_examples": "100_to_1000"}, {"sample.unique_examples": 412}, {}) == []
    assert stated_vs_measured({"curated_examples": "over_1000"}, {}, {}) == []


def test_a_moved_fact_reads_as_what_the_client_would_do_with_their_own_lines():
    from assessments.samples.summary import fact_action

    findings = {"evals": {"contaminated": {"count": 5, "lines": [3, 9, 14, 20, 31]}}}
    assert (
        fact_action("evals.contaminated", 5, 0, findings)
        == "remove the 5 eval cases that repeat training examples (lines 3, 9, 14, 20, 31)"
    )
    # The analysis keeps the first five lines: more cases than lines says "first at".
    findings = {"evals": {"contaminated": {"count": 7, "lines": [1, 2, 3, 4, 5]}}}
    assert fact_action("evals.contaminated", 7, 0, findings).endswith("(first at lines 1, 2, 3, 4, 5)")
    assert fact_action("sample.unique_examples", 66, 100, {}) == "reach 100 unique valid examples: 34 more"
    assert fact_action("evals.cases_with_expected", 0, 1, {}) == (
        "give at least 1 eval case an expected answer to score by"
    )
    # A move nobody makes on purpose reads as a condition, not an instruction.
    assert fact_action("sample.unique_examples", 266, 99, {}) == "with only 99 unique valid examples"
    assert fact_action("evals.contaminated", 0, 1, {}) == "with 1 eval case repeating a training example"


def test_a_prompt_completion_file_fits_no_self_serve_path_and_says_what_to_convert_to():
    findings = {**FINDINGS, "format": "prompt_completion", "unique_examples": 20}
    profiles = default_profiles()
    # A path run by engagement names no formats: the consultancy converts whatever it gets.
    named = {p.slug for p in profiles if p.formats}
    rows = [row for row in provider_fit(findings, profiles) if row["slug"] in named]
    assert rows and all(not row["fits"] and row["needs_conversion"] for row in rows)
    openai = next(row for row in rows if row["slug"] == "openai-gpt-4-1-sft")
    assert "convert each into a user turn" in openai["verdict"] and "OpenAI's chat messages" in openai["verdict"]
    assert any(
        step.startswith("Convert the file before training") for step in next_steps(findings, None, default_profiles())
    )


def test_a_bedrock_claude_file_fits_only_the_paths_that_train_on_it_or_take_any_format():
    findings = {**FINDINGS, "format": "bedrock_claude", "unique_examples": 600, "over_limit": {}}
    profiles = {p.slug: p for p in default_profiles()}
    fits = {row["slug"] for row in provider_fit(findings, tuple(profiles.values())) if row["fits"]}
    assert fits == {slug for slug, p in profiles.items() if not p.formats or "bedrock_claude" in p.formats}
    assert "bedrock-claude-3-haiku-sft" in fits and "openai-gpt-4-1-sft" not in fits


def test_the_total_of_lines_to_fix_counts_each_line_once():
    findings = {
        **FINDINGS,
        "errors": {"extra_keys": {"count": 3, "lines": [2, 3, 4]}, "unknown_role": {"count": 3, "lines": [2, 3, 4]}},
        "unusable_lines": {"count": 3, "lines": [2, 3, 4]},
    }
    assert any("the 3 lines that can't be used" in step for step in next_steps(findings, None, default_profiles()))
    total = next(row for row in issues(findings) if row["kind"] == "unusable_lines")
    assert total["sentence"].startswith("3 lines can't be used")


def test_a_check_against_old_fingerprints_says_near_copies_were_not_checked():
    findings = {**FINDINGS, "contaminated": {"count": 0, "exact": 0, "near": 0, "lines": [], "near_checked": False}}
    assert any(row["kind"] == "near_not_checked" and "Upload it again" in row["sentence"] for row in issues(findings))
    assert not any(row["kind"] == "near_not_checked" for row in issues({**FINDINGS, "contaminated": None}))


def test_the_conversions_are_said_once_per_target_format_naming_their_paths():
    from assessments.samples.summary import conversion_notes

    findings = {**FINDINGS, "format": "prompt_completion", "unique_examples": 400}
    profiles = default_profiles()
    rows = provider_fit(findings, profiles)
    notes = conversion_notes(findings, rows)
    assert notes["intro"].startswith("Your file is prompt and completion pairs, which not every path trains on")
    assert notes["intro"].endswith(
        "Convert each pair into a user turn (the prompt) and an assistant turn (the answer) in the format each "
        "path trains on:"
    )
    targets = {TARGET_FORMAT_LABELS[p.formats[0]] for p in profiles if p.formats and p.method == "supervised"}
    assert len(notes["targets"]) == len(targets)  # one item per target format, not per path
    converted = [row["name"] for row in rows if row["convert_to"]]
    assert all(sum(name in item for item in notes["targets"]) == 1 for name in converted)
    assert all(row["examples"].startswith("once converted, ") for row in rows if row["convert_to"])
    preference = [p.name for p in profiles if p.method == "preference"]
    assert notes["pairs"].startswith("; ".join(preference) + ": these train on two answers to each prompt")
    # A file every path takes as it is needs no note.
    assert conversion_notes(FINDINGS | {"format": "x"}, provider_fit(FINDINGS | {"format": "x"}, profiles)) == {
        "intro": "",
        "targets": [],
        "pairs": "",
    }
