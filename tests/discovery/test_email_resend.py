"""The engagement timeline's email entries and the Resend button (POST, consultants only)."""

import pytest
from django.core import mail
from django.urls import reverse

from discovery.models import OutgoingEmail
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db(transaction=True)


def _failed(engagement):
    return OutgoingEmail.objects.create(
        kind=OutgoingEmail.CLIENT_LINK,
        engagement=engagement,
        status=OutgoingEmail.FAILED,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def _resend_url(email):
    return reverse("engagement-email-resend", args=[email.engagement_id, email.pk])


def test_the_timeline_shows_a_sent_email_and_a_failed_one_with_its_error_and_a_resend_button(client, alice):
    engagement = make_engagement("Timeline Telecom")
    failed = _failed(engagement)
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.SUBMITTED, engagement=engagement, status=OutgoingEmail.SENT, sent_at=failed.created_at
    )
    client.force_login(alice)
    html = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert "Email sent: new-submission notice to the consultants" in html
    assert "Email failed: private link to the client (SMTPServerDisconnected" in html
    assert f'action="{_resend_url(failed)}"' in html


def test_a_consultant_resends_a_failed_email_it_is_sent_and_the_failure_stays_on_record(client, alice):
    failed = _failed(make_engagement("Resend Rail"))
    client.force_login(alice)
    response = client.post(_resend_url(failed))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.FAILED
    assert failed.resends.get().status == OutgoingEmail.SENT
    assert [m.to for m in mail.outbox] == [["resend@client.example"]]
    html = client.get(response.url).content.decode()
    assert "Email failed: private link to the client (SMTPServerDisconnected" in html
    assert "Email sent (resent by Alice): private link to the client" in html
    assert "Resend</button>" not in html
    # Pressed again (a stale page): nothing more is sent.
    client.post(_resend_url(failed))
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.count() == 2


def test_each_email_is_one_line_on_the_timeline(client, alice):
    from discovery.engagements.services.engagements import engagement_sla_remind
    from discovery.portal.services.client_links import client_link_reissue
    from tests.discovery.engagement_factories import make_submitted

    engagement = make_submitted("Single Line Ltd", hours_ago=50, lead=alice)
    client_link_reissue(engagement=engagement, user=alice)
    engagement_sla_remind()
    client.force_login(alice)
    html = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert html.count("Email sent: private link to the client") == 1
    assert html.count("Email sent: overdue reminder to the consultants") == 1
    assert "emailed" not in html.lower()  # no second line per email from the cause


def test_resending_is_refused_to_people_without_the_consultant_role(client, charlie):
    failed = _failed(make_engagement("Refused Roles"))
    client.force_login(charlie)
    assert client.post(_resend_url(failed)).status_code == 403
    client.logout()
    assert client.post(_resend_url(failed)).status_code == 302  # to sign in
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.FAILED and mail.outbox == []


def test_an_email_of_another_engagement_or_a_get_changes_nothing(client, alice):
    failed = _failed(make_engagement("Mine"))
    other = make_engagement("Theirs")
    client.force_login(alice)
    assert client.post(reverse("engagement-email-resend", args=[other.pk, failed.pk])).status_code == 404
    assert client.get(_resend_url(failed)).status_code == 405
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.FAILED
