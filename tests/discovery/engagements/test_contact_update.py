"""A consultant may copy what a public request typed over the stored contact; nobody else can."""

import pytest
from django.urls import reverse

from discovery.models import Contact, Engagement, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement():
    organisation = Organisation.objects.create(name="Northwind Insurance Ltd")
    contact = Contact.objects.create(organisation=organisation, name="Lena Marsh", role="Editor", email="l@n.example")
    return Engagement.objects.create(
        organisation=organisation,
        contact=contact,
        source=Engagement.SELF_SERVICE,
        requested_details={"name": "Lena Marsh-Hill", "role": "Managing Editor", "industry": "Insurance"},
    )


def test_the_engagement_page_shows_what_the_request_said_beside_the_stored_contact(client, alice, engagement):
    client.force_login(alice)
    html = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert "The request said otherwise" in html
    assert "“Managing Editor” (stored: Editor)" in html and "“Insurance” (stored: empty)" in html


def test_a_consultant_copies_the_request_over_the_contact_and_the_timeline_says_so(client, alice, engagement):
    client.force_login(alice)
    response = client.post(reverse("engagement-contact-update", args=[engagement.pk]))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.name, contact.role, contact.organisation.industry) == (
        "Lena Marsh-Hill",
        "Managing Editor",
        "Insurance",
    )
    event = engagement.events.get(kind="contact_updated")
    assert event.actor == alice and "Role: Editor → Managing Editor" in event.message
    page = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert "The request said otherwise" not in page


def test_when_nothing_differs_nothing_changes_and_the_page_says_so(client, alice, engagement):
    engagement.requested_details = {"name": "Lena Marsh", "role": "Editor"}
    engagement.save()
    client.force_login(alice)
    response = client.post(reverse("engagement-contact-update", args=[engagement.pk]), follow=True)
    assert "already matches the request" in response.content.decode()
    assert not engagement.events.filter(kind="contact_updated").exists()


def test_nobody_without_the_consultant_role_can_update_the_contact(client, charlie, engagement):
    url = reverse("engagement-contact-update", args=[engagement.pk])
    assert client.post(url).status_code == 302  # anonymous: to sign in
    client.force_login(charlie)
    assert client.post(url).status_code == 403
    assert Contact.objects.get().role == "Editor"


def test_an_unknown_engagement_is_not_found(client, alice):
    client.force_login(alice)
    assert client.post(reverse("engagement-contact-update", args=[999999])).status_code == 404
