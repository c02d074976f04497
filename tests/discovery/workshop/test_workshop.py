import pytest
from django.urls import reverse

from assessments.models import Answer, AnswerRevision, Assessment, Question, Report, WorkshopAttendee
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.answers import StaleAnswer
from assessments.services.editing import criteria_set_retarget
from assessments.services.publishing import content_draft_from, content_publish
from discovery.engagements.services.submission import SubmissionRefused, assessment_submit
from discovery.models import Engagement
from discovery.workshop.services import workshop_answer_save, workshop_start
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement


@pytest.fixture
def workshop(alice):
    engagement = make_engagement(
        "Harbour Health", status=Engagement.WORKSHOP_SCHEDULED, source=Engagement.WORKSHOP, lead=alice
    )
    make_assessment_for(engagement)
    workshop_start(engagement=engagement, user=alice)
    return engagement


def answer_url(engagement, slug):
    return reverse("workshop-answer", args=[engagement.pk, slug])


@pytest.mark.django_db
def test_starting_the_workshop_moves_the_engagement_to_in_workshop(workshop):
    workshop.refresh_from_db()
    assert workshop.status == Engagement.IN_WORKSHOP


@pytest.mark.django_db
def test_every_change_is_kept_as_a_revision_with_who_and_old_and_new(client, workshop, alice, bob):
    client.force_login(alice)
    client.post(answer_url(workshop, "request_volume"), {"value": "low", "revision": "0"})
    client.force_login(bob)
    response = client.post(answer_url(workshop, "request_volume"), {"value": "high", "revision": "1"})
    html = response.content.decode()
    revisions = list(AnswerRevision.objects.filter(answer__question_slug="request_volume").order_by("revision"))
    assert [(r.old_value, r.new_value, r.changed_by) for r in revisions] == [(None, "low", alice), ("low", "high", bob)]
    assert "Changes to this answer (2)" in html and "Bob" in html
    assert 'id="rev-request_volume" name="revision" value="2"' in html


@pytest.mark.django_db
def test_annotations_are_saved_with_the_answer(client, workshop, alice):
    client.force_login(alice)
    client.post(
        answer_url(workshop, "curated_examples"),
        {
            "value": "under_100",
            "revision": "0",
            "note": "They may have more in the CRM",
            "confidence": "unsure",
            "disagree": "on",
            "disagreement_detail": "CTO says 500, product lead says 80",
        },
    )
    answer = Answer.objects.get(question_slug="curated_examples")
    assert answer.note == "They may have more in the CRM"
    assert answer.confidence == "unsure"
    assert answer.stakeholders_disagree and answer.disagreement_detail.startswith("CTO says 500")


@pytest.mark.django_db
def test_a_null_character_in_workshop_text_is_dropped_not_a_server_error(client, workshop, alice):
    client.force_login(alice)
    response = client.post(
        answer_url(workshop, "use_case_summary"),
        {
            "value": "Draft\x00 replies",
            "revision": "0",
            "note": "CRM\x00 export",
            "disagree": "on",
            "disagreement_detail": "a\x00b",
        },
    )
    assert response.status_code == 200
    answer = Answer.objects.get(question_slug="use_case_summary")
    assert (answer.value, answer.note, answer.disagreement_detail) == ("Draft replies", "CRM export", "ab")


@pytest.mark.django_db
def test_a_stale_save_is_refused_and_shows_the_other_persons_value(client, workshop, alice, bob):
    client.force_login(alice)
    client.post(answer_url(workshop, "request_volume"), {"value": "low", "revision": "0"})
    client.force_login(bob)  # Bob loaded the page before Alice's save
    html = client.post(answer_url(workshop, "request_volume"), {"value": "high", "revision": "0"}).content.decode()
    assert "Someone else changed this answer" in html
    assert "<strong>Under 1,000 requests a day</strong>" in html and "(<strong>Over 100,000 requests a day" in html
    assert "Keep theirs" in html and "Overwrite with mine" in html
    assert Answer.objects.get(question_slug="request_volume").value == "low"

    # Keep theirs: the question comes back with their value and the current revision.
    html = client.post(answer_url(workshop, "request_volume"), {"resolve": "keep_theirs"}).content.decode()
    assert 'value="low" id="v-request_volume-low" checked' in html
    assert 'name="revision" value="1"' in html

    # Overwrite with mine: sent with the revision the conflict showed.
    client.post(answer_url(workshop, "request_volume"), {"value": "high", "revision": "1"})
    assert Answer.objects.get(question_slug="request_volume").value == "high"


@pytest.mark.django_db
def test_the_service_raises_stale_answer_for_an_old_revision(workshop, alice, bob):
    assessment = workshop.assessments.get()
    workshop_answer_save(assessment=assessment, slug="request_volume", value="low", expected_revision=0, user=alice)
    with pytest.raises(StaleAnswer) as caught:
        workshop_answer_save(assessment=assessment, slug="request_volume", value="high", expected_revision=0, user=bob)
    assert caught.value.current.value == "low"


@pytest.mark.django_db
def test_a_bad_value_is_refused_with_a_message_and_the_old_answer_is_kept(client, workshop, alice):
    client.force_login(alice)
    client.post(answer_url(workshop, "request_volume"), {"value": "low", "revision": "0"})
    html = client.post(answer_url(workshop, "request_volume"), {"value": "gigantic", "revision": "1"}).content.decode()
    assert "text-danger" in html
    assert Answer.objects.get(question_slug="request_volume").value == "low"
    assert client.post(answer_url(workshop, "no_such_question"), {"value": "x"}).status_code == 404
    html = client.post(answer_url(workshop, "examples_reviewed"), {"value": "maybe", "revision": "0"}).content.decode()
    assert "text-danger" in html and not Answer.objects.filter(question_slug="examples_reviewed").exists()


@pytest.mark.django_db
def test_a_save_that_does_not_say_which_version_it_replaces_is_refused(client, workshop, alice, bob):
    client.force_login(alice)
    client.post(answer_url(workshop, "request_volume"), {"value": "low", "revision": "0"})
    client.force_login(bob)
    for revision in ({}, {"revision": ""}, {"revision": "abc"}):
        html = client.post(answer_url(workshop, "request_volume"), {"value": "high", **revision}).content.decode()
        assert "which version of the answer it replaces" in html
    answer = Answer.objects.get(question_slug="request_volume")
    assert (answer.value, answer.revision) == ("low", 1)


@pytest.mark.django_db
def test_the_verdict_panel_is_provisional_and_follows_the_answers(client, workshop, alice):
    assessment = workshop.assessments.get()
    answers = golden_answers("fine_tune") | {"goals": ["general_quality"]}  # no fit: do not fine-tune
    for slug, value in answers.items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    client.force_login(alice)
    html = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    assert "PROVISIONAL" in html and 'data-verdict="do_not_fine_tune"' in html
    assert ">Do not fine-tune</span>" in html
    panel = html.split('id="verdict-panel"', 1)[1].split("</section>", 1)[0]
    assert "do_not_fine_tune<" not in panel and "<code" not in panel  # the room reads labels, not slugs
    assert "becomes “Fine-tune now”" in html  # what would change it, in words
    html = client.post(answer_url(workshop, "goals"), {"value": ["style_voice"], "revision": "1"}).content.decode()
    assert '<div id="verdict-panel" hx-swap-oob="true"' in html
    assert 'data-verdict="fine_tune"' in html and ">Fine-tune now</span>" in html
    assert 'You need a consistent voice or house style <span class="text-body-secondary">(fits fine-tuning)' in html


@pytest.mark.django_db
def test_before_any_answer_the_panel_waits_instead_of_showing_a_verdict(client, workshop, alice):
    client.force_login(alice)
    html = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    assert "No answers yet." in html and 'data-verdict=""' in html
    html = client.post(answer_url(workshop, "goals"), {"value": ["style_voice"], "revision": "0"}).content.decode()
    assert "No answers yet." not in html and 'data-decided="false"' in html


@pytest.mark.django_db
def test_with_one_goal_ticked_the_panel_says_not_decided_yet_and_names_what_it_depends_on(client, workshop, alice):
    # Issue 23: one goal ticked used to read "Fine-tune now … nothing fine-tuning depends on is missing".
    client.force_login(alice)
    html = client.post(answer_url(workshop, "goals"), {"value": ["style_voice"], "revision": "0"}).content.decode()
    panel = html.split('id="verdict-panel"', 1)[1].split("</section>", 1)[0]
    assert ">Not decided yet</span>" in panel and 'data-verdict=""' in panel
    assert "Have you tried improving the instructions (prompts) you give the model?" in panel
    assert "settles it as “Do not fine-tune”" in panel and "can rule out “Fine-tune now”" in panel
    assert "Fine-tune now</span>" not in panel and "nothing fine-tuning depends on is missing" not in panel
    assert "What would change it" not in panel  # answer changes from a verdict that isn't one yet
    assert "You need a consistent voice or house style" in panel  # a criterion on a known answer


@pytest.mark.django_db
def test_a_verdict_no_open_answer_can_change_is_shown_before_the_form_is_complete(client, workshop, alice):
    client.force_login(alice)
    client.post(answer_url(workshop, "goals"), {"value": ["style_voice"], "revision": "0"})
    html = client.post(answer_url(workshop, "prompting_tried"), {"value": "not_tried", "revision": "0"}).content
    panel = html.decode().split('id="verdict-panel"', 1)[1].split("</section>", 1)[0]
    assert 'data-verdict="do_not_fine_tune" data-decided="true"' in panel
    assert "no answer to them changes the verdict" in panel
    assert "Better instructions have not been tried properly yet" in panel


@pytest.mark.django_db
def test_attendees_are_added_and_removed(client, workshop, alice):
    client.force_login(alice)
    url = reverse("workshop-attendees", args=[workshop.pk])
    client.post(url, {"name": "Dana Okafor", "role": "CTO"})
    client.post(url, {"name": ""})
    attendee = WorkshopAttendee.objects.get()
    assert str(attendee) == "Dana Okafor (CTO)"
    assert "Dana Okafor" in client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    client.post(url, {"remove": str(attendee.pk)})
    assert not WorkshopAttendee.objects.exists()


@pytest.mark.django_db
def test_ending_the_workshop_is_refused_while_required_questions_are_unanswered(workshop, alice):
    with pytest.raises(SubmissionRefused) as caught:
        assessment_submit(assessment=workshop.assessments.get(), role="consultant", user=alice)
    assert caught.value.problems
    workshop.refresh_from_db()
    assert workshop.status == Engagement.IN_WORKSHOP


@pytest.mark.django_db
def test_a_refused_end_says_how_many_questions_are_open_and_links_each_one(client, workshop, alice):
    assessment = workshop.assessments.get()
    answers = golden_answers("fine_tune")
    del answers["baseline_measured"]  # section 4, "Measuring quality"
    for slug, value in answers.items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    client.force_login(alice)
    response = client.post(reverse("workshop-end", args=[workshop.pk]))
    assert response.url == reverse("workshop", args=[workshop.pk]) + "?section=3#q-baseline_measured"
    html = client.get(response.url).content.decode()
    assert "The workshop can&#x27;t end yet: 1 required question is still unanswered" in html
    assert "1 required question still unanswered" in html
    assert '<a href="?section=3#q-baseline_measured">' in html
    workshop.refresh_from_db()
    assert workshop.status == Engagement.IN_WORKSHOP


@pytest.mark.django_db
def test_ending_the_workshop_submits_the_answers(client, workshop, alice, django_capture_on_commit_callbacks):
    assessment = workshop.assessments.get()
    for slug, value in golden_answers("fine_tune").items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshop-end", args=[workshop.pk]))
    assert response.url == reverse("engagement", args=[workshop.pk])
    workshop.refresh_from_db()
    assert workshop.status == Engagement.SUBMITTED
    assert Assessment.objects.get().status == Assessment.SUBMITTED
    assert Report.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
def test_ending_a_workshop_held_during_review_keeps_the_engagement_in_review_with_one_event(
    client, alice, django_capture_on_commit_callbacks
):
    engagement = make_engagement("Quay Logistics", status=Engagement.IN_REVIEW, lead=alice)
    assessment = make_assessment_for(engagement)
    for slug, value in golden_answers("fine_tune").items():
        Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    workshop_start(engagement=engagement, user=alice)
    before = engagement.events.count()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshop-end", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_REVIEW
    assert list(engagement.events.all()[before:].values_list("message", flat=True)) == [
        "Workshop ended; report requested"
    ]


@pytest.mark.django_db
def test_a_question_shown_only_for_some_answers_appears_when_they_are_given(client, workshop, alice):
    client.force_login(alice)
    page = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    assert 'id="q-knowledge_change_rate"' not in page
    response = client.post(answer_url(workshop, "goals"), {"value": ["new_knowledge"], "revision": "0"})
    assert response.headers.get("HX-Refresh") == "true"
    page = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    assert 'id="q-knowledge_change_rate"' in page
    response = client.post(answer_url(workshop, "request_volume"), {"value": "low", "revision": "0"})
    assert "HX-Refresh" not in response.headers


@pytest.mark.django_db
def test_answers_cannot_change_while_the_workshop_is_not_running(client, alice):
    engagement = make_engagement("Quiet Quarry", status=Engagement.SUBMITTED)
    make_assessment_for(engagement, {"request_volume": "low"})
    client.force_login(alice)
    page = client.get(reverse("workshop", args=[engagement.pk])).content.decode()
    assert "The workshop is not running" in page and "Start the workshop" in page
    html = client.post(answer_url(engagement, "request_volume"), {"value": "high", "revision": "1"}).content.decode()
    assert "start it from the engagement page" in html
    assert Answer.objects.get(question_slug="request_volume").value == "low"


@pytest.mark.django_db
def test_a_self_submitted_assessment_is_revisited_in_a_workshop_without_restarting_the_clock(
    client, alice, django_capture_on_commit_callbacks
):
    engagement = make_engagement("Revisit Retail", status=Engagement.REQUESTED)
    assessment = make_assessment_for(engagement, golden_answers("fine_tune") | {"goals": ["general_quality"]})
    engagement.transition(Engagement.SUBMITTED, role="client")
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.SUBMITTED)
    engagement.refresh_from_db()
    due = engagement.response_due_at
    client.force_login(alice)
    client.post(reverse("workshop-start", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.IN_WORKSHOP and engagement.first_response_at is not None
    client.post(answer_url(engagement, "goals"), {"value": ["style_voice"], "revision": "1"})
    assert Answer.objects.get(question_slug="goals").value == ["style_voice"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshop-end", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == Engagement.SUBMITTED and engagement.response_due_at == due
    assert Report.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
def test_a_stale_note_is_refused_with_theirs_shown_and_a_value_change_never_wipes_a_colleagues_note(
    client, workshop, alice, bob
):
    client.force_login(alice)
    page = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    loaded = page.split('id="ann-request_volume" name="annotations" value="')[1].split('"')[0]
    assert len(loaded) == 16
    client.force_login(bob)  # Bob, on a page loaded at the same time, writes a note first
    client.post(
        answer_url(workshop, "request_volume"),
        {"value": "", "revision": "0", "annotations": loaded, "note": "CTO expects 10x growth"},
    )
    assert Answer.objects.get(question_slug="request_volume").note == "CTO expects 10x growth"

    # Alice's page still carries the empty note: her answer would wipe Bob's note, so it is refused.
    client.force_login(alice)
    html = client.post(
        answer_url(workshop, "request_volume"), {"value": "low", "revision": "0", "annotations": loaded, "note": ""}
    ).content.decode()
    assert "Someone else changed the notes on this question" in html and "CTO expects 10x growth" in html
    assert "Keep theirs" in html and "Overwrite with mine" in html
    answer = Answer.objects.get(question_slug="request_volume")
    assert (answer.value, answer.note) == (None, "CTO expects 10x growth")

    # Keep theirs brings back Bob's note with the current signature; her answer then saves.
    html = client.post(answer_url(workshop, "request_volume"), {"resolve": "keep_theirs"}).content.decode()
    assert "CTO expects 10x growth</textarea>" in html
    fresh = html.split('name="annotations" value="')[1].split('"')[0]
    client.post(
        answer_url(workshop, "request_volume"),
        {"value": "low", "revision": "0", "annotations": fresh, "note": "CTO expects 10x growth"},
    )
    answer = Answer.objects.get(question_slug="request_volume")
    assert (answer.value, answer.note) == ("low", "CTO expects 10x growth")


@pytest.mark.django_db
def test_the_workshop_page_costs_the_same_queries_whether_its_questions_are_answered_or_not(
    client, workshop, alice, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = workshop.assessments.get()
    answers = golden_answers("fine_tune")
    # One answer outside the first section, whose questions are then all unanswered.
    Answer.objects.create(assessment=assessment, question_slug="baseline_measured", value=True, revision=1)
    client.force_login(alice)
    url = reverse("workshop", args=[workshop.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for slug, value in answers.items():
        if slug != "baseline_measured":
            Answer.objects.create(assessment=assessment, question_slug=slug, value=value, revision=1)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_a_workshop_shows_the_questionnaire_its_assessment_is_answered_in(client, workshop, alice, ada):
    # A newer questionnaire is published mid-engagement: this assessment keeps the version it
    # started on, as its saves and submission are checked against that one.
    draft = content_draft_from(version=published_questionnaire(), user=ada)
    Question.objects.filter(questionnaire=draft, slug="use_case_summary").update(prompt="Reworded in v3?")
    content_publish(version=draft, user=ada, note="Reword the first question")
    criteria = content_draft_from(version=published_criteria_set(), user=ada)
    criteria_set_retarget(criteria_set=criteria, questionnaire=draft)
    content_publish(version=criteria, user=ada, note="Criteria for the reworded questionnaire")
    assert published_criteria_set().questionnaire_id == draft.pk
    assessment = workshop.assessments.get()
    assert assessment.questionnaire.version == draft.version - 1
    client.force_login(alice)
    page = client.get(reverse("workshop", args=[workshop.pk])).content.decode()
    assert "Reworded in v3?" not in page
    assert Question.objects.get(questionnaire=assessment.questionnaire, slug="use_case_summary").prompt in page
