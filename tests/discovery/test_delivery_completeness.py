"""A report never goes out half-empty: delivery needs the architect's summary and either named
engineers or a stated reason for naming none (the home page promises named engineers)."""

import pytest
from django.urls import reverse

from assessments.models import Report
from discovery.engagements.services.delivery import DeliveryRefused, delivery_gaps, report_deliver
from discovery.models import ConsultantProfile, Engagement

pytestmark = pytest.mark.django_db(transaction=True)


def blank(report, **fields):
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def test_a_report_without_the_architects_summary_is_refused(alice, ready_report):
    blank(ready_report, narrative="  ")
    with pytest.raises(DeliveryRefused, match="Write the executive summary"):
        report_deliver(report=ready_report, user=alice)
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered
    assert ready_report.assessment.engagement.status == Engagement.IN_REVIEW


def test_a_report_naming_nobody_and_saying_nothing_about_it_is_refused(alice, ready_report):
    blank(ready_report, no_engineers_reason="")
    with pytest.raises(DeliveryRefused, match="Name the proposed engineers, or say why none are named"):
        report_deliver(report=ready_report, user=alice)


def test_named_engineers_are_enough_without_a_reason(alice, bob, ready_report):
    blank(ready_report, no_engineers_reason="")
    ready_report.proposed_engineers.set([ConsultantProfile.objects.create(user=bob, title="ML engineer")])
    assert delivery_gaps(ready_report) == []
    report_deliver(report=ready_report, user=alice)
    ready_report.refresh_from_db()
    assert ready_report.is_delivered


def test_the_review_page_lists_what_is_missing_and_a_refused_delivery_says_why(client, alice, ready_report):
    blank(ready_report, narrative="", no_engineers_reason="")
    client.force_login(alice)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert 'id="delivery-gaps"' in page and "Approve and deliver version" not in page
    assert "Write the executive summary" in page and "say why none are named" in page
    response = client.post(reverse("reports:deliver", args=[ready_report.pk]), follow=True)
    assert "Not delivered: Write the executive summary" in response.content.decode()


def test_the_reason_is_saved_from_the_review_form_and_told_to_the_client(client, alice, ready_report):
    blank(ready_report, no_engineers_reason="")
    client.force_login(alice)
    client.post(
        reverse("reports:review", args=[ready_report.pk]),
        {"narrative": "Fine-tune now.", "no_engineers_reason": "  Your own team will do the work; we coach.  "},
    )
    new = Report.objects.get(assessment=ready_report.assessment, number=ready_report.number + 1)
    assert new.no_engineers_reason == "Your own team will do the work; we coach."
    assert new.status == Report.READY and "Your own team will do the work; we coach." in new.html
    assert delivery_gaps(new) == []
    client.post(reverse("reports:deliver", args=[new.pk]))
    new.refresh_from_db()
    assert new.is_delivered
