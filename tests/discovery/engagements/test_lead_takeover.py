"""Who may change an engagement's lead: anyone while nobody leads; then the lead (releasing or
handing over) or an admin. An admin's takeover is on the timeline and emailed to both leads."""

import pytest
from django.core import mail
from django.urls import reverse

from discovery.models import Engagement, OutgoingEmail
from tests.discovery.engagement_factories import make_engagement

pytestmark = pytest.mark.django_db(transaction=True)


def _assign(client, engagement, lead, shown):
    data = {"lead": lead, "current_lead": shown.pk if shown else ""}
    return client.post(reverse("engagement-assign", args=[engagement.pk]), data, follow=True)


def test_another_consultant_cannot_take_over_an_engagement_someone_leads_nor_then_deliver(client, alice, bob):
    engagement = make_engagement("Alice's Client", status=Engagement.IN_REVIEW, lead=alice)
    client.force_login(bob)
    page = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert "Assign to me" not in page and "or an admin can change the lead" in page
    response = _assign(client, engagement, "me", alice)
    assert "Alice leads this engagement: ask them to release it, or an admin to reassign it." in (
        response.content.decode()
    )
    response = _assign(client, engagement, str(bob.pk), alice)  # the select, forged
    engagement.refresh_from_db()
    assert engagement.lead == alice and not engagement.events.filter(kind="assigned").exists()
    assert not engagement.can_transition(Engagement.DELIVERED, "consultant")


def test_the_lead_releases_it_and_then_a_colleague_may_take_it(client, alice, bob):
    engagement = make_engagement("Released Ltd", lead=alice)
    client.force_login(alice)
    _assign(client, engagement, "", alice)
    client.force_login(bob)
    _assign(client, engagement, "me", None)
    engagement.refresh_from_db()
    assert engagement.lead == bob
    messages = list(engagement.events.filter(kind="assigned").values_list("message", flat=True))
    assert messages == ["Lead architect changed from Alice to nobody", "Lead architect set to Bob"]
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.LEAD_CHANGED).exists()


def test_an_admin_takes_over_and_it_is_recorded_and_both_leads_are_emailed(client, alice, bob, ada):
    engagement = make_engagement("Handover Holdings", lead=alice)
    client.force_login(ada)
    _assign(client, engagement, str(bob.pk), alice)
    engagement.refresh_from_db()
    assert engagement.lead == bob
    event = engagement.events.get(kind="assigned")
    assert event.message == "Lead architect changed from Alice to Bob" and event.actor == ada
    assert event.data == {"from": alice.pk, "to": bob.pk}
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.LEAD_CHANGED)
    assert email.status == OutgoingEmail.SENT
    [sent] = mail.outbox
    assert sorted(sent.to) == ["alice@discovery.example", "bob@discovery.example"]
    assert "Ada made Bob the lead architect of Handover Holdings (previously Alice)" in sent.body
