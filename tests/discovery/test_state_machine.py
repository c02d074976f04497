import itertools
from datetime import timedelta

import pytest

from discovery.engagements.services.engagements import engagement_role, engagement_transition
from discovery.models import Engagement, EngagementEvent, TransitionNotAllowed
from tests.discovery.engagement_factories import make_engagement, make_submitted

STATUSES = [value for value, _ in Engagement.STATUSES]
ROLES = ["client", "consultant", "lead", "system"]
ALLOWED = {
    ("requested", "submitted"): {"client", "consultant", "lead"},
    ("requested", "workshop_scheduled"): {"consultant", "lead"},
    ("requested", "in_workshop"): {"consultant", "lead"},
    ("requested", "withdrawn"): {"client", "consultant", "lead"},
    ("workshop_scheduled", "in_workshop"): {"consultant", "lead"},
    ("workshop_scheduled", "withdrawn"): {"consultant", "lead"},
    ("in_workshop", "submitted"): {"consultant", "lead"},
    # ("in_workshop", "in_review") only for a workshop held during review: see the history tests.
    ("in_workshop", "withdrawn"): {"consultant", "lead"},
    ("submitted", "in_review"): {"consultant", "lead"},
    ("submitted", "in_workshop"): {"consultant", "lead"},
    ("submitted", "withdrawn"): {"consultant", "lead"},
    ("in_review", "in_workshop"): {"consultant", "lead"},
    ("in_review", "delivered"): {"lead"},
    ("in_review", "withdrawn"): {"consultant", "lead"},
    ("delivered", "in_review"): {"lead"},
    ("delivered", "closed"): {"consultant", "lead"},
}
CASES = [
    (source, target, role, role in ALLOWED.get((source, target), set()))
    for source, target in itertools.product(STATUSES, STATUSES)
    if source != target
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "role", "allowed"), CASES)
def test_every_transition_is_allowed_or_refused_for_each_role_exactly_as_the_table_says(source, target, role, allowed):
    engagement = make_engagement(status=source)
    if allowed:
        engagement.transition(target, role=role)
        engagement.refresh_from_db()
        assert engagement.status == target
        event = EngagementEvent.objects.get(engagement=engagement, kind="status_changed")
        assert event.data == {"from": source, "to": target, "role": role}
    else:
        with pytest.raises(TransitionNotAllowed):
            engagement.transition(target, role=role)
        engagement.refresh_from_db()
        assert engagement.status == source
        assert not EngagementEvent.objects.filter(engagement=engagement).exists()


def _workshop_started_from(source: str) -> Engagement:
    engagement = make_submitted() if source != Engagement.REQUESTED else make_engagement()
    Engagement.objects.filter(pk=engagement.pk).update(status=source)
    engagement.refresh_from_db()
    engagement.transition(Engagement.IN_WORKSHOP, role="consultant")
    return engagement


@pytest.mark.django_db
@pytest.mark.parametrize("source", [Engagement.REQUESTED, Engagement.SUBMITTED])
def test_a_workshop_not_held_during_review_cannot_jump_to_review(source):
    engagement = _workshop_started_from(source)
    assert Engagement.IN_REVIEW not in engagement.available_transitions("lead")
    with pytest.raises(TransitionNotAllowed):
        engagement.transition(Engagement.IN_REVIEW, role="lead")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_WORKSHOP
    assert engagement.can_transition(Engagement.SUBMITTED, "consultant")


@pytest.mark.django_db
def test_a_workshop_held_during_review_goes_back_to_review_and_is_not_a_new_submission():
    engagement = _workshop_started_from(Engagement.IN_REVIEW)
    assert engagement.can_transition(Engagement.IN_REVIEW, "consultant")
    assert not engagement.can_transition(Engagement.SUBMITTED, "consultant")
    engagement.transition(Engagement.IN_REVIEW, role="consultant")
    assert engagement.status == Engagement.IN_REVIEW


@pytest.mark.django_db
def test_closed_is_final_and_withdrawn_only_leads_back_to_an_open_status():
    assert not [pair for pair in Engagement.TRANSITIONS if pair[0] == Engagement.CLOSED]
    back = {target for source, target in Engagement.TRANSITIONS if source == Engagement.WITHDRAWN}
    assert back == set(Engagement.OPEN_STATUSES)


@pytest.mark.django_db
@pytest.mark.parametrize("left", [s for s, t in ALLOWED if t == "withdrawn"])
def test_a_withdrawn_engagement_reopens_only_to_the_status_it_left(left):
    engagement = make_engagement(status=left)
    engagement.transition(Engagement.WITHDRAWN, role="consultant")
    for other in STATUSES:
        if other not in (left, Engagement.WITHDRAWN):
            assert not engagement.can_transition(other, "lead")
    assert not engagement.can_transition(left, "client")
    engagement.transition(left, role="consultant")
    engagement.refresh_from_db()
    assert engagement.status == left and engagement.withdrawn_from == ""


@pytest.mark.django_db
def test_the_lead_and_admins_deliver_but_another_consultant_cannot(alice, bob, ada):
    engagement = make_engagement(status=Engagement.IN_REVIEW, lead=alice)
    assert engagement_role(engagement=engagement, user=bob) == "consultant"
    with pytest.raises(TransitionNotAllowed):
        engagement_transition(engagement=engagement, target=Engagement.DELIVERED, user=bob)
    engagement_transition(engagement=engagement, target=Engagement.DELIVERED, user=alice)
    assert engagement.status == Engagement.DELIVERED and engagement.delivered_at is not None

    other = make_engagement("Borealis Bank", status=Engagement.IN_REVIEW, lead=alice)
    engagement_transition(engagement=other, target=Engagement.DELIVERED, user=ada)
    assert other.status == Engagement.DELIVERED


@pytest.mark.django_db
def test_submitting_starts_the_48_hour_clock(settings):
    settings.SLA_WORKING_DAYS = frozenset(range(1, 8))  # every day a working day: 48 plain hours
    engagement = make_engagement()
    engagement.transition(Engagement.SUBMITTED, role="client")
    assert engagement.response_due_at - engagement.submitted_at == timedelta(hours=settings.RESPONSE_SLA_HOURS)
    assert engagement.first_response_at is None


@pytest.mark.django_db
def test_the_first_consultant_action_on_a_submitted_engagement_is_the_first_response_and_is_kept(alice, bob):
    engagement = make_submitted()
    engagement_transition(engagement=engagement, target=Engagement.IN_REVIEW, user=alice)
    engagement.refresh_from_db()
    first = engagement.first_response_at
    assert first is not None
    engagement_transition(engagement=engagement, target=Engagement.IN_WORKSHOP, user=bob)
    engagement.refresh_from_db()
    assert engagement.first_response_at == first


@pytest.mark.django_db
def test_a_client_action_is_not_a_first_response():
    engagement = make_engagement()
    engagement.transition(Engagement.SUBMITTED, role="client")
    engagement.refresh_from_db()
    assert engagement.first_response_at is None


@pytest.mark.django_db
def test_a_status_change_made_from_a_stale_page_is_refused_and_the_colleagues_change_stands(alice, bob):
    engagement = make_submitted(lead=alice)
    alices_copy = Engagement.objects.get(pk=engagement.pk)
    bobs_copy = Engagement.objects.get(pk=engagement.pk)  # loaded before Alice's change
    engagement_transition(engagement=alices_copy, target=Engagement.IN_REVIEW, user=alice)
    with pytest.raises(TransitionNotAllowed, match="Someone else changed"):
        engagement_transition(engagement=bobs_copy, target=Engagement.WITHDRAWN, user=bob)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
    assert EngagementEvent.objects.filter(engagement=engagement, kind="status_changed").count() == 1


@pytest.mark.django_db
def test_a_status_change_leaves_fields_it_does_not_own_alone(alice, bob):
    engagement = make_submitted()
    stale = Engagement.objects.get(pk=engagement.pk)
    Engagement.objects.filter(pk=engagement.pk).update(lead=bob)  # assigned in another tab
    stale.transition(Engagement.IN_REVIEW, role="consultant", actor=alice)
    engagement.refresh_from_db()
    assert engagement.lead == bob and engagement.status == Engagement.IN_REVIEW
