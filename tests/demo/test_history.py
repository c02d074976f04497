"""The demo's eight months of history give every analytics figure something to show."""

import io

import pytest
from django.utils import timezone
from django.utils.html import escape

from assessments.engine import verdict_label
from assessments.models import Report
from assessments.reports.html import report_context
from demo import engagements, history, people, reports
from discovery.analytics.figures import months_between
from discovery.analytics.selectors import PortfolioFilters, portfolio_figures
from discovery.engagements.services.delivery import delivery_gaps
from discovery.models import Engagement


@pytest.mark.django_db
def test_the_history_covers_every_verdict_overrides_late_answers_leads_and_industries_and_runs_twice_safely(
    monkeypatch,
):
    # The figures need the reports' verdicts, not their PDFs: skip WeasyPrint to keep this quick.
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    history.build(out)
    history.build(out)
    assert "36 past engagements created" in out.getvalue() and "0 past engagements created" in out.getvalue()

    today = timezone.localdate()
    last = (today.year, today.month)
    first = months_between((today.year - 1, today.month), last)[3]  # nine months ago
    figures = {f.name: f for f in portfolio_figures(PortfolioFilters(first=first, last=last))}
    mix = figures["verdicts-by-month"]
    assert sum(row[-1] > 0 for row in mix.rows) >= 8, "eight months have verdicts"
    assert all(sum(row[1 + i] for row in mix.rows) > 0 for i in range(3)), "every verdict appears"
    assert len(figures["criteria"].rows) >= 5
    sla = figures["sla"]
    assert sum(row[3] for row in sla.rows) >= 5, "some first responses were late"
    overridden = [row for row in figures["overrides"].rows if row[2] == "Yes"]
    assert len(overridden) >= 4 and sum(row[3] for row in overridden) == 6
    assert len(figures["one-answer-away"].rows) >= 10
    past = Engagement.objects.filter(organisation__name__in=[row[0] for row in history.history_rows()])
    assert past.values("lead").distinct().count() == 4
    assert past.values("organisation__industry").distinct().count() == 8


@pytest.mark.django_db
def test_no_demo_report_reads_as_prepared_after_it_was_delivered(monkeypatch):
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    people.build(out)
    engagements.build(out)
    history.build(out)
    delivered = Report.objects.filter(delivered_at__isnull=False)
    assert delivered.count() >= 10
    assert [r.pk for r in delivered if r.created_at > r.delivered_at] == []
    # The "Prepared" line shows the version's own date, so a back-dated version reads as such.
    oldest = delivered.order_by("created_at").first()
    assert report_context(oldest)["generated_at"] == oldest.created_at


@pytest.mark.django_db
def test_every_delivered_demo_report_has_what_delivery_needs(monkeypatch):
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    for step in (people.build, engagements.build, reports.build, history.build):
        step(out)
    delivered = list(Report.objects.filter(delivered_at__isnull=False))
    assert len(delivered) >= 10
    assert {r.number: delivery_gaps(r) for r in delivered if delivery_gaps(r)} == {}
    assert all(escape(r.narrative) in r.html for r in delivered)


@pytest.mark.django_db
def test_an_overridden_demo_report_recommends_the_architects_verdict_in_its_summary(monkeypatch):
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    for step in (people.build, engagements.build, reports.build, history.build):
        step(out)
    overridden = list(Report.objects.exclude(override_verdict=""))
    assert overridden
    for report in overridden:
        assert f"Our recommendation: {verdict_label(report.override_verdict).lower()}." in report.narrative
        assert report.override_justification in report.narrative
