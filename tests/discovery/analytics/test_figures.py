"""The pure figure functions on rows written by hand (no database)."""

from datetime import UTC, datetime, timedelta

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
    verdicts_by_month,
)

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def evaluation(name="Acme", verdict="fine_tune", at=NOW, counterfactuals=()):
    return EvaluationRow(1, name, "Alice", verdict, "criteria", 1, at, (), tuple(counterfactuals))


def test_months_run_across_a_new_year():
    assert months_between((2025, 11), (2026, 2)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_the_90th_percentile_is_the_nearest_rank():
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([5.0], 0.9) == 5.0
    assert nearest_rank([3, 1, 2], 0.9) == 3


def test_a_month_is_read_in_the_practice_s_time_zone():
    # 23:30 UTC on 31 May is already June in London (summer time).
    rows = [evaluation(at=datetime(2026, 5, 31, 23, 30, tzinfo=UTC))]
    assert verdicts_by_month(rows, [(2026, 5), (2026, 6)]).rows == [["May 2026", 0, 0, 0, 0], ["Jun 2026", 1, 0, 0, 1]]


def test_an_answer_exactly_at_the_deadline_is_in_time():
    submitted = datetime(2026, 6, 1, 9, tzinfo=UTC)
    due = submitted + timedelta(hours=48)
    rows = [SlaRow(submitted, due, due), SlaRow(submitted, due, due + timedelta(seconds=1))]
    assert sla_by_month(rows, [(2026, 6)], NOW).rows[0][1:6] == [2, 1, 1, 0, 50.0]


def test_the_standing_report_is_the_newest_delivered_one_else_the_newest():
    rows = [
        ReportRow(1, 1, NOW, "", "fine_tune"),
        ReportRow(1, 2, None, "not_yet", "fine_tune"),
        ReportRow(2, 1, None, "", "not_yet"),
        ReportRow(2, 2, None, "fine_tune", "not_yet"),
    ]
    assert sorted((r.assessment_id, r.number) for r in final_reports(rows)) == [(1, 1), (2, 2)]
    assert overrides(rows).summary == "1 of 2 reports overridden (50.0%)"


def test_an_override_to_the_computed_verdict_is_not_an_override():
    assert overrides([ReportRow(1, 1, None, "fine_tune", "fine_tune")]).rows == [
        ["Fine-tune now", "Fine-tune now", "No", 1]
    ]


def test_only_single_change_counterfactuals_put_a_client_on_the_one_answer_list():
    two = {
        "changes": [["a", 1, 2], ["b", 1, 2]],
        "new_verdict": "not_yet",
        "sentence": "With x and y, the verdict becomes not_yet",
    }
    one = {
        "changes": [["a", 1, 3]],
        "new_verdict": "do_not_fine_tune",
        "sentence": "With z, the verdict becomes do_not_fine_tune",
    }
    figure = one_answer_away(
        [evaluation("Zed", counterfactuals=[two]), evaluation("Amber", counterfactuals=[two, one, one])]
    )
    assert figure.rows == [["Amber", "Alice", "Fine-tune now", "Do not fine-tune", "With z", 1]]


def test_every_chart_escapes_its_text_and_draws_something_or_says_there_is_nothing():
    figure = one_answer_away(
        [
            evaluation(
                "<script>alert(1)</script>",
                counterfactuals=[{"changes": [["a", 1, 2]], "new_verdict": "not_yet", "sentence": "With <b>"}],
            )
        ]
    )
    svg = CHARTS["one-answer-away"](figure)
    assert "<script>" not in svg and "Fine-tune now → Not yet: prepare first" in svg
    empty = CHARTS["overrides"](overrides([]))
    assert "Nothing to show" in empty
