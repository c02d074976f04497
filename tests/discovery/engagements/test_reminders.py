from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from discovery.models import OutgoingEmail
from discovery.tasks import sla_reminders_task
from tests.discovery.engagement_factories import make_submitted


def test_the_reminder_task_runs_every_15_minutes_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["sla-reminders"]
    assert entry["task"] == "discovery.tasks.sla_reminders_task"
    assert entry["schedule"] == 15 * 60


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_the_lead_is_reminded_once_when_due_soon_and_once_more_when_overdue(alice, bob):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        engagement = make_submitted("Late Logistics", hours_ago=0, lead=alice)
    due = engagement.response_due_at

    with time_machine.travel(due - timedelta(hours=13), tick=False):
        assert sla_reminders_task.delay().get() == 0
    assert mail.outbox == []

    with time_machine.travel(due - timedelta(hours=11), tick=False):
        assert sla_reminders_task.delay().get() == 1
        assert sla_reminders_task.delay().get() == 0  # the next run, 15 minutes on, sends nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    assert "Due within 12 hours" in mail.outbox[0].subject

    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert sla_reminders_task.delay().get() == 1
    with time_machine.travel(due + timedelta(hours=5), tick=False):
        assert sla_reminders_task.delay().get() == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Overdue")
    kinds = engagement.emails.filter(status=OutgoingEmail.SENT).values_list("kind", flat=True)
    assert sorted(kinds) == [OutgoingEmail.SLA_DUE_SOON, OutgoingEmail.SLA_OVERDUE]


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_an_unassigned_engagement_reminds_every_consultant(alice, bob, charlie):
    make_submitted("Nobody's Nets", hours_ago=40)
    assert sla_reminders_task.delay().get() == 1
    assert sorted(mail.outbox[0].to) == sorted([alice.email, bob.email])


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_a_lead_who_has_left_the_team_is_not_the_only_one_reminded(alice, bob):
    make_submitted("Left Behind Ltd", hours_ago=40, lead=alice)
    alice.is_active = False  # deactivated on the team page after being made lead
    alice.save()
    assert sla_reminders_task.delay().get() == 1
    assert mail.outbox[0].to == [bob.email]


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_an_answered_engagement_is_never_reminded(alice):
    engagement = make_submitted("Quick Quokka", hours_ago=47, lead=alice)
    engagement.record_first_response()
    assert sla_reminders_task.delay().get() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)  # the reminder is an outbox email, sent on commit
def test_an_already_claimed_threshold_is_not_sent_again(alice):
    engagement = make_submitted("Late Logistics", hours_ago=40, lead=alice)
    type(engagement).objects.filter(pk=engagement.pk).update(reminded_due_soon_at=timezone.now())
    assert sla_reminders_task.delay().get() == 0
