"""GETs of the workshop pages only read: the assessment is created by the Start workshop POST."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, WorkshopAttendee
from discovery.models import Engagement, EngagementEvent
from tests.discovery.engagement_factories import make_engagement


@pytest.fixture
def scheduled(alice):
    return make_engagement("Tidal Tiles", status=Engagement.WORKSHOP_SCHEDULED, source=Engagement.WORKSHOP, lead=alice)


@pytest.mark.django_db
def test_opening_the_workshop_page_before_it_started_creates_nothing(client, alice, scheduled):
    client.force_login(alice)
    events = EngagementEvent.objects.count()
    response = client.get(reverse("workshop", args=[scheduled.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The workshop has not started" in page and reverse("workshop-start", args=[scheduled.pk]) in page
    assert not Assessment.objects.exists()
    assert EngagementEvent.objects.count() == events
    scheduled.refresh_from_db()
    assert scheduled.status == Engagement.WORKSHOP_SCHEDULED


@pytest.mark.django_db
def test_the_verdict_panel_of_a_workshop_not_started_is_not_found_and_creates_nothing(client, alice, scheduled):
    client.force_login(alice)
    assert client.get(reverse("workshop-verdict", args=[scheduled.pk])).status_code == 404
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_posts_to_a_workshop_not_started_are_not_found_and_create_nothing(client, alice, scheduled):
    client.force_login(alice)
    assert client.post(reverse("workshop-attendees", args=[scheduled.pk]), {"name": "Ann"}).status_code == 404
    assert client.post(reverse("workshop-end", args=[scheduled.pk])).status_code == 404
    answer = reverse("workshop-answer", args=[scheduled.pk, "request_volume"])
    assert client.post(answer, {"value": "low", "revision": "0"}).status_code == 404
    assert not Assessment.objects.exists() and not WorkshopAttendee.objects.exists()


@pytest.mark.django_db
def test_the_start_workshop_post_creates_the_assessment_once(client, alice, scheduled):
    client.force_login(alice)
    response = client.post(reverse("workshop-start", args=[scheduled.pk]))
    assert response.status_code == 302
    assert Assessment.objects.filter(engagement=scheduled).count() == 1
    client.post(reverse("workshop-start", args=[scheduled.pk]))
    assert Assessment.objects.filter(engagement=scheduled).count() == 1
    page = client.get(reverse("workshop", args=[scheduled.pk])).content.decode()
    assert "The workshop has not started" not in page


@pytest.mark.django_db
def test_a_workshop_that_cannot_start_says_so_without_a_button(client, alice):
    closed = make_engagement("Closed Cove", status=Engagement.CLOSED)
    client.force_login(alice)
    page = client.get(reverse("workshop", args=[closed.pk])).content.decode()
    assert "can't start" in page and reverse("workshop-start", args=[closed.pk]) not in page


@pytest.mark.django_db
def test_someone_with_no_role_cannot_open_the_workshop_page(client, charlie, scheduled):
    client.force_login(charlie)
    assert client.get(reverse("workshop", args=[scheduled.pk])).status_code == 403
    assert client.get(reverse("workshop", args=[99999999])).status_code in {403, 404}
