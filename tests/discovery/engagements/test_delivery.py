"""Delivering a report: only the lead or an admin, only the newest ready version, then the client reads it."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Report
from assessments.models.reports import ReportFrozen
from assessments.reports.html import report_body
from assessments.reports.selectors import delivered_report_for
from assessments.reports.services import report_request
from discovery.models import ClientLink, Engagement

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_lead_delivers_the_client_is_emailed_and_then_sees_only_that_version(client, alice, ready_report):
    client.force_login(alice)
    response = client.post(reverse("reports:deliver", args=[ready_report.pk]))
    assert response.status_code == 302
    ready_report.refresh_from_db()
    engagement = Engagement.objects.get(pk=ready_report.assessment.engagement_id)
    assert ready_report.is_delivered and ready_report.approved_by == alice
    assert engagement.status == Engagement.DELIVERED
    assert delivered_report_for(engagement) == ready_report
    assert [m.to for m in mail.outbox] == [["nora@acme.example"]]
    # A later edit is a new draft; the client still gets the delivered version only.
    client.post(reverse("reports:review", args=[ready_report.pk]), {"narrative": "A later thought"})
    assert delivered_report_for(engagement) == ready_report


def test_someone_who_is_neither_lead_nor_admin_cannot_deliver(client, bob, ready_report):
    client.force_login(bob)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered
    assert ready_report.assessment.engagement.status == Engagement.IN_REVIEW


def test_an_admin_may_deliver_any_engagement(client, ada, ready_report):
    client.force_login(ada)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert ready_report.is_delivered


def test_an_older_version_cannot_be_delivered(client, alice, ready_report):
    report_request(assessment=ready_report.assessment)
    client.force_login(alice)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered


def test_a_client_link_shows_no_report_until_one_is_delivered(client, alice, ready_report):
    engagement = ready_report.assessment.engagement
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    assert client.get(reverse("client-report")).status_code == 404
    staff = client.__class__()
    staff.force_login(alice)
    staff.post(reverse("reports:deliver", args=[ready_report.pk]))
    # Delivering reissued the links; open the newest one.
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    response = client.get(reverse("client-report"))
    assert response.status_code == 200 and "Fine-tune now" in response.content.decode()
    # A later draft (a new version with a narrative) stays with the consultants.
    staff.post(reverse("reports:review", args=[ready_report.pk]), {"narrative": "Internal draft thought"})
    assert Report.objects.filter(assessment=ready_report.assessment).count() == 2
    response = client.get(reverse("client-report"))
    assert "Internal draft thought" not in response.content.decode()
    assert str(report_body(Report.objects.get(pk=ready_report.pk).html)) in response.content.decode()


def test_a_delivered_version_refuses_any_later_change(client, alice, ready_report):
    client.force_login(alice)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    delivered = Report.objects.get(pk=ready_report.pk)
    delivered.narrative = "Changed after delivery"
    with pytest.raises(ReportFrozen):
        delivered.save()
    assert Report.objects.get(pk=ready_report.pk).narrative == "Fine-tune now: your examples and volume support it."


def test_delivery_waits_until_the_engagement_is_in_review_and_says_where_to_start_it(client, alice, ready_report):
    engagement = ready_report.assessment.engagement
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.SUBMITTED)
    client.force_login(alice)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "Delivery opens once it is in review" in page and reverse("engagement", args=[engagement.pk]) in page
    assert "Approve and deliver version 1" not in page
    response = client.post(reverse("reports:deliver", args=[ready_report.pk]), follow=True)
    assert "The engagement is submitted; start the review on the engagement page, then deliver." in (
        response.content.decode()
    )
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered


def test_after_delivery_the_clients_answers_page_no_longer_invites_a_submit(client, alice, ready_report):
    engagement = ready_report.assessment.engagement
    staff = client.__class__()
    staff.force_login(alice)
    staff.post(reverse("reports:deliver", args=[ready_report.pk]))
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    html = client.get(reverse("client-review")).content.decode()
    assert "Once you submit" not in html and "Submit my answers" not in html
    assert '<h1 class="h2">Your answers</h1>' in html and "they can no longer be changed here" in html
    assert f'Your report is ready: <a href="{reverse("client-report")}">read the report</a>' in html
