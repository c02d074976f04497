"""Consultants and respondents' disagreements: the side-by-side page, settling with a note, the
workshop showing open disagreements first, and inviting a client's colleague."""

import pytest

from assessments.models import Answer, Reconciliation, Respondent
from assessments.services.respondents import respondent_add, respondent_answers_save, respondent_lead
from discovery.models import ClientLink, Engagement, EngagementEvent, OutgoingEmail
from discovery.workshop.services import workshop_answer_save, workshop_start
from tests.answers import READY_CLIENT
from tests.discovery.engagement_factories import make_assessment_for, make_engagement

pytestmark = pytest.mark.django_db


def _disputed(status=Engagement.REQUESTED, lead=None):
    """Pat (lead) says 100–1,000 curated examples, Dana (data lead) says under 100."""
    engagement = make_engagement("Harbour Health", status=status, lead=lead)
    assessment = make_assessment_for(engagement, {k: v for k, v in READY_CLIENT.items() if k != "curated_examples"})
    pat = respondent_lead(assessment=assessment, name="Pat Product", role="product owner")
    dana = respondent_add(
        assessment=assessment, name="Dana Data", email="dana@h.example", role="data lead", invited_by_label="Pat"
    )
    respondent_answers_save(respondent=pat, values={"curated_examples": "100_to_1000"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"curated_examples": "under_100"}, label="Dana")
    return engagement, assessment


def test_the_disagreements_page_shows_each_side_with_the_verdict_it_gives(client, alice):
    engagement, _ = _disputed()
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/disagreements/").content.decode()
    assert "Pat Product (product owner)" in page and "Dana Data (data lead)" in page
    assert "Open — changes the verdict" in page
    assert "Not yet" in page and "Fine-tune" in page


def test_a_consultant_settles_a_disagreement_with_a_note_on_the_timeline(client, alice):
    engagement, assessment = _disputed()
    client.force_login(alice)
    response = client.post(
        f"/engagements/{engagement.pk}/disagreements/curated_examples/settle/",
        {"value": '"under_100"', "note": "Dana's count is from the repository."},
    )
    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment, question_slug="curated_examples").value == "under_100"
    assert Reconciliation.objects.get().settled_by == alice
    assert engagement.events.filter(kind=EngagementEvent.Kind.DISAGREEMENT_SETTLED).exists()


def test_settling_an_answer_nobody_gave_is_refused_with_a_message(client, alice):
    engagement, assessment = _disputed()
    client.force_login(alice)
    response = client.post(
        f"/engagements/{engagement.pk}/disagreements/curated_examples/settle/",
        {"value": '"over_1000"', "note": "x"},
        follow=True,
    )
    assert "Pick one of the respondents" in response.content.decode()
    assert not Reconciliation.objects.exists()


def test_the_workshop_shows_open_disagreements_before_the_questions(client, alice):
    engagement, assessment = _disputed(status=Engagement.WORKSHOP_SCHEDULED, lead=alice)
    workshop_start(engagement=engagement, user=alice)
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/workshop/").content.decode()
    assert 'id="disagreements"' in page
    assert page.index('id="disagreements"') < page.index('class="col-xl-8"')


def test_while_a_disagreement_that_matters_is_open_the_workshop_verdict_is_not_decided_yet(client, alice):
    engagement, assessment = _disputed(status=Engagement.WORKSHOP_SCHEDULED, lead=alice)
    workshop_start(engagement=engagement, user=alice)
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/workshop/").content.decode()
    assert 'data-decided="false"' in page and "Not decided yet" in page
    client.post(
        f"/engagements/{engagement.pk}/disagreements/curated_examples/settle/",
        {"value": '"under_100"', "note": "Dana's count is from the repository."},
    )
    page = client.get(f"/engagements/{engagement.pk}/workshop/").content.decode()
    assert 'data-verdict="not_yet" data-decided="true"' in page


def test_a_side_whose_verdict_hangs_on_another_open_disagreement_says_not_decided_yet(client, alice):
    engagement, assessment = _disputed()
    pat, dana = assessment.respondents.order_by("pk")
    respondent_answers_save(respondent=pat, values={"evaluation_method": "defined_metrics"}, label="Pat")
    respondent_answers_save(respondent=dana, values={"evaluation_method": "none"}, label="Dana")
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/disagreements/").content.decode()
    assert 'If they are right: <span class="verdict-name">Not decided yet</span>' in page
    assert 'If they are right: <span class="verdict-name">Not yet: prepare first</span>' in page


def test_a_consultant_invites_a_client_colleague_by_email(client, alice, django_capture_on_commit_callbacks):
    engagement, assessment = _disputed()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/engagements/{engagement.pk}/respondents/invite/",
            {"name": "Ola Ops", "email": "ola@h.example", "sections": ["operations"]},
        )
    assert response.status_code == 302
    ola = Respondent.objects.get(email="ola@h.example")
    assert ola.sections == ["operations"]
    assert OutgoingEmail.objects.get(respondent=ola).status == OutgoingEmail.SENT


def test_people_without_a_role_can_not_see_or_settle_disagreements(client, charlie):
    engagement, _ = _disputed()
    client.force_login(charlie)
    assert client.get(f"/engagements/{engagement.pk}/disagreements/").status_code in (302, 403)
    client.post(
        f"/engagements/{engagement.pk}/disagreements/curated_examples/settle/", {"value": '"under_100"', "note": "x"}
    )
    assert not Reconciliation.objects.exists()


def test_erasing_the_contact_takes_them_out_of_the_respondents_and_their_settlements(ada):
    from discovery.privacy.services import ERASED_LABEL, contact_erase

    engagement, assessment = _disputed()
    contact = engagement.contact
    lead = Respondent.objects.get(assessment=assessment, is_lead=True)
    lead.name, lead.email = contact.name, contact.email
    lead.save()
    respondent_answers_save(respondent=lead, values={"use_case_summary": f"Ask {contact.name}."}, label="x")
    Reconciliation.objects.create(
        assessment=assessment,
        question_slug="curated_examples",
        value="under_100",
        note=f"{contact.name} agreed.",
        positions={},
        settled_by_label=f"Client ({contact.name})",
    )
    contact_erase(contact=contact, user=ada, confirm_email=contact.email)
    lead.refresh_from_db()
    assert (lead.name, lead.email) == (ERASED_LABEL, "")
    assert lead.answers.get(question_slug="use_case_summary").value == ""
    settled = Reconciliation.objects.get()
    assert contact.name not in settled.note and contact.name not in settled.settled_by_label


def test_a_consultant_removes_a_colleague_on_the_respondents_page_and_the_timeline_says_so(client, alice):
    engagement, assessment = _disputed()
    dana = Respondent.objects.get(email="dana@h.example")
    link, _token = ClientLink.issue(engagement, respondent=dana)
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/disagreements/").content.decode()
    assert f"/engagements/{engagement.pk}/respondents/{dana.pk}/remove/" in page
    response = client.post(f"/engagements/{engagement.pk}/respondents/{dana.pk}/remove/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == alice
    assert Answer.objects.get(assessment=assessment, question_slug="curated_examples").value == "100_to_1000"
    page = client.get(f"/engagements/{engagement.pk}/disagreements/").content.decode()
    assert "their answers are kept as history and no longer count" in page
    assert 'id="disagreement-curated_examples"' not in page
    summary = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "1 respondent<" in summary or "1 respondent " in summary
    event = engagement.events.get(kind=EngagementEvent.Kind.RESPONDENT_REMOVED)
    assert event.actor == alice and event.data == {"respondent": dana.pk, "links_revoked": 1}


def test_removing_the_lead_respondent_or_after_the_client_answered_is_refused_with_a_message(client, alice):
    engagement, assessment = _disputed()
    lead = Respondent.objects.get(assessment=assessment, is_lead=True)
    client.force_login(alice)
    response = client.post(f"/engagements/{engagement.pk}/respondents/{lead.pk}/remove/", follow=True)
    assert "The lead respondent can&#x27;t be removed" in response.content.decode()
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.SUBMITTED)
    dana = Respondent.objects.get(email="dana@h.example")
    response = client.post(f"/engagements/{engagement.pk}/respondents/{dana.pk}/remove/", follow=True)
    assert "can be removed only while the client is answering" in response.content.decode()
    assert not Respondent.objects.filter(removed_at__isnull=False).exists()
    other, _ = _disputed()
    assert client.post(f"/engagements/{other.pk}/respondents/{dana.pk}/remove/").status_code == 404


def test_people_without_a_role_can_not_remove_a_colleague(client, charlie):
    engagement, _ = _disputed()
    dana = Respondent.objects.get(email="dana@h.example")
    client.force_login(charlie)
    client.post(f"/engagements/{engagement.pk}/respondents/{dana.pk}/remove/")
    dana.refresh_from_db()
    assert not dana.is_removed


def test_a_respondents_later_save_keeps_the_consultants_workshop_answer_and_shows_the_difference(client, alice):
    engagement, assessment = _disputed(status=Engagement.WORKSHOP_SCHEDULED, lead=alice)
    workshop_start(engagement=engagement, user=alice)
    current = Answer.objects.get(assessment=assessment, question_slug="request_volume")
    workshop_answer_save(
        assessment=assessment, slug="request_volume", value="high", expected_revision=current.revision, user=alice
    )
    # A save already in flight when the workshop began (or any later path that lets respondents
    # answer again) reaches the service after the consultant's change.
    dana = Respondent.objects.get(email="dana@h.example")
    respondent_answers_save(respondent=dana, values={"request_volume": "low"}, label="Dana")
    answer = Answer.objects.get(assessment=assessment, question_slug="request_volume")
    assert (answer.value, answer.set_in_workshop) == ("high", True)
    assert dana.answers.get(question_slug="request_volume").value == "low"  # hers, kept
    client.force_login(alice)
    page = client.get(f"/engagements/{engagement.pk}/disagreements/").content.decode()
    differences = page[page.index('id="workshop-differences"') :]
    assert "Dana Data (data lead) said:" in differences and "set by" in differences
    workshop = client.get(f"/engagements/{engagement.pk}/workshop/").content.decode()
    assert "1 answer set in the workshop" in workshop and "#workshop-differences" in workshop
