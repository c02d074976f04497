"""The email outbox (discovery/engagements/services/outbox.py and its task): an email is a row written with
the change that causes it, sent once after commit, retried, swept, failed only by a mail server
that kept refusing, and resendable."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from discovery.engagements.services.outbox import email_queue, outbox_sweep, outgoing_email_resend
from discovery.models import OutgoingEmail
from discovery.portal.services.client_links import client_link_email
from discovery.tasks import outgoing_email_send_task
from tests.discovery.engagement_factories import make_engagement, make_submitted

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_email_is_written_with_its_change_and_sent_once_after_commit():
    engagement = make_engagement("Outbox Oaks")
    with transaction.atomic():
        client_link_email(engagement=engagement)
        assert OutgoingEmail.objects.get().status == OutgoingEmail.PENDING
        assert mail.outbox == []  # nothing leaves before the change is committed
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.SENT and email.sent_at and email.attempts == 1
    assert [m.to for m in mail.outbox] == [["outbox@client.example"]]
    outgoing_email_send_task.delay(email.pk)  # a duplicate message
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing():
    engagement = make_engagement("Rollback Rails")
    with pytest.raises(RuntimeError), transaction.atomic():
        client_link_email(engagement=engagement)
        raise RuntimeError("the change failed")
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_mail_server_that_is_down_is_retried_with_backoff_and_never_logged_with_its_message():
    engagement = make_submitted("Down Mail")
    with mock.patch(
        "discovery.engagements.services.notifications.send_mail", side_effect=ConnectionRefusedError("nora@x")
    ):
        with pytest.raises(Retry) as retry:
            with transaction.atomic():
                email_queue(kind=OutgoingEmail.CLIENT_LINK, engagement=engagement)
    assert 15 <= retry.value.when <= 30
    assert "nora@x" not in repr(retry.value.exc)  # Celery logs the retry's exception
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.PENDING and "ConnectionRefusedError" in email.error


def test_a_mail_server_that_refuses_every_retry_marks_the_email_failed_for_a_consultant_to_resend():
    email = OutgoingEmail.objects.create(kind=OutgoingEmail.CLIENT_LINK, engagement=make_engagement("Refused"))
    with mock.patch("discovery.engagements.services.notifications.send_mail", side_effect=ConnectionRefusedError()):
        outgoing_email_send_task.apply(args=[email.pk], retries=outgoing_email_send_task.max_retries)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.FAILED and "ConnectionRefusedError" in email.error

    assert outgoing_email_resend(email=email, user=None) is True
    email.refresh_from_db()
    # The failure stays on record; the resend is a new row, counted afresh, and is sent.
    assert email.status == OutgoingEmail.FAILED and "ConnectionRefusedError" in email.error
    again = email.resends.get()
    assert again.status == OutgoingEmail.SENT and again.attempts == 1
    assert len(mail.outbox) == 1
    assert outgoing_email_resend(email=email, user=None) is False  # a failed email is resent once
    assert outgoing_email_resend(email=again, user=None) is False  # a sent email is never resent


def test_a_database_outage_never_fails_an_email_it_waits_for_the_sweep():
    email = OutgoingEmail.objects.create(kind=OutgoingEmail.SUBMITTED, engagement=make_submitted("Outage"))
    with mock.patch(
        "discovery.engagements.services.outbox._deliver", side_effect=OperationalError("connection is closed")
    ):
        outgoing_email_send_task.apply(args=[email.pk], retries=outgoing_email_send_task.max_retries)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.PENDING


def test_an_email_that_cannot_be_made_fails_at_once():
    email = OutgoingEmail.objects.create(kind="no_such_kind", engagement=make_engagement("Odd"))
    outgoing_email_send_task.delay(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.FAILED and "no_such_kind" in email.error


def test_a_broker_that_is_down_when_the_change_commits_leaves_the_email_for_the_sweep(alice):
    engagement = make_submitted("Broker Down", lead=alice)
    with mock.patch.object(outgoing_email_send_task, "delay", side_effect=BrokerError("timed out")):
        with transaction.atomic():
            email_queue(kind=OutgoingEmail.SUBMITTED, engagement=engagement)  # the request still succeeds
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.PENDING and mail.outbox == []
    OutgoingEmail.objects.filter(pk=email.pk).update(status_changed_at=timezone.now() - timedelta(minutes=10))
    assert outbox_sweep() == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_the_sweep_takes_over_an_email_left_sending_by_a_dead_worker_and_leaves_fresh_ones():
    engagement = make_engagement("Killed Worker")
    stuck = OutgoingEmail.objects.create(
        kind=OutgoingEmail.CLIENT_LINK, engagement=engagement, status=OutgoingEmail.SENDING, claimed_by="dead"
    )
    OutgoingEmail.objects.filter(pk=stuck.pk).update(status_changed_at=timezone.now() - timedelta(minutes=10))
    fresh = OutgoingEmail.objects.create(kind=OutgoingEmail.CLIENT_LINK, engagement=engagement)
    with mock.patch.object(outgoing_email_send_task, "delay") as delay:
        assert outbox_sweep() == 1
    delay.assert_called_once_with(stuck.pk)
    fresh.refresh_from_db()
    assert fresh.status == OutgoingEmail.PENDING


def test_a_redelivered_message_takes_over_its_own_claim_and_another_message_does_not():
    engagement = make_engagement("Redelivered")
    email = OutgoingEmail.objects.create(
        kind=OutgoingEmail.CLIENT_LINK, engagement=engagement, status=OutgoingEmail.SENDING, claimed_by="message-1"
    )
    outgoing_email_send_task.apply(args=[email.pk], task_id="message-2")
    assert mail.outbox == []
    outgoing_email_send_task.apply(args=[email.pk], task_id="message-1")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT and len(mail.outbox) == 1


def test_the_outbox_sweep_runs_every_two_minutes_on_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry == {"task": "discovery.tasks.outbox_sweep_task", "schedule": 120}


def test_an_email_with_nobody_to_send_to_by_its_turn_is_marked_not_needed_not_sent(client, alice):
    engagement = make_engagement("No Contact Now")
    email = OutgoingEmail.objects.create(kind=OutgoingEmail.CLIENT_LINK, engagement=engagement)
    type(engagement).objects.filter(pk=engagement.pk).update(contact=None)  # removed before the send
    outgoing_email_send_task.delay(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.NOT_NEEDED and email.sent_at is None and mail.outbox == []
    client.force_login(alice)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Email not sent: private link to the client" in html


def test_a_new_submission_notice_written_while_the_broker_was_down_is_sent_by_the_sweep_once_it_is_back(
    alice, settings, monkeypatch
):
    from assessments.tasks import report_generate_task
    from discovery.engagements.services.submission import assessment_submit
    from tests.assessments.reports.factories import make_assessment
    from web import outages

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a real broker, so the process's quiet period counts
    monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)
    assessment = make_assessment("not_yet", lead=alice, submitted=False)
    down = BrokerError("connection refused")
    with (
        mock.patch.object(outgoing_email_send_task, "delay", side_effect=down),
        mock.patch.object(report_generate_task, "delay", side_effect=down),
    ):
        assessment_submit(assessment=assessment, role="client", user=None)  # the client's submit succeeds
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.SUBMITTED)
    long_ago = timezone.now() - timedelta(minutes=10)
    OutgoingEmail.objects.filter(pk=email.pk).update(status_changed_at=long_ago)

    # The broker is back, but this process failed to publish a moment ago and doesn't try yet: the
    # sweep sends nothing, so it counts nothing and leaves the email due for the next sweep.
    with mock.patch.object(outgoing_email_send_task, "delay") as delay:
        assert outbox_sweep() == 0
        delay.assert_not_called()
        email.refresh_from_db()
        assert email.status == OutgoingEmail.PENDING and email.status_changed_at == long_ago

        monkeypatch.setattr(outages, "_broker_quiet_until", 0.0)  # the next sweep, past the quiet period
        assert outbox_sweep() == 1
        delay.assert_called_once_with(email.pk)
    outgoing_email_send_task.apply(args=[email.pk])  # the worker takes the message
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT
    assert [m.to for m in mail.outbox] == [[alice.email]] and "Submitted:" in mail.outbox[0].subject
    with mock.patch.object(outgoing_email_send_task, "delay") as delay:
        outbox_sweep(older_than_seconds=0)  # (the client's own confirmation may still be waiting)
        assert mock.call(email.pk) not in delay.call_args_list  # the notice was sent once, never again
