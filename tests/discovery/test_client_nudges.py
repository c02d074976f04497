"""Clients who requested an assessment and haven't finished it are reminded after 3 and 7 days,
once each, until they submit, withdraw or a consultant takes it into a workshop."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from discovery.engagements.services.submission import assessment_submit
from discovery.models import Engagement, OutgoingEmail
from discovery.tasks import client_nudges_task
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement


@pytest.fixture
def waiting():
    """Wendy requested an assessment just now and has answered nothing yet."""
    engagement = make_engagement("Wendy Waits", created_at=timezone.now())
    make_assessment_for(engagement)
    return engagement


def run_after(days, hours=0):
    with time_machine.travel(timezone.now() + timedelta(days=days, hours=hours), tick=False):
        return client_nudges_task.delay().get()


def test_the_nudges_run_hourly_on_beat_after_3_and_7_days_by_default():
    entry = settings.CELERY_BEAT_SCHEDULE["client-nudges"]
    assert entry["task"] == "discovery.tasks.client_nudges_task"
    assert entry["schedule"] == 60 * 60
    assert (settings.CLIENT_NUDGE_FIRST_DAYS, settings.CLIENT_NUDGE_SECOND_DAYS) == (3, 7)


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_the_client_is_reminded_once_after_3_days_and_once_after_7(waiting):
    assert run_after(2, 23) == 0
    assert run_after(3, 1) == 1
    assert run_after(3, 2) == 0  # the next hourly run sends nothing
    assert run_after(6) == 0
    assert run_after(7, 1) == 1
    assert run_after(8) == 0 and run_after(30) == 0
    assert [m.to for m in mail.outbox] == [["wendy@client.example"]] * 2
    assert "waiting for your answers" in mail.outbox[0].subject
    assert settings.SITE_URL in mail.outbox[0].body  # a fresh private link
    # Each reminder is its outbox row: one line on the timeline.
    kinds = list(waiting.emails.filter(status=OutgoingEmail.SENT).values_list("kind", flat=True))
    assert kinds == [OutgoingEmail.CLIENT_NUDGE_FIRST, OutgoingEmail.CLIENT_NUDGE_SECOND]


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_a_run_that_first_happens_after_a_week_sends_one_reminder_not_two(waiting):
    assert run_after(8) == 1
    assert run_after(8, 1) == 1  # the second, an hour on: never two emails in the same run
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
@pytest.mark.parametrize(
    "status", [Engagement.SUBMITTED, Engagement.WITHDRAWN, Engagement.WORKSHOP_SCHEDULED, Engagement.IN_WORKSHOP]
)
def test_submitting_withdrawing_or_a_workshop_stops_the_reminders(waiting, status):
    assert run_after(3, 1) == 1
    Engagement.objects.filter(pk=waiting.pk).update(status=status)
    assert run_after(7, 1) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_submitting_through_the_real_submit_path_stops_the_reminders(waiting):
    assessment = waiting.assessments.get()
    for slug, value in golden_answers("fine_tune").items():
        assessment.answers.create(question_slug=slug, value=value, revision=1)
    assessment_submit(assessment=assessment, role="client", user=None)
    assert run_after(3, 1) == 0 and run_after(7, 1) == 0
    assert not waiting.emails.filter(kind__startswith="client_nudge").exists()


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_an_engagement_with_no_contact_is_not_nudged(waiting):
    Engagement.objects.filter(pk=waiting.pk).update(contact=None)
    assert run_after(4) == 0
