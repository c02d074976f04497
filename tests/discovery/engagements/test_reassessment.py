"""Re-assessment over time: started from a delivered engagement with the answers carried over,
confirmed by saving, compared with the one before, and on the organisation's timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, Report
from assessments.reports.sections import report_source
from assessments.services.evaluation import assessment_evaluate
from discovery.engagements.services.respondents import ReassessmentRefused, reassessment_start
from discovery.models import ClientLink, Engagement, OutgoingEmail
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db


def _delivered(verdict="not_yet"):
    assessment = make_assessment(verdict, organisation="Harbour Health")
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=timezone.now() - timedelta(days=182))
    Engagement.objects.filter(pk=assessment.engagement_id).update(status=Engagement.DELIVERED)
    assessment.refresh_from_db()
    assessment_evaluate(assessment=assessment)
    return assessment


def test_a_reassessment_carries_every_answer_over_marked_with_the_previous_date(alice):
    previous = _delivered()
    new = reassessment_start(engagement=previous.engagement, user=alice)
    assessment = new.assessments.get()
    assert assessment.previous_id == previous.pk and new.organisation_id == previous.engagement.organisation_id
    assert new.status == Engagement.REQUESTED and new.lead == alice
    carried = {a.question_slug: a for a in assessment.answers.all()}
    assert {s: a.value for s, a in carried.items()} == previous.answer_values()
    assert {a.carried_over_from for a in carried.values()} == {previous.submitted_at}


def test_a_reassessment_is_refused_before_delivery(alice):
    assessment = make_assessment("not_yet", organisation="Not Yet Done")
    with pytest.raises(ReassessmentRefused):
        reassessment_start(engagement=assessment.engagement, user=alice)
    assert Engagement.objects.count() == 1


def test_saving_a_carried_over_answer_confirms_it_changed_or_not(alice, client, django_capture_on_commit_callbacks):
    previous = _delivered()
    Engagement.objects.filter(pk=previous.engagement_id).update(contact=None)
    new = reassessment_start(engagement=Engagement.objects.get(pk=previous.engagement_id), user=alice)
    _, token = ClientLink.issue(new)
    client.get(f"/c/{token}/")
    page = client.get("/my/questions/data/").content.decode()
    assert "Carried over from" in page
    data = {"curated_examples": "100_to_1000", "examples_reviewed": "yes", "training_data_rights": "yes"}
    client.post("/my/questions/data/", {**data, "present": list(data)})
    answers = {a.question_slug: a for a in Answer.objects.filter(assessment__engagement=new)}
    assert answers["curated_examples"].value == "100_to_1000" and answers["curated_examples"].carried_over_from is None
    assert answers["examples_reviewed"].carried_over_from is None  # saved unchanged: confirmed
    assert answers["goals"].carried_over_from is not None  # another section, not yet seen


def test_the_client_is_emailed_a_link_to_the_reassessment(alice, django_capture_on_commit_callbacks):
    previous = _delivered()
    from discovery.models import Contact

    contact = Contact.objects.create(organisation=previous.engagement.organisation, name="Hana", email="hana@h.example")
    Engagement.objects.filter(pk=previous.engagement_id).update(contact=contact)
    new = reassessment_start(engagement=Engagement.objects.get(pk=previous.engagement_id), user=alice)
    assert new.emails.filter(kind=OutgoingEmail.CLIENT_LINK).exists()


def test_the_comparison_page_shows_the_move_and_puts_it_down_to_the_client(alice, client):
    previous = _delivered("not_yet")
    new = reassessment_start(engagement=previous.engagement, user=alice)
    assessment = new.assessments.get()
    for slug, value in {"curated_examples": "over_1000", "goals": ["style_voice"]}.items():
        Answer.objects.filter(assessment=assessment, question_slug=slug).update(value=value)
    Answer.objects.filter(assessment=assessment, question_slug="knowledge_change_rate").delete()
    client.force_login(alice)
    organisation = new.organisation_id
    timeline = client.get(f"/organisations/{organisation}/").content.decode()
    assert timeline.count('class="card mb-2"') == 2 and "Not yet" in timeline
    page = client.get(f"/organisations/{organisation}/compare/?earlier={previous.pk}&later={assessment.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Not yet" in text and "Fine-tune" in text
    assert "The criteria were the same" in text
    assert "The client&#x27;s changes moved the verdict" in text or "The client's changes moved the verdict" in text
    assert "Over 1,000 curated examples" in text


def test_the_comparison_page_refuses_an_assessment_of_another_organisation(alice, client):
    previous = _delivered()
    other = make_assessment("fine_tune", organisation="Elsewhere Ltd")
    client.force_login(alice)
    url = f"/organisations/{previous.engagement.organisation_id}/compare/?earlier={previous.pk}&later={other.pk}"
    assert client.get(url).status_code == 404
    assert client.get(f"/organisations/{previous.engagement.organisation_id}/compare/?earlier=x").status_code == 404


def test_the_organisation_pages_are_for_consultants_only(charlie, client):
    previous = _delivered()
    client.force_login(charlie)
    assert client.get(f"/organisations/{previous.engagement.organisation_id}/").status_code in (302, 403)


def test_a_reassessments_report_says_what_changed_since_the_last_one(alice):
    previous = _delivered("not_yet")
    new = reassessment_start(engagement=previous.engagement, user=alice)
    assessment = new.assessments.get()
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(value="over_1000")
    Answer.objects.filter(assessment=assessment, question_slug="goals").update(value=["style_voice"])
    evaluation = assessment_evaluate(assessment=assessment)
    report = Report.objects.create(assessment=assessment, number=1, status=Report.READY, evaluation=evaluation)
    since = report_source(report).since_last
    assert (since["then"], since["now"]) == ("not_yet", "fine_tune")
    assert any(a["now"] == "Over 1,000 curated examples" for a in since["answers"])
    first = Report.objects.create(
        assessment=previous, number=1, status=Report.READY, evaluation=previous.evaluations.first()
    )
    assert report_source(first).since_last is None
