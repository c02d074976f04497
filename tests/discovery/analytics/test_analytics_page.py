"""The analytics page: every figure against the hand-worked portfolio, filters, CSVs, who may see it,
bad input, and a query count that doesn't grow with the portfolio."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Assessment, Evaluation, Report
from assessments.selectors import published_criteria_set, published_questionnaire
from discovery.analytics.forms import AnalyticsFilterForm
from discovery.analytics.selectors import PortfolioFilters, portfolio_figures, sla_state_in_sql
from discovery.engagements.sla import ANSWERED_IN_TIME, ANSWERED_LATE, OVERDUE, engagement_sla_state
from discovery.models import Engagement, Organisation
from tests.discovery.engagement_factories import make_engagement
from tests.discovery.test_consultant_permissions import as_client_of

from .portfolio import NOW, build_portfolio, client_engagement

pytestmark = pytest.mark.django_db

LAST_12 = PortfolioFilters(first=(2025, 7), last=(2026, 6))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def portfolio(alice, bob):
    return build_portfolio(alice, bob)


def figures(filters=LAST_12):
    return {figure.name: figure for figure in portfolio_figures(filters, now=NOW)}


def csv_of(client, **params):
    response = client.get(reverse("analytics"), {"format": "csv", **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def rows_by_first_column(figure):
    return {row[0]: row[1:] for row in figure.rows}


def test_the_verdict_mix_counts_each_assessments_newest_verdict_by_month(portfolio):
    by_month = rows_by_first_column(figures()["verdicts-by-month"])
    assert len(by_month) == 12 and list(by_month)[0] == "Jul 2025"
    # Fine-tune now, Not yet, Do not fine-tune, total. Apple's older "do not" evaluation is ignored;
    # Echo was never submitted, so its evaluation's own date (June) places it.
    assert by_month["Apr 2026"] == [1, 1, 0, 2]
    assert by_month["May 2026"] == [0, 0, 1, 1]
    assert by_month["Jun 2026"] == [1, 1, 0, 2]
    assert by_month["Mar 2026"] == [0, 0, 0, 0]


def test_the_verdict_mix_by_criteria_version(portfolio):
    figure = figures()["verdicts-by-version"]
    assert figure.columns == [
        "Criteria version",
        "Fine-tune now",
        "Not yet: prepare first",
        "Do not fine-tune",
        "Total",
    ]
    published = published_criteria_set()  # the default at the time; the portfolio drafts the next
    slug, v = published.slug, published.version
    assert figure.rows == [[f"{slug} v{v}", 1, 2, 1, 4], [f"{slug} v{v + 1}", 1, 0, 0, 1]]


def test_the_criteria_that_fire_most_are_counted_once_per_newest_evaluation_with_title_and_kind(portfolio):
    assert figures()["criteria"].rows == [
        ["You need a consistent voice or house style", "Fit", 3, 60.0],
        ["Not enough good examples yet", "Prerequisite", 2, 40.0],
        ["An off-the-shelf model already does the job", "Against", 1, 20.0],
    ]


def test_sla_compliance_by_month_counts_in_time_late_and_unanswered_with_median_and_p90(portfolio):
    by_month = rows_by_first_column(figures()["sla"])
    # submitted, in time, late, unanswered, share in time, median h, p90 h
    assert by_month["Apr 2026"] == [2, 1, 1, 0, 50.0, 32.5, 60.0]
    # Cedar is overdue and unanswered: it counts against the share.
    assert by_month["May 2026"] == [1, 0, 0, 1, 0.0, None, None]
    # Delta is still inside its 48 hours: unanswered, but not judged yet.
    assert by_month["Jun 2026"] == [1, 0, 0, 1, None, None, None]
    assert by_month["Jan 2026"] == [0, 0, 0, 0, None, None, None]


def test_overrides_compare_each_standing_report_with_its_computed_verdict(portfolio):
    figure = figures()["overrides"]
    assert figure.rows == [
        ["Not yet: prepare first", "Fine-tune now", "Yes", 1],
        ["Do not fine-tune", "Not yet: prepare first", "Yes", 1],
        ["Fine-tune now", "Fine-tune now", "No", 1],  # Apple: the delivered v1 stands, not the v2 draft
        ["Not yet: prepare first", "Not yet: prepare first", "No", 1],
    ]
    assert figure.summary == "2 of 4 reports overridden (50.0%)"


def test_clients_one_answer_away_list_the_first_single_change_in_words(portfolio):
    figure = figures()["one-answer-away"]
    assert figure.rows == [
        ["Apple Retail", "Alice", "Fine-tune now", "Not yet: prepare first", "With under 100 curated examples"],
        [
            "Cedar Health",
            "Alice",
            "Do not fine-tune",
            "Fine-tune now",
            "With “Write in our voice” added for “What do you need?”",
        ],
    ]
    assert figure.engagement_ids == [portfolio["apple"].pk, portfolio["cedar"].pk]


def test_industry_lead_and_period_filters_narrow_every_figure(portfolio, bob):
    retail = figures(PortfolioFilters(first=(2025, 7), last=(2026, 6), industry="Retail"))
    assert [row[0] for row in retail["one-answer-away"].rows] == ["Apple Retail"]
    assert retail["overrides"].summary == "0 of 1 reports overridden (0.0%)"
    bobs = figures(PortfolioFilters(first=(2025, 7), last=(2026, 6), lead_id=bob.pk))
    assert rows_by_first_column(bobs["sla"])["Apr 2026"] == [1, 0, 1, 0, 0.0, 60.0, 60.0]
    assert bobs["one-answer-away"].rows == []
    april = figures(PortfolioFilters(first=(2026, 4), last=(2026, 4)))
    assert april["verdicts-by-month"].rows == [["Apr 2026", 1, 1, 0, 2]]
    everything = figures(PortfolioFilters(first=(2025, 3), last=(2026, 6)))
    assert everything["overrides"].summary == "3 of 5 reports overridden (60.0%)"


def test_the_page_shows_every_figure_as_a_chart_a_captioned_table_and_a_csv_link(client, alice, portfolio):
    client.force_login(alice)
    response = client.get(reverse("analytics"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["verdicts-by-month", "verdicts-by-version", "criteria", "sla", "overrides", "one-answer-away"]:
        assert f'id="figure-{name}"' in html
        assert f"format=csv&amp;figure={name}" in html
    assert html.count("<svg") == 6 and html.count("<caption") == 6
    assert '<th scope="col">Answered in time (%)</th>' in html
    assert f'href="{reverse("engagement", args=[portfolio["cedar"].pk])}"' in html
    assert "fine_tune" not in html and "do_not_fine_tune" not in html  # labels, never slugs
    assert f'href="{reverse("analytics")}">Analytics</a>' in html  # in the consultant nav


def test_the_csv_links_keep_the_filters_and_the_download_matches_the_table(client, alice, portfolio):
    client.force_login(alice)
    html = client.get(reverse("analytics"), {"industry": "Legal services", "period": "6"}).content.decode()
    assert "period=6&amp;industry=Legal+services&amp;format=csv&amp;figure=criteria" in html
    rows = csv_of(client, figure="criteria", industry="Legal services", period="6")
    assert rows == [
        ["Criterion", "Kind", "Assessments", "Share (%)"],
        ["You need a consistent voice or house style", "Fit", "1", "100.0"],
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, alice, portfolio):
    apple = Organisation.objects.get(name="Apple Retail")
    apple.name = '=HYPERLINK("http://evil.example","Apple")'
    apple.save()
    client.force_login(alice)
    rows = csv_of(client, figure="one-answer-away")
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Apple")'


def test_consultants_and_admins_see_the_page_and_nobody_else_does(client, alice, ada, charlie):
    url = reverse("analytics")
    assert client.get(url).status_code == 302  # anonymous: sent to sign in
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    assert client.get(url, {"format": "csv", "figure": "sla"}).status_code == 403
    for user in (alice, ada):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_a_client_link_session_does_not_open_the_page_or_its_csvs(client):
    engagement = Engagement.objects.create(
        organisation=Organisation.objects.create(name="Curious Client"), source=Engagement.SELF_SERVICE
    )
    as_client_of(client, engagement)
    for params in ({}, {"format": "csv", "figure": "overrides"}):
        response = client.get(reverse("analytics"), params)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13"}, "Enter a month as YYYY-MM"),
        ({"end": "June"}, "Enter a month as YYYY-MM"),
        ({"start": "2026-05", "end": "2026-01"}, "comes after the last one"),
        ({"start": "2020-01", "end": "2026-01"}, "at most 36 months"),
        ({"period": "99"}, "Select a valid choice"),
        ({"industry": "Piracy"}, "Select a valid choice"),
        ({"lead": "not-a-person"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_clear_message_never_a_server_error(client, alice, params, message):
    client.force_login(alice)
    response = client.get(reverse("analytics"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    download = client.get(reverse("analytics"), {**params, "format": "csv", "figure": "sla"})
    assert download.status_code == 400 and message in download.content.decode()


def test_an_unknown_figure_or_format_is_refused_with_the_list_of_figures(client, alice):
    client.force_login(alice)
    for params in ({"format": "csv", "figure": "secrets"}, {"format": "xlsx"}, {"format": "csv"}):
        response = client.get(reverse("analytics"), params)
        assert response.status_code == 400 and "verdicts-by-month" in response.content.decode()


def test_a_month_range_wins_over_the_preset_and_an_open_end_means_this_month():
    def filters(**data):
        form = AnalyticsFilterForm(data, industries=[], leads=[], today=NOW.date())
        assert form.is_valid(), form.errors
        return form.cleaned_data["filters"]

    assert (filters().first, filters().last) == ((2025, 7), (2026, 6))
    assert (filters(period="3").first, filters(period="3").last) == ((2026, 4), (2026, 6))
    assert (filters(period="3", start="2026-01").first, filters(start="2026-01").last) == ((2026, 1), (2026, 6))
    assert filters(end="2025-12").first == (2025, 1)


@pytest.mark.parametrize(
    ("due_in_hours", "answered_after_due_hours"),
    [(-1, None), (1, None), (0, None), (5, 0), (5, -1), (5, 1 / 3600), (-5, 2)],
)
def test_the_databases_sla_state_is_discovery_sla_state(due_in_hours, answered_after_due_hours):
    due = NOW + timedelta(hours=due_in_hours)
    first_response = due + timedelta(hours=answered_after_due_hours) if answered_after_due_hours is not None else None
    engagement = make_engagement(
        submitted_at=due - timedelta(hours=48), response_due_at=due, first_response_at=first_response
    )
    expected = engagement_sla_state(engagement, NOW)
    state = Engagement.objects.annotate(state=sla_state_in_sql(NOW)).values_list("state", flat=True).get()
    assert state == (expected if expected in {ANSWERED_IN_TIME, ANSWERED_LATE, OVERDUE} else "")


def _grow_portfolio(count: int, lead) -> None:
    """`count` more submitted, evaluated and reported engagements, stored in bulk."""
    criteria_set = published_criteria_set()
    organisation = Organisation.objects.create(name=f"Bulk {count}", industry="Retail")
    engagements = Engagement.objects.bulk_create(
        Engagement(
            organisation=organisation,
            source=Engagement.SELF_SERVICE,
            lead=lead,
            submitted_at=NOW,
            response_due_at=NOW,
            first_response_at=NOW,
        )
        for _ in range(count)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(engagement=e, questionnaire=published_questionnaire()) for e in engagements
    )
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            assessment=a,
            questionnaire=criteria_set.questionnaire,
            criteria_set=criteria_set,
            answers={},
            answers_hash="x",
            result={"matched": ["fit_style_voice"], "counterfactuals": []},
            verdict="fine_tune",
        )
        for a in assessments
    )
    Report.objects.bulk_create(
        Report(assessment=e.assessment, evaluation=e, number=1, override_verdict="not_yet") for e in evaluations
    )


def test_the_page_costs_the_same_few_queries_for_10_or_200_engagements(
    client, alice, bob, django_assert_max_num_queries
):
    client.force_login(alice)
    _grow_portfolio(10, bob)
    client.get(reverse("analytics"))  # warm the session and permission caches
    # 11: the page's own plus the session's MFA device, which django-otp loads on every request.
    with django_assert_max_num_queries(11) as small:
        client.get(reverse("analytics"))
    _grow_portfolio(190, bob)
    with django_assert_max_num_queries(11) as large:
        response = client.get(reverse("analytics"))
    assert len(small.captured_queries) == len(large.captured_queries)
    assert "200 of 200 reports overridden" in response.content.decode()


def test_a_month_is_read_in_the_practices_time_zone(alice):
    # 23:30 UTC on 31 May is already June in London (summer time).
    client_engagement("Late Night Ltd", "Retail", alice, datetime(2026, 5, 31, 23, 30, tzinfo=UTC), 1)
    by_month = rows_by_first_column(figures(PortfolioFilters(first=(2026, 5), last=(2026, 6)))["sla"])
    assert by_month["May 2026"][0] == 0 and by_month["Jun 2026"][0] == 1
