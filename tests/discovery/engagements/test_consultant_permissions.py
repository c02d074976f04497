import pytest
from django.urls import reverse

from assessments.models import Report
from discovery.models import ClientLink, Engagement
from tests.discovery.engagement_factories import make_assessment_for, make_engagement

PAGES = [
    ("queue", False),
    ("engagement", True),
    ("workshop", True),
    ("workshop-verdict", True),
    ("analytics", False),
]
POSTS = [
    ("engagement-new", lambda e: []),
    ("engagement-transition", lambda e: [e.pk]),
    ("engagement-assign", lambda e: [e.pk]),
    ("engagement-withdraw", lambda e: [e.pk]),
    ("engagement-reopen", lambda e: [e.pk]),
    ("engagement-note", lambda e: [e.pk]),
    ("engagement-link-reissue", lambda e: [e.pk]),
    ("engagement-link-revoke", lambda e: [e.pk, e.links.get().pk]),
    ("workshop-start", lambda e: [e.pk]),
    ("workshop-end", lambda e: [e.pk]),
    ("workshop-attendees", lambda e: [e.pk]),
    ("workshop-answer", lambda e: [e.pk, "request_volume"]),
]
EVERYTHING = {
    "target": "withdrawn",
    "reason": "x",
    "lead": "me",
    "text": "x",
    "name": "x",
    "value": "high",
    "revision": "1",
    "organisation_name": "Intruder Inc",
    "contact_name": "I",
    "email": "i@intruder.example",
    "use_case": "x",
}


def as_client_of(client, engagement):
    """Open the engagement's private link in `client`, as the client would: a link session, no account."""
    _, token = ClientLink.issue(engagement)
    response = client.get(reverse("client-link", args=[token]))
    assert response.status_code == 302 and client.session.keys(), "the link opened a client session"
    return client


def assert_nothing_changed(engagement):
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_WORKSHOP and engagement.lead is None
    assert not engagement.notes.exists()
    assert not engagement.links.filter(revoked_at__isnull=False).exists()
    assert engagement.assessments.get().answers.get().value == "low"
    assert not engagement.assessments.get().attendees.exists()
    assert Engagement.objects.count() == 1


@pytest.fixture
def engagement():
    engagement = make_engagement(status=Engagement.IN_WORKSHOP)
    make_assessment_for(engagement, {"request_volume": "low"})
    ClientLink.issue(engagement)
    return engagement


@pytest.mark.django_db
def test_a_consultant_sees_every_engagement_whoever_leads_it(client, alice, bob):
    led_by_bob = make_engagement("Bob's Client", lead=bob)
    unassigned = make_engagement("Nobody's Client")
    client.force_login(alice)
    html = client.get(reverse("queue")).content.decode()
    assert "Bob&#x27;s Client" in html and "Nobody&#x27;s Client" in html
    for engagement in (led_by_bob, unassigned):
        assert client.get(reverse("engagement", args=[engagement.pk])).status_code == 200
        assert client.get(reverse("workshop", args=[engagement.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "needs_pk"), PAGES)
def test_people_without_the_consultant_role_are_refused_every_page(client, charlie, engagement, name, needs_pk):
    url = reverse(name, args=[engagement.pk] if needs_pk else [])
    assert client.get(url).status_code == 302  # anonymous: sent to sign in
    client.force_login(charlie)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "needs_pk"), PAGES)
def test_a_client_with_a_working_link_session_sees_none_of_the_consultant_pages(client, engagement, name, needs_pk):
    as_client_of(client, engagement)
    url = reverse(name, args=[engagement.pk] if needs_pk else [])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), POSTS)
def test_nobody_but_a_consultant_can_change_anything(client, charlie, engagement, name, args):
    url = reverse(name, args=args(engagement))
    assert client.post(url, EVERYTHING).status_code == 302  # anonymous
    as_client_of(client, engagement)
    assert client.post(url, EVERYTHING).url.startswith(reverse("login"))
    client.force_login(charlie)
    assert client.post(url, EVERYTHING).status_code == 403
    assert_nothing_changed(engagement)


@pytest.mark.django_db
def test_only_the_lead_or_an_admin_can_deliver(client, alice, bob, ada):
    def ready_report(name):
        engagement = make_engagement(name, status=Engagement.IN_REVIEW, lead=alice)
        return Report.objects.create(
            assessment=make_assessment_for(engagement),
            number=1,
            status=Report.READY,
            narrative="Fine-tune now.",
            no_engineers_reason="Your team does the work.",
        )

    def deliver(user, report):
        client.force_login(user)
        client.post(reverse("reports:deliver", args=[report.pk]))
        client.post(reverse("engagement-transition", args=[report.assessment.engagement_id]), {"target": "delivered"})
        report.assessment.engagement.refresh_from_db()
        return report.assessment.engagement.status

    alices = ready_report("Aurora Airways")
    assert deliver(bob, alices) == Engagement.IN_REVIEW  # another consultant: refused both ways
    assert deliver(alice, alices) == Engagement.DELIVERED
    assert deliver(ada, ready_report("Borealis Bank")) == Engagement.DELIVERED  # an admin delivers any
