import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Report
from discovery.engagements.services.delivery import report_deliver
from discovery.engagements.services.submission import assessment_submit
from discovery.models import ClientLink, Engagement, EngagementEvent, InternalNote
from discovery.portal.services.intake import engagement_request
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement, make_submitted


def page(client, user, engagement):
    client.force_login(user)
    return client.get(reverse("engagement", args=[engagement.pk]))


@pytest.mark.django_db
def test_the_page_shows_organisation_contacts_timeline_assessments_reports_and_notes(client, alice):
    engagement = make_submitted("Harbour Health")
    EngagementEvent.objects.create(
        engagement=engagement, kind="requested", message="Requested online by Harbour Contact"
    )
    InternalNote.objects.create(engagement=engagement, author=alice, text="They already tried RAG.")
    assessment = make_assessment_for(engagement)
    report = Report.objects.create(assessment=assessment, number=1, status=Report.FAILED, error="timeout")
    html = page(client, alice, engagement).content.decode()
    for text in [
        "Harbour Health",
        "harbour@client.example",
        "Requested online by Harbour Contact",
        "They already tried RAG.",
        f"Assessment {assessment.pk}",
        "Report v1",
        "Failed",
    ]:
        assert text in html
    assert f'href="{reverse("reports:review", args=[report.pk])}"' in html


@pytest.mark.django_db
def test_the_timeline_tells_the_whole_story_from_request_to_delivery_with_who_and_when(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = engagement_request(
            organisation_name="Tidewater Travel",
            industry="Travel",
            contact_name="Tess Tide",
            email="tess@tidewater.example",
            role="COO",
            use_case="Answer booking questions",
            consent=True,
        )
    engagement = result.engagement
    assessment = engagement.assessments.get()
    for slug, value in golden_answers("fine_tune").items():
        assessment.answers.update_or_create(question_slug=slug, defaults={"value": value, "revision": 1})
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, role="client", user=None)
    client.force_login(alice)
    client.post(reverse("engagement-assign", args=[engagement.pk]), {"lead": "me"})
    client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": "in_review"})
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.READY
    Report.objects.filter(pk=report.pk).update(narrative="Fine-tune now.", no_engineers_reason="Your team does it.")
    with django_capture_on_commit_callbacks(execute=True):
        report_deliver(report=report, user=alice)

    html = client.get(reverse("engagement", args=[engagement.pk])).content.decode()
    timeline = html[html.index('id="timeline-title"') : html.index('id="notes-title"')]
    story = [
        "Requested online by Tess Tide",
        "Email sent: private link to the client",
        "Answers submitted by Client (Tess Tide)",
        "Report v1 generated",
        "Lead architect set to Alice",
        "Submitted → In review",
        "Report v1 delivered",
    ]
    positions = [timeline.index(line) for line in story]
    assert positions == sorted(positions), "the timeline is in the order things happened"
    assert timeline.count("by Alice") >= 3  # who assigned, reviewed and delivered
    # One line per email: the link on request and the one on delivery, nothing else about them.
    assert timeline.count("private link to the client") == 2 and "emailed" not in timeline


@pytest.mark.django_db
def test_a_report_that_failed_to_generate_shows_on_the_timeline(client, alice):
    engagement = make_submitted("Faulty Freight")
    Report.objects.create(assessment=make_assessment_for(engagement), number=1, status=Report.FAILED, error="boom")
    html = page(client, alice, engagement).content.decode()
    assert "Report v1 failed to generate" in html


@pytest.mark.django_db
def test_a_queued_report_polls_until_it_is_rendered_then_the_page_reloads(client, alice):
    engagement = make_submitted("Quay Logistics")
    report = Report.objects.create(assessment=make_assessment_for(engagement), number=1, status=Report.QUEUED)
    html = page(client, alice, engagement).content.decode()
    poll = reverse("reports:review", args=[report.pk])
    assert f'hx-get="{poll}" hx-trigger="every 2s" hx-swap="none">Queued<' in html
    assert client.get(poll, headers={"HX-Request": "true"}).status_code == 204
    Report.objects.filter(pk=report.pk).update(status=Report.READY)
    assert client.get(poll, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in page(client, alice, engagement).content.decode().split("Assessments and reports")[1]


@pytest.mark.django_db
def test_only_the_actions_allowed_now_are_offered(client, alice, bob):
    engagement = make_engagement(status=Engagement.IN_REVIEW, lead=alice)
    report = Report.objects.create(assessment=make_assessment_for(engagement), number=1, status=Report.READY)
    html = page(client, bob, engagement).content.decode()
    assert reverse("engagement-withdraw", args=[engagement.pk]) in html and 'value="in_workshop"' not in html
    assert "Review and deliver" not in html
    html = page(client, alice, engagement).content.decode()
    assert f'href="{reverse("reports:review", args=[report.pk])}">Review and deliver report v1' in html
    assert 'value="delivered"' not in html  # delivering happens on the report's review page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "target"),
    [
        (Engagement.REQUESTED, Engagement.SUBMITTED),
        (Engagement.IN_WORKSHOP, Engagement.SUBMITTED),
        (Engagement.IN_REVIEW, Engagement.DELIVERED),
        (Engagement.REQUESTED, Engagement.IN_WORKSHOP),
    ],
)
def test_moves_that_carry_more_than_a_status_are_not_bare_buttons(client, alice, status, target):
    engagement = make_engagement(status=status, lead=alice)
    assert f'name="target" value="{target}"' not in page(client, alice, engagement).content.decode()
    response = client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": target}, follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == status


@pytest.mark.django_db
def test_a_consultant_moves_the_engagement_and_the_timeline_says_who(client, alice):
    engagement = make_submitted()
    client.force_login(alice)
    client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": "in_review"})
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
    assert engagement.first_response_at is not None
    assert EngagementEvent.objects.get(engagement=engagement, kind="status_changed").actor == alice


@pytest.mark.django_db
def test_a_refused_transition_shows_why_and_changes_nothing(client, bob, alice):
    engagement = make_engagement(status=Engagement.IN_REVIEW, lead=alice)
    client.force_login(bob)
    response = client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": "closed"}, follow=True)
    assert "cannot move an engagement" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
    response = client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": "nonsense"}, follow=True)
    assert response.status_code == 200 and "Unknown status" in response.content.decode()


@pytest.mark.django_db
def test_adding_a_note_is_a_first_response_and_an_empty_note_is_refused(client, alice):
    engagement = make_submitted()
    client.force_login(alice)
    client.post(reverse("engagement-note", args=[engagement.pk]), {"text": "   "})
    assert not InternalNote.objects.exists()
    client.post(reverse("engagement-note", args=[engagement.pk]), {"text": "Call them Tuesday"})
    assert InternalNote.objects.get().author == alice
    engagement.refresh_from_db()
    assert engagement.first_response_at is not None


@pytest.mark.django_db
def test_revoking_and_reissuing_the_client_link(client, alice, django_capture_on_commit_callbacks):
    engagement = make_engagement()
    link, _ = ClientLink.issue(engagement)
    client.force_login(alice)
    client.post(reverse("engagement-link-revoke", args=[engagement.pk, link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == alice
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("engagement-link-reissue", args=[engagement.pk]))
    assert ClientLink.objects.usable().filter(engagement=engagement).count() == 1
    assert mail.outbox and mail.outbox[-1].to == [engagement.contact.email]


@pytest.mark.django_db
def test_a_missing_engagement_is_a_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("engagement", args=[9999])).status_code == 404


@pytest.mark.django_db
def test_a_deactivated_consultant_cannot_be_made_lead(client, alice, bob):
    engagement = make_engagement("Gone Fishing Ltd")
    bob.is_active = False
    bob.save()
    client.force_login(alice)
    response = client.post(reverse("engagement-assign", args=[engagement.pk]), {"lead": str(bob.pk)}, follow=True)
    assert "Choose a consultant to lead this engagement." in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.lead is None


@pytest.mark.django_db
def test_a_first_workshop_offers_no_start_review_and_a_forged_post_is_refused(client, alice):
    engagement = make_engagement(status=Engagement.WORKSHOP_SCHEDULED, lead=alice)
    engagement.transition(Engagement.IN_WORKSHOP, role="consultant")
    html = page(client, alice, engagement).content.decode()
    assert 'value="in_review"' not in html and "Start review" not in html
    response = client.post(reverse("engagement-transition", args=[engagement.pk]), {"target": "in_review"}, follow=True)
    assert "cannot move an engagement" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_WORKSHOP and engagement.submitted_at is None


@pytest.mark.django_db
def test_a_workshop_held_during_review_offers_back_to_review(client, alice):
    engagement = make_submitted(lead=alice)
    engagement.transition(Engagement.IN_REVIEW, role="lead")
    engagement.transition(Engagement.IN_WORKSHOP, role="lead")
    html = page(client, alice, engagement).content.decode()
    assert "Back to review" in html and "Start review" not in html
