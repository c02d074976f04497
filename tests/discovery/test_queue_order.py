"""The queue puts urgent work first, pages by 50 keeping the filters, and costs the same queries
however long it is."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from discovery.engagements.sla import first_response_text, overdue_text
from discovery.models import Engagement
from tests.discovery.engagement_factories import make_engagement, make_submitted

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def names_in_order(client, user, **params):
    client.force_login(user)
    html = client.get(reverse("queue"), params).content.decode()
    return [name for _, name in sorted((html.index(n), n) for n in NAMES if n in html)]


NAMES = ["Overdue Org", "Due Soon Org", "On Track Org", "Waiting Org", "Older Waiting Org", "Answered Org"]


@pytest.fixture
def every_group():
    """One engagement at each side of each group boundary, at a frozen moment."""
    with time_machine.travel(NOW, tick=False):
        make_submitted("On Track Org", hours_ago=1)
        make_submitted("Overdue Org", hours_ago=49)  # one hour past its deadline
        make_submitted("Due Soon Org", hours_ago=47)  # an hour before it
        # Requested: intake stamps a deadline, but no clock runs until answers arrive, so these
        # come after every live deadline even though their stamped deadline is the earliest.
        make_engagement("Waiting Org", created_at=NOW - timedelta(days=2), response_due_at=NOW - timedelta(days=3))
        make_engagement("Older Waiting Org", created_at=NOW - timedelta(days=5), response_due_at=NOW)
        answered = make_submitted("Answered Org", hours_ago=60)
        Engagement.objects.filter(pk=answered.pk).update(first_response_at=answered.submitted_at + timedelta(hours=2))
        yield


@pytest.mark.django_db
def test_unanswered_clocked_work_comes_first_by_deadline_then_unclocked_then_answered(client, alice, every_group):
    with time_machine.travel(NOW, tick=False):
        order = names_in_order(client, alice)
    assert order == ["Overdue Org", "Due Soon Org", "On Track Org", "Older Waiting Org", "Waiting Org", "Answered Org"]


@pytest.mark.django_db
def test_an_answered_row_says_how_long_the_first_response_took(client, alice, every_group):
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("queue")).content.decode()
    assert "Answered in 2 h" in html


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "answered in under a minute"),
        (5, "answered in 5 min"),
        (60, "answered in 1 h"),
        (6 * 60 + 12, "answered in 6 h 12 min"),
        (50 * 60 + 7, "answered in 2 d 2 h"),
        (48 * 60, "answered in 2 d"),
    ],
)
def test_the_first_response_time_reads_in_hours_and_minutes(minutes, text):
    submitted = NOW
    assert first_response_text(submitted_at=submitted, first_response_at=submitted + timedelta(minutes=minutes)) == text


@pytest.mark.django_db
def test_an_overdue_row_says_how_overdue_beside_its_due_date(client, alice, every_group):
    client.force_login(alice)
    with time_machine.travel(NOW + timedelta(hours=11), tick=False):
        html = client.get(reverse("queue")).content.decode()
        engagement = Engagement.objects.get(organisation__name="Overdue Org")
        detail = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    # Overdue Org's deadline was an hour before NOW: twelve hours past it now.
    assert "<strong>overdue by 12 h</strong>" in html
    assert html.count("overdue by") == 2  # Due Soon Org is now overdue by 10 h; no other row
    assert "overdue by 10 h" in html
    assert "overdue by 12 h" in detail


def test_overdue_text_is_empty_unless_overdue():
    engagement = Engagement(submitted_at=NOW, response_due_at=NOW + timedelta(hours=48))
    assert overdue_text(engagement, NOW + timedelta(hours=48)) == ""
    assert overdue_text(engagement, NOW + timedelta(hours=48, minutes=1)) == "overdue by 1 min"
    engagement.first_response_at = NOW + timedelta(hours=50)
    assert overdue_text(engagement, NOW + timedelta(hours=60)) == ""


def test_no_response_yet_has_no_first_response_text():
    assert first_response_text(submitted_at=NOW, first_response_at=None) == ""


def _fill(count, lead=None):
    for i in range(count):
        make_submitted(f"Bulk {i:03d}", hours_ago=i % 60, lead=lead)


@pytest.mark.django_db
def test_the_queue_shows_50_a_page_and_page_links_keep_the_filters(client, alice):
    _fill(60, lead=alice)
    make_engagement("Someone Else's", lead=None)
    client.force_login(alice)
    first = client.get(reverse("queue"), {"owner": "me"}).content.decode()
    assert first.count('class="fw-semibold"') == 50
    assert "Page 1 of 2" in first and "owner=me&amp;page=2" in first
    second = client.get(reverse("queue"), {"owner": "me", "page": 2}).content.decode()
    assert second.count('class="fw-semibold"') == 10
    assert "Someone Else" not in second and 'value="me" selected' in second


@pytest.mark.django_db
def test_a_page_number_that_is_not_one_shows_the_nearest_page(client, alice):
    _fill(3)
    client.force_login(alice)
    for page in ["abc", "999", "-1", "²"]:
        response = client.get(reverse("queue"), {"page": page})
        assert response.status_code == 200
        assert response.content.decode().count('class="fw-semibold"') == 3


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 500])
def test_the_queue_page_costs_a_constant_number_of_queries(client, alice, bob, count, django_assert_max_num_queries):
    for i in range(count):
        make_submitted(f"Org {i}", lead=bob if i % 2 else None, hours_ago=i % 70)
    client.force_login(alice)
    client.get(reverse("queue"))  # warm the session and permission caches
    with django_assert_max_num_queries(8):
        response = client.get(reverse("queue"))
    assert response.content.decode().count('class="fw-semibold"') == min(count, 50)
