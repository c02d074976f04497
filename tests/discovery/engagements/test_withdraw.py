"""Withdrawing asks why and for a confirmation, closes the open assessment, stops link emails,
and can be undone by reopening to the status it left."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment
from discovery.models import Engagement
from tests.discovery.engagement_factories import make_assessment_for, make_engagement, make_submitted


def withdraw(client, user, engagement, reason="The client chose another vendor"):
    client.force_login(user)
    return client.post(reverse("engagement-withdraw", args=[engagement.pk]), {"reason": reason}, follow=True)


@pytest.mark.django_db
def test_the_withdraw_button_leads_to_a_confirmation_page_that_asks_for_the_reason(client, alice):
    engagement = make_engagement("Wavering Widgets", lead=alice)
    client.force_login(alice)
    page = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert reverse("engagement-withdraw", args=[engagement.pk]) in page
    confirm = client.get(reverse("engagement-withdraw", args=[engagement.pk]))
    assert confirm.status_code == 200
    assert "Why is this engagement withdrawn?" in confirm.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED  # looking at the page changes nothing


@pytest.mark.django_db
def test_withdrawing_keeps_the_reason_on_the_timeline_and_closes_the_open_assessment(client, alice):
    engagement = make_engagement("Wavering Widgets", status=Engagement.WORKSHOP_SCHEDULED, lead=alice)
    assessment = make_assessment_for(engagement)
    response = withdraw(client, alice, engagement, reason="Budget  frozen\nuntil Q3")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.WITHDRAWN
    assert engagement.withdrawn_from == Engagement.WORKSHOP_SCHEDULED
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.CLOSED
    assert "Withdrawn: Budget frozen until Q3" in response.content.decode()


@pytest.mark.django_db
def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(client, alice):
    engagement = make_engagement("Wavering Widgets", lead=alice)
    for reason in ["", "   \n  ", "x" * 401]:
        client.force_login(alice)
        response = client.post(reverse("engagement-withdraw", args=[engagement.pk]), {"reason": reason})
        assert response.status_code == 400
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED


@pytest.mark.django_db
def test_someone_without_a_consultant_role_cannot_withdraw(client, charlie):
    engagement = make_engagement("Wavering Widgets")
    client.force_login(charlie)
    response = client.post(reverse("engagement-withdraw", args=[engagement.pk]), {"reason": "no"})
    assert response.status_code in (302, 403)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED


@pytest.mark.django_db
def test_a_delivered_engagement_cannot_be_withdrawn(client, alice):
    engagement = make_engagement("Done Deals", status=Engagement.DELIVERED, lead=alice)
    response = withdraw(client, alice, engagement)
    assert "can&#x27;t be withdrawn" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.DELIVERED


@pytest.mark.django_db
def test_reopening_returns_to_the_status_it_left_and_reopens_the_assessment(client, alice):
    engagement = make_submitted("Wavering Widgets", lead=alice)
    assessment = make_assessment_for(engagement)
    withdraw(client, alice, engagement)
    page = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert "Reopen (back to submitted)" in page
    response = client.post(reverse("engagement-reopen", args=[engagement.pk]), follow=True)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.SUBMITTED and engagement.withdrawn_from == ""
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.OPEN
    assert "Reopened: back to submitted" in response.content.decode()


@pytest.mark.django_db
def test_reopening_an_engagement_that_is_not_withdrawn_is_refused(client, alice):
    engagement = make_engagement("Steady State", lead=alice)
    client.force_login(alice)
    response = client.post(reverse("engagement-reopen", args=[engagement.pk]), follow=True)
    assert "Only a withdrawn engagement can be reopened" in response.content.decode()


@pytest.mark.django_db
def test_a_withdrawn_engagement_can_only_go_back_where_it_came_from(alice):
    engagement = make_engagement("Wavering Widgets", status=Engagement.IN_REVIEW, lead=alice)
    engagement.transition(Engagement.WITHDRAWN, role="consultant", actor=alice)
    assert engagement.available_transitions("lead") == [Engagement.IN_REVIEW]
    assert not engagement.can_transition(Engagement.REQUESTED, "consultant")


@pytest.mark.django_db
def test_the_bare_status_form_cannot_withdraw_or_reopen(client, alice):
    engagement = make_engagement("Wavering Widgets", lead=alice)
    client.force_login(alice)
    client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": Engagement.WITHDRAWN})
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Engagement.WITHDRAWN, Engagement.CLOSED])
def test_withdrawn_and_closed_engagements_offer_no_link_emails(
    client, alice, status, django_capture_on_commit_callbacks
):
    engagement = make_engagement("Quiet Quarry", status=status, lead=alice)
    client.force_login(alice)
    page = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    assert reverse("engagement-link-reissue", args=[engagement.pk]) not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("engagement-link-reissue", args=[engagement.pk]), follow=True)
    assert "no link was emailed" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_withdrawing_an_unknown_engagement_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get("/engagements/999999/withdraw/").status_code == 404
    assert client.post("/engagements/999999/reopen/").status_code == 404
