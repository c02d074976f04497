"""The pure figure functions on rows written by hand (no database)."""

from datetime import timedelta

from discovery.analytics.charts import CHARTS
from discovery.analytics.figures import (
    EvaluationRow,
    ReportRow,
    SlaRow,
    final_reports,
    months_between,
    nearest_rank,
    one_answer_away,
    overrides,
    sla_by_month,
)


def evaluation(name="Acme", verdict="fine_tune", first_counterfactual=None):
    return EvaluationRow(1, name, "Alice", verdict, "criteria", 1, (2026, 6), (), first_counterfactual)


def test_months_run_across_a_new_year():
    assert months_between((2025, 11), (2026, 2)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_the_90th_percentile_is_the_nearest_rank():
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([5.0], 0.9) == 5.0
    assert nearest_rank([3, 1, 2], 0.9) == 3


def test_an_answer_exactly_at_the_deadline_is_in_time_and_the_wait_is_in_hours():
    rows = [SlaRow((2026, 6), "answered_in_time", timedelta(hours=48)), SlaRow((2026, 6), "answered_late", None)]
    assert sla_by_month(rows, [(2026, 6)]).rows[0] == ["Jun 2026", 2, 1, 1, 1, 50.0, 48.0, 48.0]


def test_the_standing_report_is_the_newest_delivered_one_else_the_newest():
    rows = [
        ReportRow(1, 1, True, "", "fine_tune"),
        ReportRow(1, 2, False, "not_yet", "fine_tune"),
        ReportRow(2, 1, False, "", "not_yet"),
        ReportRow(2, 2, False, "fine_tune", "not_yet"),
    ]
    assert sorted((r.assessment_id, r.number) for r in final_reports(rows)) == [(1, 1), (2, 2)]
    assert overrides(rows).summary == "1 of 2 reports overridden (50.0%)"


def test_an_override_to_the_computed_verdict_is_not_an_override():
    assert overrides([ReportRow(1, 1, False, "fine_tune", "fine_tune")]).rows == [
        ["Fine-tune now", "Fine-tune now", "No", 1]
    ]


def test_only_a_single_change_first_counterfactual_puts_a_client_on_the_one_answer_list():
    two = {"changes": [["a", 1, 2], ["b", 1, 2]], "new_verdict": "not_yet", "sentence": "With x and y, …"}
    one = {"changes": [["a", 1, 3]], "new_verdict": "do_not_fine_tune", "sentence": "With z, the verdict becomes x"}
    figure = one_answer_away(
        [evaluation("Zed", first_counterfactual=two), evaluation("Amber", first_counterfactual=one)]
    )
    assert figure.rows == [["Amber", "Alice", "Fine-tune now", "Do not fine-tune", "With z"]]


def test_every_chart_escapes_its_text_and_draws_something_or_says_there_is_nothing():
    figure = one_answer_away(
        [
            evaluation(
                "<script>alert(1)</script>",
                first_counterfactual={"changes": [["a", 1, 2]], "new_verdict": "not_yet", "sentence": "With <b>"},
            )
        ]
    )
    svg = CHARTS["one-answer-away"](figure)
    assert "<script>" not in svg and "Fine-tune now → Not yet: prepare first" in svg
    empty = CHARTS["overrides"](overrides([]))
    assert "Nothing to show" in empty
