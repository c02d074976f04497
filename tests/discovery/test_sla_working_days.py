"""The response promise counts working days: a setting for the working week and holidays, so a
deadline never falls on a day off."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from discovery.engagements.services.submission import assessment_submit
from discovery.engagements.sla import promise_text, response_due
from discovery.models import Engagement, OutgoingEmail
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement

LONDON = ZoneInfo("Europe/London")
WEEK = frozenset({1, 2, 3, 4, 5})


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


def due(start, holidays=frozenset(), working_days=WEEK):
    return response_due(start, hours=48, working_days=working_days, holidays=holidays)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 2, 9, 0), at(2026, 3, 4, 9, 0)),  # Monday → Wednesday, as before
        (at(2026, 3, 5, 15, 0), at(2026, 3, 9, 15, 0)),  # Thursday → Monday, not Saturday
        (at(2026, 3, 6, 15, 0), at(2026, 3, 10, 15, 0)),  # Friday → Tuesday, not Sunday
        (at(2026, 3, 7, 10, 0), at(2026, 3, 11, 0, 0)),  # Saturday: the clock starts on Monday
        (at(2026, 3, 5, 0, 0), at(2026, 3, 9, 0, 0)),  # used up at Friday's midnight: Monday's start
    ],
)
def test_the_clock_stops_at_the_weekend(start, expected):
    assert due(start) == expected


def test_a_holiday_stops_the_clock_like_a_weekend():
    assert due(at(2026, 12, 23, 12, 0), holidays={date(2026, 12, 24), date(2026, 12, 25)}) == at(2026, 12, 29, 12, 0)


def test_a_six_day_week_is_a_setting():
    assert due(at(2026, 3, 6, 15, 0), working_days=frozenset({1, 2, 3, 4, 5, 6})) == at(2026, 3, 9, 15, 0)


def test_the_hours_are_real_hours_across_a_clock_change():
    # Europe/London springs forward on Sunday 29 March 2026; Friday to Tuesday is still 48 real hours.
    assert due(at(2026, 3, 27, 12, 0), working_days=frozenset(range(1, 8))) == at(2026, 3, 29, 13, 0)


def test_no_working_day_at_all_is_a_clear_error():
    with pytest.raises(ValueError, match="SLA_WORKING_DAYS"):
        due(at(2026, 3, 2, 9, 0), working_days=frozenset())


def answered(engagement):
    assessment = make_assessment_for(engagement)
    for slug, value in golden_answers("fine_tune").items():
        assessment.answers.create(question_slug=slug, value=value, revision=1)
    return assessment


@pytest.mark.django_db
def test_a_friday_submission_is_due_on_tuesday_and_the_client_is_told_so(django_capture_on_commit_callbacks):
    engagement = make_engagement("Friday Freight")
    assessment = answered(engagement)
    with time_machine.travel(at(2026, 3, 6, 15, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assessment_submit(assessment=assessment, role="client", user=None)
    engagement.refresh_from_db()
    assert engagement.response_due_at == at(2026, 3, 10, 15, 0)
    receipt = next(m for m in mail.outbox if m.to == ["friday@client.example"])
    assert "We have your answers" in receipt.subject
    assert "A senior architect will respond by Tuesday 10 March 2026, 15:00 GMT." in receipt.body
    assert engagement.emails.get(kind=OutgoingEmail.CLIENT_RECEIPT).status == OutgoingEmail.SENT


@pytest.mark.django_db
def test_no_receipt_goes_to_an_erased_contact(django_capture_on_commit_callbacks):
    engagement = make_engagement("Gone Ltd")
    assessment = answered(engagement)
    engagement.contact.erased_at = engagement.created_at
    engagement.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, role="client", user=None)
    assert engagement.emails.get(kind=OutgoingEmail.CLIENT_RECEIPT).status == OutgoingEmail.NOT_NEEDED
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.SUBMITTED


def test_the_promise_reads_as_the_clock_counts_it():
    assert promise_text(48) == "2 working days"
    assert promise_text(24) == "one working day"
    assert promise_text(36) == "36 working hours"


@pytest.mark.django_db
def test_the_public_pages_promise_what_the_setting_says(client, settings):
    settings.RESPONSE_SLA_HOURS = 72
    for url in ("/", "/request/"):
        page = client.get(url).content.decode()
        assert "3 working days" in page and "48 hours" not in page
