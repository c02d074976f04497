import pytest
from django.urls import reverse

from discovery.models import Engagement
from tests.discovery.engagement_factories import make_engagement

PAGES = [
    ("queue", False),
    ("engagement", True),
    ("workshop", True),
    ("workshop-verdict", True),
]
POSTS = [
    "engagement-transition",
    "engagement-assign",
    "engagement-note",
    "engagement-link-reissue",
    "workshop-start",
    "workshop-end",
    "workshop-attendees",
]


@pytest.mark.django_db
def test_a_consultant_sees_every_engagement_whoever_leads_it(client, alice, bob):
    engagement = make_engagement("Bob's Client", lead=bob)
    client.force_login(alice)
    assert "Bob&#x27;s Client" in client.get(reverse("queue")).content.decode()
    assert client.get(reverse("engagement", args=[engagement.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "needs_pk"), PAGES)
def test_people_without_the_consultant_role_are_refused_every_page(client, charlie, name, needs_pk):
    engagement = make_engagement()
    url = reverse(name, args=[engagement.pk] if needs_pk else [])
    assert client.get(url).status_code == 302  # anonymous (a client): sent to sign in
    client.force_login(charlie)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTS)
def test_people_without_the_consultant_role_cannot_change_anything(client, charlie, name):
    engagement = make_engagement(status=Engagement.REQUESTED)
    url = reverse(name, args=[engagement.pk])
    assert client.post(url, {"target": "withdrawn", "lead": "me", "text": "x", "name": "x"}).status_code == 302
    client.force_login(charlie)
    assert client.post(url, {"target": "withdrawn", "lead": "me", "text": "x", "name": "x"}).status_code == 403
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED and engagement.lead is None
    assert not engagement.notes.exists()


@pytest.mark.django_db
def test_only_the_lead_or_an_admin_can_deliver_through_the_page(client, alice, bob, ada):
    engagement = make_engagement(status=Engagement.IN_REVIEW, lead=alice)
    url = reverse("engagement-transition", args=[engagement.pk])
    client.force_login(bob)
    client.post(url, {"target": "delivered"})
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
    client.force_login(ada)
    client.post(url, {"target": "delivered"})
    engagement.refresh_from_db()
    assert engagement.status == Engagement.DELIVERED
