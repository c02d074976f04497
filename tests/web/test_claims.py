"""Claiming a row for one task run (web/claims.py), shown on outbox emails."""

from datetime import timedelta

import pytest
from django.utils import timezone

from discovery.models import OutgoingEmail
from tests.discovery.engagement_factories import make_engagement
from web.claims import claim_waiting, stale_claims

pytestmark = pytest.mark.django_db
PENDING, SENDING = OutgoingEmail.PENDING, OutgoingEmail.SENDING


def email_row():
    email = OutgoingEmail.objects.create(kind=OutgoingEmail.CLIENT_LINK, engagement=make_engagement("Claims"))
    return OutgoingEmail.objects.filter(pk=email.pk)


def test_of_two_runs_only_the_first_claims_a_waiting_row():
    row, now = email_row(), timezone.now()
    assert claim_waiting(row, waiting=PENDING, working=SENDING, task_id="a", now=now)
    assert not claim_waiting(row, waiting=PENDING, working=SENDING, task_id="b", now=now)
    assert (row.get().claimed_by, row.get().attempts) == ("a", 1)


def test_a_claim_is_stale_for_its_own_redelivered_task_or_past_the_hard_time_limit(settings):
    row, now = email_row(), timezone.now()
    claim_waiting(row, waiting=PENDING, working=SENDING, task_id="a", now=now)
    assert stale_claims(row, working=SENDING, task_id="a", now=now).exists()  # redelivered
    assert not stale_claims(row, working=SENDING, task_id="b", now=now).exists()  # a live run holds it
    later = now + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    assert stale_claims(row, working=SENDING, task_id="b", now=later).exists()  # its run must be dead
