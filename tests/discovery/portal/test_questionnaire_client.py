"""The client's questionnaire through their link: sections, autosave, visibility, review, submit."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import dateformat, timezone

from assessments.models import Answer, AnswerRevision, Assessment
from assessments.services.answers import AnswerRejected, answers_save
from discovery.models import Engagement
from tests.discovery.client_helpers import answer_everything, emailed_token, open_link, section_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(client, django_capture_on_commit_callbacks):
    return open_link(client, django_capture_on_commit_callbacks)


def answers(engagement) -> dict:
    return Assessment.objects.get(engagement=engagement).answer_values()


def test_a_section_page_shows_its_questions_help_and_progress(client, engagement):
    html = client.get("/my/questions/use_case/").content.decode()
    assert "Section 1 of 5" in html
    assert "<progress" in html and "1 of" in html  # the use case typed on the request counts
    assert "<fieldset" in html and "<legend" in html
    assert 'name="use_case_summary"' in html
    assert 'aria-live="polite"' in html
    assert "knowledge_change_rate" not in html  # shown only when new knowledge is a goal


def test_an_unknown_section_is_a_not_found(client, engagement):
    assert client.get("/my/questions/nonsense/").status_code == 404


def test_save_and_continue_stores_answers_and_moves_to_the_next_section(client, engagement):
    response = client.post("/my/questions/use_case/", section_post("use_case"))
    assert response["Location"] == "/my/questions/current_approach/"
    stored = answers(engagement)
    assert stored["goals"] == ["style_voice", "structured_output"]
    revision = AnswerRevision.objects.filter(answer__question_slug="goals").get()
    assert revision.changed_by_label == "Client (Nora North)"


def test_the_last_section_continues_to_review(client, engagement):
    assert client.post("/my/questions/operations/", section_post("operations"))["Location"] == "/my/review/"


def test_autosave_returns_no_content_when_the_page_does_not_change(client, engagement):
    first = client.post("/my/questions/use_case/autosave/", section_post("use_case"))
    # Neither save changes which questions show, so neither sends the section back.
    assert first.status_code == 204 and first["X-Autosave"] == "saved"
    assert answers(engagement)["request_volume"] == "high"
    again = client.post("/my/questions/use_case/autosave/", section_post("use_case", request_volume="low"))
    assert again.status_code == 204 and again["X-Autosave"] == "saved"
    assert again["X-Progress"] == "4/14"
    assert answers(engagement)["request_volume"] == "low"


def test_an_autosave_writes_only_the_answer_that_changed(client, engagement):
    client.post("/my/questions/use_case/autosave/", section_post("use_case", consistency_need=""))
    stored = {a.question_slug: a for a in Answer.objects.filter(assessment__engagement=engagement)}
    assert "consistency_need" not in stored  # an empty field the client never answered writes no row
    revisions = AnswerRevision.objects.count()
    client.post("/my/questions/use_case/autosave/", section_post("use_case", consistency_need="", request_volume="low"))
    after = {a.question_slug: a for a in Answer.objects.filter(assessment__engagement=engagement)}
    assert AnswerRevision.objects.count() == revisions + 1
    assert after["request_volume"].revision == stored["request_volume"].revision + 1
    for slug in ("use_case_summary", "goals"):
        assert (after[slug].revision, after[slug].updated_at) == (stored[slug].revision, stored[slug].updated_at)


def test_saving_one_changed_answer_takes_at_most_eight_queries(client, engagement, django_assert_max_num_queries):
    client.post("/my/questions/use_case/autosave/", section_post("use_case"))
    with django_assert_max_num_queries(8):
        response = client.post("/my/questions/use_case/autosave/", section_post("use_case", request_volume="low"))
    assert response.status_code == 204 and response["X-Progress"] == "4/14"


def test_choosing_new_knowledge_shows_the_change_rate_question_and_unchoosing_hides_it(client, engagement):
    url = "/my/questions/use_case/autosave/"
    shown = client.post(url, section_post("use_case", goals=["new_knowledge"]))
    assert shown.status_code == 200 and 'name="knowledge_change_rate"' in shown.content.decode()
    client.post(url, section_post("use_case", goals=["new_knowledge"], knowledge_change_rate="weekly_or_faster"))
    assert answers(engagement)["knowledge_change_rate"] == "weekly_or_faster"
    hidden = client.post(url, section_post("use_case", goals=["style_voice"], knowledge_change_rate="monthly"))
    assert hidden.status_code == 200 and 'name="knowledge_change_rate"' not in hidden.content.decode()
    # The answer to the now-hidden question was ignored, not overwritten.
    assert answers(engagement)["knowledge_change_rate"] == "weekly_or_faster"


def test_without_javascript_a_follow_up_question_that_appears_keeps_the_client_on_the_page(client, engagement):
    response = client.post("/my/questions/use_case/", section_post("use_case", goals=["new_knowledge"]))
    assert response["Location"] == "/my/questions/use_case/#q-knowledge_change_rate"
    page = client.get("/my/questions/use_case/").content.decode()
    assert "brought up another question" in page and 'name="knowledge_change_rate"' in page
    answered = section_post("use_case", goals=["new_knowledge"], knowledge_change_rate="monthly")
    assert client.post("/my/questions/use_case/", answered)["Location"] == "/my/questions/current_approach/"


def test_unticking_every_goal_clears_the_answer(client, engagement):
    client.post("/my/questions/use_case/", section_post("use_case"))
    data = section_post("use_case")
    del data["goals"]
    client.post("/my/questions/use_case/autosave/", data)
    assert "goals" not in answers(engagement)


def test_the_status_page_offers_to_continue_where_the_client_stopped(client, engagement):
    client.post("/my/questions/use_case/", section_post("use_case"))
    html = client.get("/my/").content.decode()
    assert 'href="/my/questions/current_approach/"' in html and "Continue" in html


def test_review_lists_every_answer_with_links_back_to_its_section(client, engagement):
    answer_everything(client)
    html = client.get("/my/review/").content.decode()
    assert "Write in our voice or house style" in html
    for section in ("use_case", "current_approach", "data", "evaluation", "operations"):
        assert f'href="/my/questions/{section}/"' in html


def test_review_says_not_decided_yet_and_lists_only_the_questions_it_depends_on(client, engagement):
    client.post("/my/questions/use_case/", section_post("use_case"))
    html = client.get("/my/review/").content.decode()
    box = html.split('id="not-decided"', 1)[1].split("</section>", 1)[0]
    assert "Not decided yet" in box
    assert 'href="/my/questions/current_approach/#q-prompting_tried"' in box
    assert "Fine-tune now" not in html and "Do not fine-tune" not in html  # no verdict, no tipping words
    answer_everything(client)
    assert 'id="not-decided"' not in client.get("/my/review/").content.decode()


def test_submit_is_refused_while_required_questions_are_open(client, engagement):
    client.post("/my/questions/use_case/", section_post("use_case"))
    response = client.post("/my/submit/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Before you can submit" in html and "an answer is required" in html
    assert 'href="/my/questions/data/#q-curated_examples"' in html
    assert "Not answered yet (required)" in client.get("/my/review/").content.decode()  # marked before submitting too
    engagement.refresh_from_db()
    assert engagement.status == Engagement.REQUESTED


def test_submit_freezes_answers_moves_the_engagement_and_tells_consultants(
    client, engagement, alice, settings, django_capture_on_commit_callbacks
):
    settings.CONSULTANTS_EMAIL = ["architects@discovery.example"]
    answer_everything(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/submit/")
    assert response["Location"] == "/my/"
    engagement.refresh_from_db()
    assessment = Assessment.objects.get(engagement=engagement)
    assert engagement.status == Engagement.SUBMITTED
    assert assessment.status == Assessment.SUBMITTED
    assert engagement.events.filter(kind="status_changed", data__role="client").exists()
    notice = next(m for m in mail.outbox if "alice@discovery.example" in m.to)
    assert set(notice.to) == {"alice@discovery.example", "architects@discovery.example"}
    assert "Northwind" in notice.subject
    assert f"/engagements/{engagement.pk}/" in notice.body
    assert engagement.response_due_at == Engagement.response_due_from(engagement.submitted_at)  # working days
    status = " ".join(client.get("/my/").content.decode().split())
    due = dateformat.format(timezone.localtime(engagement.response_due_at), "l j F Y, H:i")
    assert f"An architect will respond by <strong>{due}" in status


def test_the_status_page_owns_up_to_a_missed_deadline_and_shows_the_review(
    client, engagement, django_capture_on_commit_callbacks
):
    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/submit/")
    engagement.refresh_from_db()
    with time_machine.travel(engagement.response_due_at + timedelta(minutes=1), tick=False):
        client.get(f"/c/{emailed_token(engagement.contact.email)}/")  # back with the link two days later
        late = client.get("/my/").content.decode()
    assert "are running late" in late and "will respond by" not in late
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.IN_REVIEW)
    html = client.get("/my/").content.decode()
    assert "An architect is reviewing your answers" in html
    assert "will respond by" not in html  # the promise is kept; no stale deadline
    assert '<li class="status-step current" aria-current="step">In review</li>' in html
    assert "Your report is ready" not in html


def test_the_consultants_email_gives_the_deadline_in_local_time(
    client, engagement, alice, settings, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "Asia/Tokyo"  # far from UTC, so a UTC time in the subject would show
    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/submit/")
    engagement.refresh_from_db()
    due = timezone.localtime(engagement.response_due_at)
    notice = next(m for m in mail.outbox if "alice@discovery.example" in m.to)
    assert notice.subject.endswith(f"respond by {due:%a %d %b %H:%M} JST")
    assert dateformat.format(due, "l j F Y, H:i") in notice.body


def test_after_submit_the_answers_can_no_longer_be_changed(client, engagement, django_capture_on_commit_callbacks):
    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/submit/")
    autosave = client.post("/my/questions/use_case/autosave/", section_post("use_case", request_volume="low"))
    assert autosave.status_code == 409 and b"Your answers are submitted" in autosave.content
    page = client.post("/my/questions/use_case/", section_post("use_case", request_volume="low"))
    assert page["Location"] == "/my/"
    assert "Your answers are submitted, so they can no longer be changed" in client.get("/my/").content.decode()
    assert answers(engagement)["request_volume"] == "high"
    assert client.post("/my/submit/").status_code == 400


def test_the_client_status_never_shows_internal_notes_or_an_undelivered_report(
    client, engagement, alice, django_capture_on_commit_callbacks
):
    from assessments.models import Report
    from discovery.models import InternalNote

    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/submit/")
    InternalNote.objects.create(engagement=engagement, author=alice, text="Secret: budget looks thin")
    assessment = Assessment.objects.get(engagement=engagement)
    Report.objects.create(assessment=assessment, number=99, status=Report.READY, html="<p>UNREVIEWED VERDICT</p>")
    html = client.get("/my/").content.decode()
    assert "Secret" not in html and "UNREVIEWED" not in html
    assert client.get("/my/report/").status_code == 404
    assert client.get("/my/report.pdf").status_code == 404


def test_a_delivered_report_is_shown_with_its_pdf(client, engagement, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from assessments.models import Report

    answer_everything(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/submit/")
    assessment = Assessment.objects.get(engagement=engagement)
    report = Report.objects.create(
        assessment=assessment,
        number=99,
        status=Report.READY,
        html="<h2>Recommendation: RAG first</h2>",
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 test"))
    Report.objects.filter(pk=report.pk).update(delivered_at=timezone.now())  # delivered: frozen from here
    assert "Your report is ready" in client.get("/my/").content.decode()
    assert "Recommendation: RAG first" in client.get("/my/report/").content.decode()
    pdf = client.get("/my/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_once_a_consultant_runs_a_workshop_the_client_can_no_longer_edit(client, engagement):
    client.post("/my/questions/use_case/", section_post("use_case"))
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.IN_WORKSHOP)
    autosave = client.post("/my/questions/use_case/autosave/", section_post("use_case", request_volume="low"))
    assert autosave.status_code == 409 and b"in a workshop" in autosave.content
    assert client.post("/my/questions/use_case/", section_post("use_case", request_volume="low"))["Location"] == "/my/"
    assert answers(engagement)["request_volume"] == "high"
    assert "workshop" in client.get("/my/").content.decode()
    assert client.post("/my/submit/").status_code == 400


def test_a_save_that_arrives_after_the_submit_changes_nothing(client, engagement):
    # The view checked the assessment was open; it was submitted before the save took its lock.
    assessment = Assessment.objects.get(engagement=engagement)
    client.post("/my/questions/use_case/autosave/", section_post("use_case"))
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.SUBMITTED)
    with pytest.raises(AnswerRejected, match="submitted"):
        answers_save(assessment=assessment, values={"request_volume": "low"}, label="Client")
    assert answers(engagement)["request_volume"] == "high"
