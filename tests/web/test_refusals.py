"""One base class for refusals and one decorator that shows them: a message and a redirect for a
plain request, the refusal's status and message for htmx."""

import pytest
from django.contrib.messages import ERROR
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from assessments.editor.access import NotADraft
from assessments.models import ContentError
from assessments.services.answers import AnswerRejected, StaleAnswer
from assessments.services.editing import EditRefused
from assessments.services.golden_cases import NoOpenDraft
from assessments.services.publishing import DraftExists
from assessments.services.samples import SampleRefused
from discovery.engagements.services.delivery import DeliveryRefused
from discovery.engagements.services.engagements import AssignmentConflict, LeadChangeRefused, WithdrawRefused
from discovery.engagements.services.submission import SubmissionRefused
from discovery.models import Engagement, TransitionNotAllowed
from discovery.privacy.services import ErasureRefused
from discovery.team.services.members import TeamChangeRefused
from discovery.team.services.mfa import MfaCodeRefused
from discovery.workshop.services import StaleAnnotations
from tests.discovery.engagement_factories import make_engagement
from web.refusals import Refused, refusal_shown


class Conflict(Refused):
    status = 409


def _request(**headers):
    request = RequestFactory().post("/anything/", headers=headers)
    request._messages = CookieStorage(request)
    return request


def _refusing(exc):
    def view(request, pk, section_pk):
        raise exc

    return view


def test_a_plain_request_gets_the_message_and_goes_back_to_the_named_page():
    view = refusal_shown("editor-questionnaire", "pk", anchor="section-{section_pk}")(_refusing(Conflict("Not now.")))
    request = _request()

    response = view(request, pk=7, section_pk=3)

    assert response.status_code == 302
    assert response["Location"] == "/editor/questionnaires/7/#section-3"
    assert [(m.level, m.message) for m in request._messages] == [(ERROR, "Not now.")]


def test_an_htmx_request_gets_the_status_and_the_message_and_no_flash():
    request = _request(HX_Request="true")

    conflict = refusal_shown("editor-questionnaire", "pk")(_refusing(Conflict("Someone else changed it.")))(
        request, pk=7, section_pk=3
    )
    bad_input = refusal_shown("editor-questionnaire", "pk")(_refusing(Refused("Use a slug.")))(
        request, pk=7, section_pk=3
    )

    assert (conflict.status_code, conflict.content.decode()) == (409, "Someone else changed it.")
    assert (bad_input.status_code, bad_input.content.decode()) == (400, "Use a slug.")
    assert list(request._messages) == []


def test_anything_that_is_not_a_refusal_is_not_swallowed():
    view = refusal_shown("editor-questionnaire", "pk")(_refusing(ValueError("a bug")))
    with pytest.raises(ValueError, match="a bug"):
        view(_request(), pk=7, section_pk=3)


def test_a_view_that_is_not_refused_answers_as_it_would():
    def view(request, pk):
        return "its own response"

    assert refusal_shown("editor-questionnaire", "pk")(view)(_request(), pk=7) == "its own response"


USER_FACING = [
    # assessments
    AnswerRejected,
    ContentError,
    DraftExists,
    EditRefused,
    NoOpenDraft,
    NotADraft,
    SampleRefused,
    StaleAnswer,
    # discovery
    AssignmentConflict,
    DeliveryRefused,
    ErasureRefused,
    LeadChangeRefused,
    MfaCodeRefused,
    StaleAnnotations,
    SubmissionRefused,
    TeamChangeRefused,
    TransitionNotAllowed,
    WithdrawRefused,
]


@pytest.mark.parametrize("refusal", USER_FACING, ids=lambda cls: cls.__name__)
def test_every_user_facing_refusal_is_a_refused(refusal):
    assert issubclass(refusal, Refused)


CONFLICTS = {AssignmentConflict, DeliveryRefused, LeadChangeRefused, StaleAnnotations, StaleAnswer}
CONFLICTS |= {SubmissionRefused, TeamChangeRefused, TransitionNotAllowed}


@pytest.mark.parametrize("refusal", USER_FACING, ids=lambda cls: cls.__name__)
def test_a_conflict_with_the_current_state_is_409_and_bad_input_400(refusal):
    assert refusal.status == (409 if refusal in CONFLICTS else 400)


def test_edit_refused_is_still_a_value_error():
    # Callers that caught ValueError around an edit still do.
    assert issubclass(EditRefused, ValueError)


@pytest.mark.django_db
def test_a_real_view_shows_a_refused_transition_both_ways(client, alice, bob):
    engagement = make_engagement(status=Engagement.IN_REVIEW, lead=alice)
    client.force_login(bob)  # not the lead: closing is refused
    url = reverse("engagement-transition", args=[engagement.pk])

    plain = client.post(url, {"target": "closed"})
    assert plain.status_code == 302 and plain["Location"] == reverse("engagement", args=[engagement.pk])
    assert "cannot move an engagement" in client.get(plain["Location"]).content.decode()

    htmx = client.post(url, {"target": "closed"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 409 and "cannot move an engagement" in htmx.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
