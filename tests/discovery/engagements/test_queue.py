from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discovery.models import Engagement, Organisation
from tests.discovery.engagement_factories import make_engagement, make_submitted


def queue_page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("queue"), params)


@pytest.mark.django_db
def test_home_sends_a_consultant_to_the_queue(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).url == reverse("queue")


@pytest.mark.django_db
def test_the_queue_lists_open_engagements_soonest_deadline_first_with_their_sla_state(client, alice):
    make_engagement("Waiting Widgets")  # requested: no deadline yet, so after every deadline
    make_submitted("Calm Co", hours_ago=1)
    make_submitted("Late Logistics", hours_ago=50)
    make_submitted("Soon Software", hours_ago=40)
    make_engagement("Closed Corp", status=Engagement.CLOSED)
    html = queue_page(client, alice).content.decode()
    assert html.index("Late Logistics") < html.index("Soon Software") < html.index("Calm Co")
    assert html.index("Calm Co") < html.index("Waiting Widgets")
    assert "Closed Corp" not in html
    assert "sla-overdue" in html and "sla-due_soon" in html and "sla-on_track" in html


@pytest.mark.django_db
def test_answered_engagements_show_whether_the_first_response_was_in_time(client, alice):
    in_time = make_submitted("Prompt Partners", hours_ago=60, lead=alice)
    late = make_submitted("Tardy Trading", hours_ago=60, lead=alice)
    Engagement.objects.filter(pk=in_time.pk).update(first_response_at=in_time.submitted_at + timedelta(hours=2))
    Engagement.objects.filter(pk=late.pk).update(first_response_at=late.submitted_at + timedelta(hours=50))
    html = queue_page(client, alice, status="all").content.decode()
    assert "sla-answered_in_time" in html and "sla-answered_late" in html


@pytest.mark.django_db
def test_each_row_shows_source_status_and_lead_or_an_assign_to_me_button(client, alice, bob):
    led = make_submitted("Led Ltd", lead=bob)
    open_one = make_engagement("Open Orchard", source=Engagement.WORKSHOP, status=Engagement.WORKSHOP_SCHEDULED)
    html = queue_page(client, alice).content.decode()
    row = {e: html[html.index(e.organisation.name) :].split("</tr>")[0] for e in (led, open_one)}
    assert "Self-service" in row[led] and "Submitted" in row[led] and "Bob" in row[led]
    assert "Assign to me" not in row[led]
    assert "Workshop" in row[open_one] and "Workshop scheduled" in row[open_one]
    assert "Unassigned" in row[open_one] and "Assign to me" in row[open_one]


@pytest.mark.django_db
def test_filters_narrow_the_queue_by_status_owner_overdue_and_search(client, alice, bob):
    make_submitted("Late Logistics", hours_ago=50, lead=bob)
    make_submitted("Calm Co", hours_ago=1, lead=alice)
    make_engagement("Unowned Utilities")
    make_engagement("Closed Corp", status=Engagement.CLOSED)

    def names(**params):
        html = queue_page(client, alice, **params).content.decode()
        return {n for n in ["Late Logistics", "Calm Co", "Unowned Utilities", "Closed Corp"] if n in html}

    assert names(owner="me") == {"Calm Co"}
    assert names(owner="unassigned") == {"Unowned Utilities"}
    assert names(overdue="on") == {"Late Logistics"}
    assert names(status="closed") == {"Closed Corp"}
    assert names(status="all") == {"Late Logistics", "Calm Co", "Unowned Utilities", "Closed Corp"}
    assert names(q="calm") == {"Calm Co"}
    assert names(q="unowned@client") == {"Unowned Utilities"}


@pytest.mark.django_db
def test_nonsense_filters_fall_back_to_the_open_queue_instead_of_failing(client, alice):
    make_engagement("Unowned Utilities")
    response = queue_page(client, alice, status="bogus", owner="nobody", q="x" * 500)
    assert response.status_code == 200


@pytest.mark.django_db
def test_assign_to_me_from_the_queue_makes_me_the_lead(client, alice):
    engagement = make_engagement("Unowned Utilities")
    client.force_login(alice)
    response = client.post(reverse("engagement-assign", args=[engagement.pk]), {"lead": "me", "next": "queue"})
    assert response.url == reverse("queue")
    engagement.refresh_from_db()
    assert engagement.lead == alice


@pytest.mark.django_db
def test_when_two_consultants_take_the_same_engagement_the_second_is_told_and_changes_nothing(client, alice, bob):
    engagement = make_engagement("Unowned Utilities")
    take = {"lead": "me", "next": "queue", "current_lead": ""}  # what the queue row sends
    client.force_login(alice)
    client.post(reverse("engagement-assign", args=[engagement.pk]), take)
    client.force_login(bob)  # Bob's queue still showed it unassigned
    response = client.post(reverse("engagement-assign", args=[engagement.pk]), take, follow=True)
    assert "a colleague changed the lead a moment ago; it is now Alice" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.lead == alice
    assert engagement.events.filter(kind="assigned").count() == 1


@pytest.mark.django_db
def test_the_queue_costs_the_same_number_of_queries_for_1_or_20_engagements(
    client, alice, bob, django_assert_num_queries
):
    client.force_login(alice)
    make_submitted("Org 0", lead=bob)
    client.get(reverse("queue"))  # warm caches (session, permissions)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("queue"))
    for i in range(1, 20):
        make_submitted(f"Org {i}", lead=bob if i % 2 else None, hours_ago=i)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("queue"))
    assert response.content.decode().count('class="fw-semibold"') == 20


@pytest.mark.django_db
def test_a_consultant_creates_a_workshop_engagement_reusing_the_organisation_by_normalised_name(client, alice):
    existing = Organisation.objects.create(name="Acme Ltd")
    client.force_login(alice)
    response = client.post(
        reverse("engagement-new"),
        {
            "organisation_name": "ACME",
            "contact_name": "Jo Bloggs",
            "email": "jo@acme.example",
            "use_case": "Summarise claims",
        },
    )
    engagement = Engagement.objects.get()
    assert response.url == reverse("engagement", args=[engagement.pk])
    assert engagement.organisation == existing
    assert engagement.source == Engagement.WORKSHOP
    assert engagement.status == Engagement.WORKSHOP_SCHEDULED
    assert engagement.lead == alice
    assert engagement.assessments.count() == 1


@pytest.mark.django_db
def test_an_organisation_name_that_is_only_a_legal_form_is_refused(client, alice):
    client.force_login(alice)
    fields = {"contact_name": "Jo", "email": "jo@x.example", "use_case": "x"}
    response = client.post(reverse("engagement-new"), {"organisation_name": "Ltd.", **fields})
    assert response.status_code == 400 and "not only its legal form" in response.content.decode()
    assert not Engagement.objects.exists()


@pytest.mark.django_db
def test_a_new_engagement_with_missing_fields_is_refused_with_messages_and_nothing_is_created(client, alice):
    client.force_login(alice)
    response = client.post(reverse("engagement-new"), {"organisation_name": "", "email": "not-an-email"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Engagement.objects.exists()


@pytest.mark.django_db
def test_a_contact_email_longer_than_its_column_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example"  # valid, 262 characters
    fields = {"organisation_name": "Jo Ltd", "contact_name": "Jo", "use_case": "x"}
    response = client.post(reverse("engagement-new"), {"email": email, **fields})
    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    assert not Engagement.objects.exists()
