"""Recommended training paths (pure): open on the report's day, fitting the measured sample's
format, counts and token limits, with a warning for dates within six months, and a plain
sentence when none is self-serve."""

from dataclasses import replace
from datetime import date

from assessments.samples import default_profiles
from assessments.samples.paths import training_paths

DAY = date(2026, 12, 4)
CHAT_SAMPLE = {
    "format": "openai_chat",
    "valid_examples": 300,
    "unique_examples": 266,
    "tokens": {"p50": 400, "max": 2_000, "total": 120_000},
    "over_limit": {},
}


def _rows(outcome):
    return {row.profile.slug: row for row in outcome.rows}


def test_a_closed_path_and_a_retired_model_are_never_recommended():
    rows = _rows(training_paths(default_profiles(), CHAT_SAMPLE, DAY))
    haiku = rows["bedrock-claude-3-haiku-sft"]
    assert not haiku.open and not haiku.recommended and haiku.status_label == "Closed"
    assert "retired on 2026-09-10" in haiku.reasons[0]


def test_openai_is_open_until_its_closing_day_and_warns_of_it_and_of_the_retirement():
    rows = _rows(training_paths(default_profiles(), CHAT_SAMPLE, DAY))
    mini = rows["openai-gpt-4-1-mini-sft"]
    assert mini.open and mini.fits and mini.recommended
    assert mini.status_label == "Closing 2027-01-06"
    assert any("New training jobs stop on 2027-01-06 (in 4 weeks)" in w for w in mini.warnings)
    assert any("retires on 2027-01-14" in w for w in mini.warnings)
    after = _rows(training_paths(default_profiles(), CHAT_SAMPLE, date(2027, 1, 6)))
    assert not after["openai-gpt-4-1-mini-sft"].open


def test_a_path_more_than_six_months_from_its_dates_carries_no_warning():
    far = replace(default_profiles()[0], closes_on="2027-12-01", retires_on="2028-06-01")
    (row,) = training_paths((far,), CHAT_SAMPLE, DAY).rows
    assert row.open and row.warnings == []


def test_a_chat_sample_needs_converting_for_gemini_and_fits_it():
    row = _rows(training_paths(default_profiles(), CHAT_SAMPLE, DAY))["vertex-gemini-2-5-flash-sft"]
    assert row.fits and any("Convert the examples to Vertex AI's Gemini contents format" in n for n in row.notes)


def test_a_preference_path_does_not_fit_a_sample_with_one_answer_per_prompt():
    row = _rows(training_paths(default_profiles(), CHAT_SAMPLE, DAY))["vertex-gemini-2-5-flash-preference"]
    assert row.fits is False and not row.recommended
    assert "two answers to each prompt, one preferred over the other" in row.reasons[0]


def test_too_few_unique_examples_rule_a_path_out_and_say_the_minimum():
    few = {**CHAT_SAMPLE, "unique_examples": 12}
    row = _rows(training_paths(default_profiles(), few, DAY))["vertex-gemini-2-5-flash-sft"]
    assert row.fits is False and "12 unique examples is below its minimum of 16" in row.reasons


def test_an_unrecognised_format_fits_no_self_serve_path():
    odd = {**CHAT_SAMPLE, "format": "unknown"}
    outcome = training_paths(default_profiles(), odd, DAY)
    assert all(row.fits is False for row in outcome.rows if row.profile.formats)


def test_examples_over_the_token_limit_are_counted_per_path():
    over = {**CHAT_SAMPLE, "over_limit": {"openai-gpt-4-1-sft": 3}}
    row = _rows(training_paths(default_profiles(), over, DAY))["openai-gpt-4-1-sft"]
    assert "3 examples are over its limit of 65,536 tokens: shorten or split them." in row.notes


def test_an_older_analysis_without_this_paths_count_still_tells_from_the_longest_example():
    long = {**CHAT_SAMPLE, "tokens": {"max": 200_000}, "over_limit": {"openai": 4}}
    row = _rows(training_paths(default_profiles(), long, DAY))["vertex-gemini-2-5-flash-sft"]
    assert "The longest example (200,000 tokens) is over its limit of 131,072." in row.notes


def test_with_no_sample_the_open_paths_are_listed_unchecked():
    outcome = training_paths(default_profiles(), None, DAY)
    assert all(row.fits is None for row in outcome.rows)
    assert "not yet checked against a training sample" in outcome.summary


def test_self_serve_paths_come_first_longest_lived_first():
    outcome = training_paths(default_profiles(), CHAT_SAMPLE, DAY)
    recommended = outcome.recommended
    assert recommended[0].self_serve and recommended[0].retires_on is None
    assert recommended[-1].profile.slug == "anthropic-claude-engagement"
    assert [r.self_serve for r in recommended] == sorted((r.self_serve for r in recommended), reverse=True)


def test_when_only_the_engagement_path_is_open_it_says_plainly_none_is_self_serve():
    only = tuple(p for p in default_profiles() if p.provider in ("openai", "anthropic"))
    outcome = training_paths(only, CHAT_SAMPLE, date(2027, 2, 1))
    assert [r.profile.slug for r in outcome.recommended] == ["anthropic-claude-engagement"]
    assert outcome.summary.startswith("None is self-serve: on 2027-02-01 the only open path is by engagement")


def test_when_nothing_open_fits_it_says_so():
    openai_only = tuple(p for p in default_profiles() if p.provider == "openai")
    outcome = training_paths(openai_only, CHAT_SAMPLE, date(2027, 2, 1))
    assert outcome.recommended == [] and outcome.summary == "No training path open on 2027-02-01 fits this data."


def test_figures_not_read_on_the_providers_own_page_are_listed_as_unconfirmed():
    rows = _rows(training_paths(default_profiles(), CHAT_SAMPLE, DAY))
    assert rows["openai-gpt-4-1-mini-sft"].unconfirmed == ["availability", "retirement date", "limits", "price"]
    assert "availability" not in rows["vertex-gemini-2-5-flash-sft"].unconfirmed
    assert "limits" not in rows["vertex-gemini-2-5-flash-sft"].unconfirmed


def test_every_shipped_profile_cites_a_source_and_date_for_each_figure():
    for profile in default_profiles():
        assert set(profile.figures) == {"status", "retirement", "limits", "price"}, profile.slug
        for figure in profile.figures.values():
            assert figure["source"].startswith("https://") and figure["checked"] == "2026-12-04"
            assert figure["confirmed"] or figure["note"], profile.slug  # an unconfirmed figure says why
