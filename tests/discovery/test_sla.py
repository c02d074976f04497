from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from discovery.engagements.sla import (
    ANSWERED_IN_TIME,
    ANSWERED_LATE,
    DUE_SOON,
    ON_TRACK,
    OVERDUE,
    engagement_sla_state,
    sla_state,
)
from tests.discovery.engagement_factories import make_submitted

SUBMITTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = SUBMITTED + timedelta(hours=48)


def state_at(now, first_response_at=None):
    return sla_state(submitted_at=SUBMITTED, response_due_at=DUE, first_response_at=first_response_at, now=now)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (SUBMITTED, ON_TRACK),
        (DUE - timedelta(hours=12, seconds=1), ON_TRACK),
        (DUE - timedelta(hours=12), DUE_SOON),
        (DUE - timedelta(seconds=1), DUE_SOON),
        (DUE, DUE_SOON),
        (DUE + timedelta(seconds=1), OVERDUE),
        (DUE + timedelta(days=5), OVERDUE),
    ],
)
def test_an_unanswered_engagement_moves_from_on_track_to_due_soon_to_overdue_at_the_exact_boundaries(now, expected):
    assert state_at(now) == expected


def test_a_first_response_at_the_deadline_itself_is_in_time_and_one_second_later_is_late():
    later = DUE + timedelta(days=3)
    assert state_at(later, first_response_at=DUE) == ANSWERED_IN_TIME
    assert state_at(later, first_response_at=DUE + timedelta(seconds=1)) == ANSWERED_LATE


def test_there_is_no_sla_state_before_anything_is_submitted():
    assert sla_state(submitted_at=None, response_due_at=DUE, first_response_at=None, now=DUE) is None


@pytest.mark.django_db
def test_a_stored_engagement_reads_its_state_from_the_frozen_clock():
    with time_machine.travel(SUBMITTED, tick=False):
        engagement = make_submitted(hours_ago=0)
    with time_machine.travel(DUE - timedelta(hours=12, seconds=1), tick=False):
        assert engagement_sla_state(engagement, datetime.now(UTC)) == ON_TRACK
    with time_machine.travel(DUE - timedelta(hours=12), tick=False):
        assert engagement_sla_state(engagement, datetime.now(UTC)) == DUE_SOON
    with time_machine.travel(DUE + timedelta(seconds=1), tick=False):
        assert engagement_sla_state(engagement, datetime.now(UTC)) == OVERDUE
