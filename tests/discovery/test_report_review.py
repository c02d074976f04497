"""The architect's review page: the draft beside the answers, edits as new versions, the suggested team."""

import pytest
from django.urls import reverse

from assessments.models import Report
from assessments.reports.services import report_request
from assessments.services.answers import answer_save
from discovery.engagements.selectors import engineer_suggestions
from discovery.engagements.services.submission import assessment_submit
from discovery.models import ConsultantProfile
from discovery.workshop.services import workshop_answer_save, workshop_start
from tests.assessments.reports.factories import make_assessment

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_consultant_sees_the_draft_beside_the_answers(client, bob, ready_report):
    client.force_login(bob)
    response = client.get(reverse("reports:review", args=[ready_report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The client's answers" in body and "Draft replies to customer emails" in body
    assert client.get(reverse("reports:html", args=[ready_report.pk])).status_code == 200
    pdf = client.get(reverse("reports:pdf", args=[ready_report.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


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
    assert old.narrative == ready_report.narrative and old.html == ready_report.html
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
        ({"engineers": ["9" * 23]}, "One of the chosen engineers is no longer listed"),
        ({"engineers": ["9" * 19]}, "One of the chosen engineers is no longer listed"),
        ({"engineers": ["²"]}, "One of the chosen engineers is no longer listed"),
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


def test_each_suggested_engineer_shows_title_skills_match_and_load(client, bob, ready_report, django_user_model):
    user = django_user_model.objects.create_user(username="cal", first_name="Cal", last_name="Ng")
    ConsultantProfile.objects.create(user=user, title="ML Engineer", skills=["fine_tuning", "rag"], external_load=2)
    client.force_login(bob)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "Cal Ng, ML Engineer. Skills: Fine-tuning, Retrieval (RAG). Matching skills: 1; current load: 2" in page


def test_after_a_workshop_change_the_review_shows_who_set_each_answer_and_the_clients_original(
    client, alice, django_capture_on_commit_callbacks
):
    assessment = make_assessment("fine_tune", lead=alice, submitted=False)
    answer_save(assessment=assessment, slug="request_volume", value="high", label="Nora Client")
    engagement = assessment.engagement
    workshop_start(engagement=engagement, user=alice)
    workshop_answer_save(
        assessment=assessment,
        slug="request_volume",
        value="low",
        expected_revision=None,
        user=alice,
        note="Volume depends on the Q3 launch",
        confidence="unsure",
        stakeholders_disagree=True,
        disagreement_detail="Sales expects high, operations low",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, role="consultant", user=alice)
    report = Report.objects.get(assessment=assessment)
    client.force_login(alice)
    body = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    changed = body.split('id="answer-request_volume"', 1)[1].split("</dd>", 1)[0]
    assert "Set by Alice in a workshop" in changed
    assert "Changed in the workshop." in changed
    assert "The client's answer: Over 100,000 requests a day" in changed
    assert "Unsure" in changed and "Sales expects high, operations low" in changed
    assert "Volume depends on the Q3 launch" in changed
    untouched = body.split('id="answer-goals"', 1)[1].split("</dd>", 1)[0]
    assert "Changed in the workshop" not in untouched
    assert "Changed in the workshop</strong>" in Report.objects.get(pk=report.pk).html


def test_the_architect_chooses_to_include_the_points_of_disagreement(client, alice, ready_report):
    client.force_login(alice)
    form = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert 'name="include_disagreements"' in form
    client.post(reverse("reports:review", args=[ready_report.pk]), {"include_disagreements": "on"})
    new = Report.objects.get(assessment=ready_report.assessment, number=2)
    assert new.include_disagreements and not Report.objects.get(pk=ready_report.pk).include_disagreements
    form = client.get(reverse("reports:review", args=[new.pk])).content.decode()
    checkbox = form.split('name="include_disagreements"', 1)[1].split(">", 1)[0]
    assert "checked" in checkbox  # the next edit starts from this version's choice
