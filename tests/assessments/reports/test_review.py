import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Report
from assessments.reports.selectors import delivered_report_for, engineer_suggestions
from assessments.services.reports import report_request
from discovery.models import ClientLink, ConsultantProfile, Engagement
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ready_report(alice):
    """A rendered first version for an engagement Alice leads."""
    assessment = make_assessment("fine_tune", lead=alice)
    assessment.engagement.contact = _contact(assessment.engagement)
    assessment.engagement.save()
    report = report_request(assessment=assessment)
    report.refresh_from_db()
    return report


def _contact(engagement):
    from discovery.models import Contact

    return Contact.objects.create(organisation=engagement.organisation, name="Nora Client", email="nora@acme.example")


def test_a_consultant_sees_the_draft_beside_the_answers(client, bob, ready_report):
    client.force_login(bob)
    response = client.get(reverse("reports:review", args=[ready_report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The client's answers" in body and "Draft replies to customer emails" in body
    assert client.get(reverse("reports:html", args=[ready_report.pk])).status_code == 200
    pdf = client.get(reverse("reports:pdf", args=[ready_report.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("name", ["reports:review", "reports:html", "reports:pdf"])
def test_people_without_the_consultant_role_are_refused(client, charlie, ready_report, name):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[ready_report.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, ready_report):
    response = client.get(reverse("reports:pdf", args=[ready_report.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_edit_creates_a_new_version_and_leaves_the_earlier_one_as_it_was(client, alice, ready_report):
    profile = ConsultantProfile.objects.create(user=alice, title="Architect", skills=["fine_tuning"])
    client.force_login(alice)
    response = client.post(
        reverse("reports:review", args=[ready_report.pk]),
        {
            "narrative": "We recommend starting in March.",
            "override_verdict": "not_yet",
            "override_justification": "Their examples need another review.",
            "engineers": [profile.pk],
        },
    )
    new = Report.objects.get(assessment=ready_report.assessment, number=2)
    assert response.status_code == 302 and response["Location"] == reverse("reports:review", args=[new.pk])
    assert new.status == Report.READY
    assert "We recommend starting in March." in new.html
    assert "Architect's judgement" in new.html and "Fine-tune now" in new.html and "Not yet" in new.html
    assert "Their examples need another review." in new.html
    assert list(new.proposed_engineers.all()) == [profile]
    old = Report.objects.get(pk=ready_report.pk)
    assert old.narrative == "" and old.html == ready_report.html
    assert client.get(reverse("reports:review", args=[old.pk])).status_code == 200


def test_an_override_without_a_justification_is_refused_and_nothing_is_created(client, alice, ready_report):
    client.force_login(alice)
    response = client.post(
        reverse("reports:review", args=[ready_report.pk]),
        {"narrative": "Draft", "override_verdict": "do_not_fine_tune", "override_justification": "  "},
    )
    assert response.status_code == 200
    assert "Explain why you differ" in response.content.decode()
    assert Report.objects.filter(assessment=ready_report.assessment).count() == 1


def test_the_lead_delivers_the_client_is_emailed_and_then_sees_only_that_version(client, alice, ready_report):
    client.force_login(alice)
    response = client.post(reverse("reports:deliver", args=[ready_report.pk]))
    assert response.status_code == 302
    ready_report.refresh_from_db()
    engagement = Engagement.objects.get(pk=ready_report.assessment.engagement_id)
    assert ready_report.is_delivered and ready_report.approved_by == alice
    assert engagement.status == Engagement.DELIVERED
    assert delivered_report_for(engagement) == ready_report
    assert [m.to for m in mail.outbox] == [["nora@acme.example"]]
    # A later edit is a new draft; the client still gets the delivered version only.
    client.post(reverse("reports:review", args=[ready_report.pk]), {"narrative": "A later thought"})
    assert delivered_report_for(engagement) == ready_report


def test_someone_who_is_neither_lead_nor_admin_cannot_deliver(client, bob, ready_report):
    client.force_login(bob)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered
    assert ready_report.assessment.engagement.status == Engagement.IN_REVIEW


def test_an_admin_may_deliver_any_engagement(client, ada, ready_report):
    client.force_login(ada)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert ready_report.is_delivered


def test_an_older_version_cannot_be_delivered(client, alice, ready_report):
    report_request(assessment=ready_report.assessment)
    client.force_login(alice)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered


def test_a_client_link_shows_no_report_until_one_is_delivered(client, alice, ready_report):
    engagement = ready_report.assessment.engagement
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    assert client.get(reverse("client-report")).status_code == 404
    staff = client.__class__()
    staff.force_login(alice)
    staff.post(reverse("reports:deliver", args=[ready_report.pk]))
    # Delivering reissued the links; open the newest one.
    _, token = ClientLink.issue(engagement)
    client.get(reverse("client-link", args=[token]))
    response = client.get(reverse("client-report"))
    assert response.status_code == 200 and "Fine-tune now" in response.content.decode()
    # A later draft (a new version with a narrative) stays with the consultants.
    staff.post(reverse("reports:review", args=[ready_report.pk]), {"narrative": "Internal draft thought"})
    assert Report.objects.filter(assessment=ready_report.assessment).count() == 2
    response = client.get(reverse("client-report"))
    assert "Internal draft thought" not in response.content.decode()
    assert response.content.decode() == Report.objects.get(pk=ready_report.pk).html


def test_suggestions_rank_by_skill_match_then_lowest_load(django_user_model):
    def person(name, skills, load):
        user = django_user_model.objects.create_user(username=name, first_name=name.title())
        return ConsultantProfile.objects.create(user=user, title="Engineer", skills=skills, external_load=load)

    busy_expert = person("bea", ["fine_tuning", "data_curation", "evaluation"], 5)
    free_expert = person("cal", ["fine_tuning", "data_curation", "evaluation"], 0)
    prompter = person("dee", ["prompt_engineering"], 0)
    make_assessment(lead=free_expert.user)  # an open engagement Cal leads: load 1
    ranked = [p for p, _, _ in engineer_suggestions(["fine_tuning"])]
    assert ranked == [free_expert, busy_expert, prompter]
    ranked = [p for p, _, _ in engineer_suggestions(["prompt_engineering"])]
    assert ranked[0] == prompter


def test_the_rendering_notice_polls_quietly_and_reloads_the_page_once_the_version_is_done(client, bob, ready_report):
    client.force_login(bob)
    url = reverse("reports:review", args=[ready_report.pk])
    Report.objects.filter(pk=ready_report.pk).update(status=Report.GENERATING)
    page = client.get(url).content.decode()
    assert "This version is being rendered" in page and 'hx-trigger="every 2s"' in page
    still = client.get(url, headers={"HX-Request": "true"})
    assert still.status_code == 204 and "HX-Refresh" not in still
    Report.objects.filter(pk=ready_report.pk).update(status=Report.READY)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_the_draft_may_be_framed_by_our_own_review_page_only(client, bob, ready_report):
    client.force_login(bob)
    draft = client.get(reverse("reports:html", args=[ready_report.pk]))
    assert "frame-ancestors 'self'" in draft["Content-Security-Policy"]
    assert draft["X-Frame-Options"] == "SAMEORIGIN"
    review = client.get(reverse("reports:review", args=[ready_report.pk]))
    assert "frame-ancestors 'none'" in review["Content-Security-Policy"]


def test_a_failed_version_shows_its_error_and_try_again_renders_it(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(status=Report.FAILED, error="ValueError: template broke")
    client.force_login(bob)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "ValueError: template broke" in page and "Try again" in page
    response = client.post(reverse("reports:retry", args=[ready_report.pk]))
    assert response.status_code == 302
    ready_report.refresh_from_db()
    assert ready_report.status == Report.READY and ready_report.error == ""


def test_regenerate_re_evaluates_into_a_new_version_that_keeps_the_architects_edits(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(narrative="Our view")
    client.force_login(bob)
    response = client.post(reverse("reports:regenerate", args=[ready_report.pk]))
    new = Report.objects.get(assessment=ready_report.assessment, number=2)
    assert response["Location"] == reverse("reports:review", args=[new.pk])
    assert new.status == Report.READY and new.evaluation_id != ready_report.evaluation_id
    assert "Our view" in new.html


def test_an_earlier_version_says_so_and_links_to_the_newest(client, bob, ready_report):
    newer = report_request(assessment=ready_report.assessment)
    client.force_login(bob)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "You are looking at an earlier version" in page
    assert reverse("reports:review", args=[newer.pk]) in page
    assert "earlier version" not in client.get(reverse("reports:review", args=[newer.pk])).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"engineers": ["999999"]}, "One of the chosen engineers is no longer listed"),
        ({"engineers": ["not-a-number"]}, "One of the chosen engineers is no longer listed"),
        ({"override_verdict": "maybe"}, "Select a valid choice"),
        ({"narrative": "x" * 10_001}, "at most 10000 characters"),
    ],
)
def test_bad_review_input_is_explained_and_creates_no_version(client, alice, ready_report, data, message):
    client.force_login(alice)
    response = client.post(reverse("reports:review", args=[ready_report.pk]), data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode() and message in response.content.decode()
    assert Report.objects.filter(assessment=ready_report.assessment).count() == 1


@pytest.mark.parametrize("name", ["reports:review", "reports:html", "reports:pdf", "reports:latest"])
def test_an_unknown_report_is_not_found(client, bob, name):
    client.force_login(bob)
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_a_draft_not_yet_rendered_has_no_html_or_pdf_to_show(client, bob, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(status=Report.QUEUED)
    client.force_login(bob)
    assert client.get(reverse("reports:html", args=[ready_report.pk])).status_code == 404
    assert client.get(reverse("reports:pdf", args=[ready_report.pk])).status_code == 404


def test_each_suggested_engineer_shows_title_skills_match_and_load(client, bob, ready_report, django_user_model):
    user = django_user_model.objects.create_user(username="cal", first_name="Cal", last_name="Ng")
    ConsultantProfile.objects.create(user=user, title="ML Engineer", skills=["fine_tuning", "rag"], external_load=2)
    client.force_login(bob)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "Cal Ng, ML Engineer. Skills: Fine-tuning, Retrieval (RAG). Matching skills: 1; current load: 2" in page


def test_a_delivered_version_refuses_any_later_change(client, alice, ready_report):
    from assessments.models.reports import ReportFrozen

    client.force_login(alice)
    client.post(reverse("reports:deliver", args=[ready_report.pk]))
    delivered = Report.objects.get(pk=ready_report.pk)
    delivered.narrative = "Changed after delivery"
    with pytest.raises(ReportFrozen):
        delivered.save()
    assert Report.objects.get(pk=ready_report.pk).narrative == ""


def test_try_again_on_a_version_that_did_not_fail_changes_nothing(client, bob, ready_report):
    client.force_login(bob)
    response = client.post(reverse("reports:retry", args=[ready_report.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()
    ready_report.refresh_from_db()
    assert ready_report.status == Report.READY and ready_report.attempts == 1


def test_delivery_waits_until_the_engagement_is_in_review_and_says_where_to_start_it(client, alice, ready_report):
    engagement = ready_report.assessment.engagement
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.SUBMITTED)
    client.force_login(alice)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "Delivery opens once it is in review" in page and reverse("engagement", args=[engagement.pk]) in page
    assert "Approve and deliver version 1" not in page
    response = client.post(reverse("reports:deliver", args=[ready_report.pk]), follow=True)
    assert "The engagement is submitted; start the review on the engagement page, then deliver." in (
        response.content.decode()
    )
    ready_report.refresh_from_db()
    assert not ready_report.is_delivered
