"""GDPR tools for a contact: an admin exports everything stored about them, or erases them."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Answer,
    AnswerRevision,
    Assessment,
    GoldenCase,
    ImmutableVersionError,
    Report,
    SampleFingerprints,
    SampleUpload,
    VersionStatus,
    WorkshopAttendee,
)
from assessments.reports import services
from assessments.reports.services import report_generate_now
from assessments.services.answers import answer_save
from assessments.services.golden_cases import golden_case_from_evaluation
from assessments.services.publishing import content_draft_from, content_publish
from assessments.tasks import report_generate_task
from discovery.engagements.selectors import engagements_due_for_nudge
from discovery.engagements.services.delivery import DeliveryRefused, can_deliver, report_deliver
from discovery.engagements.services.engagements import engagement_note_add
from discovery.engagements.services.outbox import outgoing_email_send
from discovery.models import ClientLink, Contact, Engagement, Organisation, OutgoingEmail, PrivacyAudit
from tests.answers import READY_CLIENT
from tests.assessments.sample_factories import analysed_sample
from tests.discovery.client_helpers import request_assessment

NAME, EMAIL, ROLE = "Lena Marsh", "lena.marsh@harbour.example", "Managing Editor"
PERSONAL = [NAME.lower(), "lena", "marsh", EMAIL, ROLE.lower()]


@pytest.fixture
def lena(alice, django_capture_on_commit_callbacks):
    """Lena asked online, answered (one free-text answer names her), was discussed in a note and
    a workshop, had an email refused by a mail server that quoted her address, and received a
    rendered, delivered report."""
    cache.clear()  # intake's rate limits are counted in the cache, shared by every test
    request_assessment(
        Client(),  # Lena's own browser: her session keeps the confirmation until she opens it
        django_capture_on_commit_callbacks,
        organisation="Harbour Press",
        industry="Publishing",
        name=NAME,
        email=EMAIL,
        role=ROLE,
        use_case="Lena Marsh wants replies drafted in her own voice.",
    )
    contact = Contact.objects.get(email=EMAIL)
    engagement = contact.engagements.get()
    Engagement.objects.filter(pk=engagement.pk).update(lead=alice)
    assessment = engagement.assessments.get()
    for slug, value in READY_CLIENT.items():
        answer_save(assessment=assessment, slug=slug, value=value, label=engagement.client_label)
    answer_save(
        assessment=assessment,
        slug="use_case_summary",
        value=f"Replies signed by {NAME} ({EMAIL}).",
        label=engagement.client_label,
    )
    Answer.objects.filter(assessment=assessment, question_slug="goals").update(
        note="Lena prefers a formal tone", disagreement_detail=f"{NAME} and the CTO disagree"
    )
    WorkshopAttendee.objects.create(assessment=assessment, name=NAME, role=ROLE)
    engagement_note_add(engagement=engagement, text=f"Called Lena Marsh <{EMAIL}> about the pilot", user=alice)
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.CLIENT_LINK,
        engagement=engagement,
        status=OutgoingEmail.FAILED,
        error=f"SMTPRecipientsRefused: {{'{EMAIL}': (550, b'mailbox unavailable')}}",
    )
    report = report_generate_now(assessment=assessment)
    assert report.status == Report.READY, report.error
    Report.objects.filter(pk=report.pk).update(narrative="Ms Marsh's team is ready.", delivered_at=timezone.now())
    return contact


def _dump() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().casefold()


def _erase(client, contact, typed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("contact-privacy-erase", args=[contact.pk]), {"confirm_email": typed})


# --- Export -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_holds_everything_stored_about_the_contact(client, ada, lena):
    client.force_login(ada)
    response = client.post(reverse("contact-privacy-export", args=[lena.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="contact-{lena.pk}-personal-data.json"'
    data = json.loads(response.content)
    assert (data["contact"]["name"], data["contact"]["email"], data["contact"]["role"]) == (NAME, EMAIL, ROLE)
    assert data["organisation"]["name"] == "Harbour Press"
    [engagement] = data["engagements"]
    assert engagement["requested_details"]["email"] == EMAIL
    assert "Lena Marsh wants replies" in engagement["use_case_description"]
    assert any(EMAIL in e["message"] for e in engagement["events"] if e["kind"] == "requested")
    assert any("Called Lena Marsh" in n["text"] for n in engagement["notes"])
    [assessment] = engagement["assessments"]
    summary = next(a for a in assessment["answers"] if a["question"] == "use_case_summary")
    assert (
        summary["value"].startswith("Replies signed by") and len(summary["revisions"]) == 3
    )  # intake's pre-filled use case, then two edits
    assert summary["revisions"][0]["changed_by"] == f"Client ({NAME})"
    assert assessment["workshop_attendees"] == [{"name": NAME, "role": ROLE}]
    [report] = assessment["reports"]
    assert report["verdict"] == "fine_tune" and report["has_pdf"] and report["delivered_at"]
    [link] = engagement["client_links"]
    assert set(link) == {"id", "created_at", "expires_at", "revoked_at", "last_used_at", "respondent"}


@pytest.mark.django_db
def test_the_export_never_contains_a_token_hash(client, ada, lena):
    client.force_login(ada)
    text = client.post(reverse("contact-privacy-export", args=[lena.pk])).content.decode()
    assert "token" not in text
    for token_hash in ClientLink.objects.values_list("token_hash", flat=True):
        assert token_hash not in text


@pytest.mark.django_db
def test_the_export_escapes_markup_the_client_typed(client, ada, lena):
    Engagement.objects.filter(contact=lena).update(use_case_description="<script>alert(1)</script> & co")
    client.force_login(ada)
    response = client.post(reverse("contact-privacy-export", args=[lena.pk]))
    assert b"<script>" not in response.content and b"\\u003cscript\\u003e" in response.content
    assert json.loads(response.content)["engagements"][0]["use_case_description"].startswith("<script>")


@pytest.mark.django_db
def test_an_export_is_audited_without_personal_data(client, ada, lena):
    client.force_login(ada)
    client.post(reverse("contact-privacy-export", args=[lena.pk]))
    audit = PrivacyAudit.objects.get()
    assert (audit.action, audit.contact_id, audit.actor) == (PrivacyAudit.EXPORT, lena.pk, ada)
    assert audit.summary == {"engagements": 1}


# --- Erasure ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_after_erasure_nothing_in_the_database_names_the_contact(client, ada, lena, django_capture_on_commit_callbacks):
    assert all(word in _dump() for word in PERSONAL)  # the world the test starts from
    client.force_login(ada)
    response = _erase(client, lena, EMAIL.upper(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    dump = _dump()
    for word in PERSONAL:
        assert word not in dump, word
    for session in Session.objects.all():
        assert EMAIL not in json.dumps(session.get_decoded())


@pytest.mark.django_db
def test_erasure_anonymises_the_contact_and_keeps_the_record_of_the_work(
    client, ada, lena, django_capture_on_commit_callbacks
):
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    lena.refresh_from_db()
    assert (lena.name, lena.email, lena.role) == (
        f"Erased contact {lena.pk}",
        f"erased-{lena.pk}@erased.invalid",
        "",
    )
    assert lena.erased_at and not lena.consent_to_contact
    engagement = lena.engagements.get()
    assert engagement.requested_details == {} and engagement.use_case_description == ""
    assert Organisation.objects.filter(name="Harbour Press").exists()
    answers = {a.question_slug: a for a in Answer.objects.filter(assessment__engagement=engagement)}
    assert answers["use_case_summary"].value == ""  # free text: blanked
    assert answers["goals"].value == ["style_voice"] and answers["examples_reviewed"].value is True
    assert answers["goals"].note == "[erased contact] prefers a formal tone"
    assert answers["goals"].updated_by_label == "Client (erased contact)"
    summaries = AnswerRevision.objects.filter(answer__question_slug="use_case_summary")
    assert set(summaries.values_list("new_value", flat=True)) == {""}
    assert engagement.notes.get().text == "Called [erased contact] <[erased contact]> about the pilot"
    assert engagement.events.filter(kind="contact_erased", actor=ada).exists()


@pytest.mark.django_db
def test_erasure_deletes_report_files_marks_versions_erased_and_revokes_links(
    client, ada, lena, settings, django_capture_on_commit_callbacks
):
    report = Report.objects.get(assessment__engagement__contact=lena)
    pdf = settings.MEDIA_ROOT / report.pdf.name
    docx = settings.MEDIA_ROOT / report.docx.name
    assert pdf.exists() and docx.exists()
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.erased_at and report.html == "" and not report.pdf and not pdf.exists()
    assert report.status == Report.ERASED
    assert not report.docx and not docx.exists()
    assert report.number == 1 and report.delivered_at and report.evaluation.verdict == "fine_tune"
    assert report.narrative == "Ms [erased contact]'s team is ready."
    assert not ClientLink.objects.usable().filter(engagement__contact=lena).exists()
    review = reverse("reports:review", args=[report.pk])
    for download in ("reports:pdf", "reports:docx"):  # an old bookmark: back to the page that says why
        response = client.get(reverse(download, args=[report.pk]), follow=True)
        assert response.redirect_chain == [(review, 302)]
        assert "files were deleted when the client&#x27;s personal data was erased" in response.content.decode()
    assert client.get(reverse("reports:html", args=[report.pk])).status_code == 404


@pytest.mark.django_db
def test_an_erased_version_shows_as_erased_on_the_review_and_engagement_pages(
    client, ada, lena, django_capture_on_commit_callbacks
):
    report = Report.objects.get(assessment__engagement__contact=lena)
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    review = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert 'report-status-erased">Erased</span>' in review and 'id="report-erased"' in review
    assert reverse("reports:pdf", args=[report.pk]) not in review  # no Download PDF
    assert reverse("reports:html", args=[report.pk]) not in review  # no frame to break
    assert "being rendered" not in review and "Ready" not in review
    engagement = client.get(reverse("engagement", args=[lena.engagements.get().pk])).content.decode()
    assert "Report v1: <span" in engagement and ">Erased</span>" in engagement and ">Ready</span>" not in engagement


@pytest.mark.django_db
def test_the_export_lists_uploaded_samples_by_what_was_kept_never_the_file(client, ada, lena):
    assessment = Assessment.objects.get(engagement__contact=lena)
    analysed_sample(assessment, unique=12, duplicates=0, name="lena-replies.jsonl")
    client.force_login(ada)
    data = json.loads(client.post(reverse("contact-privacy-export", args=[lena.pk])).content)
    uploads = data["engagements"][0]["assessments"][0]["uploaded_samples"]
    assert [(u["kind"], u["file_name"], u["findings"]["valid_examples"]) for u in uploads] == [
        ("training", "lena-replies.jsonl", 12)
    ]
    assert uploads[0]["file_deleted_at"]  # analysed, so the raw file is gone


@pytest.mark.django_db
def test_erasure_deletes_held_sample_files_and_fingerprints_and_keeps_the_counts(
    client, ada, lena, settings, django_capture_on_commit_callbacks
):
    settings.SAMPLE_RETENTION_DAYS = 5  # the raw file is still held when the erasure comes
    assessment = Assessment.objects.get(engagement__contact=lena)
    sample = analysed_sample(assessment, unique=20, duplicates=0, name="lena-marsh-replies.jsonl")
    SampleUpload.objects.filter(pk=sample.pk).update(uploaded_by_label=f"Client ({NAME})")
    held = settings.MEDIA_ROOT / sample.file.name
    assert held.exists() and SampleFingerprints.objects.filter(sample=sample).exists()
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    sample.refresh_from_db()
    assert not sample.file and not held.exists() and sample.file_deleted_at
    assert not SampleFingerprints.objects.filter(sample=sample).exists()
    assert "lena" not in sample.original_name.casefold() and "lena" not in sample.uploaded_by_label.casefold()
    assert sample.findings["valid_examples"] == 20  # what was measured stays


@pytest.mark.django_db
def test_an_erasure_is_audited_with_counts_only(client, ada, lena, django_capture_on_commit_callbacks):
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    audit = PrivacyAudit.objects.get(action=PrivacyAudit.ERASE)
    assert (audit.contact_id, audit.actor) == (lena.pk, ada)
    assert audit.summary == {
        "engagements": 1,
        "answers_blanked": 1,
        "reports_erased": 1,
        "golden_cases_scrubbed": 0,
        "links_revoked": 1,
        "sessions_ended": 1,  # her intake confirmation, not yet opened
    }
    page = client.get(reverse("contact-privacy", args=[lena.pk])).content.decode()
    assert "Erasure by Ada" in page and EMAIL not in page and "Erase this contact" not in page


@pytest.mark.django_db
def test_the_engagement_page_still_works_after_erasure_and_names_no_one(
    client, ada, lena, django_capture_on_commit_callbacks
):
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    page = client.get(reverse("engagement", args=[lena.engagements.get().pk]))
    assert page.status_code == 200
    assert all(word not in page.content.decode().casefold() for word in PERSONAL)


# --- Confirmation, bad input and permissions ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "someone@else.example", "lena.marsh@harbour", "²"])
def test_erasure_without_the_contacts_email_typed_erases_nothing(
    client, ada, lena, typed, django_capture_on_commit_callbacks
):
    client.force_login(ada)
    response = _erase(client, lena, typed, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    lena.refresh_from_db()
    assert (lena.name, lena.email, lena.erased_at) == (NAME, EMAIL, None)
    assert not PrivacyAudit.objects.exists()
    assert Report.objects.get(assessment__engagement__contact=lena).pdf


@pytest.mark.django_db
def test_a_second_erasure_is_refused(client, ada, lena, django_capture_on_commit_callbacks):
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    lena.refresh_from_db()
    response = _erase(client, lena, lena.email, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "erased already" in response.content.decode()
    assert PrivacyAudit.objects.filter(action=PrivacyAudit.ERASE).count() == 1


@pytest.mark.django_db
def test_consultants_and_people_without_a_role_cannot_export_or_erase(
    client, alice, charlie, lena, django_capture_on_commit_callbacks
):
    for person in (alice, charlie):
        client.force_login(person)
        assert client.get(reverse("contact-privacy", args=[lena.pk])).status_code == 403
        assert client.post(reverse("contact-privacy-export", args=[lena.pk])).status_code == 403
        assert _erase(client, lena, EMAIL, django_capture_on_commit_callbacks).status_code == 403
    client.logout()
    assert client.post(reverse("contact-privacy-export", args=[lena.pk])).status_code == 302  # to sign in
    lena.refresh_from_db()
    assert lena.erased_at is None and not PrivacyAudit.objects.exists()


@pytest.mark.django_db
def test_only_admins_see_the_personal_data_link_on_the_engagement_page(client, ada, alice, lena):
    url = reverse("engagement", args=[lena.engagements.get().pk])
    privacy = reverse("contact-privacy", args=[lena.pk])
    client.force_login(alice)
    assert privacy not in client.get(url).content.decode()
    client.force_login(ada)
    assert privacy in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_export_is_a_post_and_an_unknown_contact_is_not_found(client, ada, lena):
    client.force_login(ada)
    assert client.get(reverse("contact-privacy-export", args=[lena.pk])).status_code == 405
    assert not PrivacyAudit.objects.exists()
    assert client.get(reverse("contact-privacy", args=[99999999])).status_code == 404
    assert client.post(reverse("contact-privacy-export", args=[99999999])).status_code == 404
    assert client.get(reverse("contact-privacy", args=[lena.pk])).status_code == 200


# --- After erasure: access stays ended --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [OutgoingEmail.CLIENT_LINK, OutgoingEmail.CLIENT_NUDGE_FIRST])
def test_an_email_queued_before_erasure_issues_no_link_when_its_turn_comes(
    client, ada, lena, kind, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = Engagement.objects.get(contact=lena)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.REQUESTED)
    waiting = OutgoingEmail.objects.create(kind=kind, engagement=engagement)  # its message still on the broker
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    assert outgoing_email_send(email_id=waiting.pk, task_id="late") is False
    waiting.refresh_from_db()
    assert waiting.status == OutgoingEmail.NOT_NEEDED and mailoutbox == []
    assert not ClientLink.objects.usable().filter(engagement=engagement).exists()


@pytest.mark.django_db
def test_an_erased_version_is_never_delivered(client, ada, lena, django_capture_on_commit_callbacks):
    report = Report.objects.get(assessment__engagement__contact=lena)
    Report.objects.filter(pk=report.pk).update(delivered_at=None)
    Engagement.objects.filter(contact=lena).update(status=Engagement.IN_REVIEW)
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert not can_deliver(report=report, user=ada)
    with pytest.raises(DeliveryRefused, match="erased"):
        report_deliver(report=report, user=ada)
    assert not ClientLink.objects.usable().filter(engagement__contact=lena).exists()


@pytest.mark.django_db
def test_an_erased_contact_gets_no_link_by_reissue_or_reminder(client, ada, lena, django_capture_on_commit_callbacks):
    engagement = Engagement.objects.get(contact=lena)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.REQUESTED)
    engagement.assessments.update(status="open")
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("engagement-link-reissue", args=[engagement.pk]), follow=True)
    assert "personal data was erased: no link was emailed" in response.content.decode()
    assert not ClientLink.objects.usable().filter(engagement=engagement).exists()
    later = timezone.now() + timedelta(days=60)
    assert engagement not in engagements_due_for_nudge(now=later, second=False)


@pytest.mark.django_db
def test_a_version_queued_before_erasure_is_not_rendered_after_it(
    client, ada, lena, django_capture_on_commit_callbacks
):
    assessment = Engagement.objects.get(contact=lena).assessments.get()
    queued = Report.objects.create(assessment=assessment, number=2)
    client.force_login(ada)
    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    report_generate_task.apply(args=[queued.pk], throw=False)  # the worker reaches it after the erasure
    queued.refresh_from_db()
    assert queued.status == Report.ERASED and queued.error == ""  # erased, never failed or retried
    assert not queued.pdf and not queued.docx and queued.html == ""


@pytest.mark.django_db
def test_a_version_erased_while_it_renders_keeps_no_file(monkeypatch, alice, settings):
    from tests.assessments.reports.factories import make_assessment

    assessment = make_assessment("fine_tune", lead=alice)
    report = Report.objects.create(assessment=assessment, number=1, status=Report.GENERATING)
    real_pdf = services.html_to_pdf

    def pdf_then_erase(html):  # the erasure commits while the PDF is being made
        Report.objects.filter(pk=report.pk).update(erased_at=timezone.now())
        return real_pdf(html)

    monkeypatch.setattr(services, "html_to_pdf", pdf_then_erase)
    with pytest.raises(services.ReportErased):
        services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status != Report.READY and not report.pdf and not report.docx
    assert not list((settings.MEDIA_ROOT / "reports").rglob("*.*"))


# --- Golden cases copied from the engagement ------------------------------------------------------


@pytest.mark.django_db
def test_erasure_scrubs_the_clients_free_text_from_golden_cases_copied_from_the_engagement(
    client, ada, lena, django_capture_on_commit_callbacks
):
    report = Report.objects.get(assessment__engagement__contact=lena)
    case, _ = golden_case_from_evaluation(
        evaluation=report.evaluation, name="Harbour: brand voice", user=ada, create_draft=True
    )
    assert case.source_engagement_id == report.assessment.engagement_id  # traceable to the engagement
    published = case.criteria_set
    content_publish(version=published, user=ada, note="Pin a real engagement")
    later = content_draft_from(version=published, user=ada)  # the next draft copies the case, link included
    assert later.golden_cases.get(name=case.name).source_engagement_id == case.source_engagement_id
    client.force_login(ada)
    export = reverse("editor-export", args=["criteria", published.pk])
    assert NAME in client.get(export).content.decode()  # what the issue found: her words, published

    _erase(client, lena, EMAIL, django_capture_on_commit_callbacks)
    for version in (published, later):
        kept = version.golden_cases.get(name=case.name)
        assert kept.answers["use_case_summary"] == "[erased]"  # still answered, no longer hers
        assert kept.answers["goals"] == ["style_voice"] and kept.answers["examples_reviewed"] is True
        assert kept.expected_verdict == "fine_tune"  # the case pins down the same decision
        text = client.get(reverse("editor-export", args=["criteria", version.pk])).content.decode().casefold()
        assert all(word not in text for word in PERSONAL)
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED  # still the published version, still immutable otherwise
    panel = client.get(reverse("editor-golden", args=[later.pk])).content.decode()
    assert "✓ Passes:</strong> Harbour: brand voice" in panel
    dump = _dump()  # the cases' history included
    assert all(word not in dump for word in PERSONAL)
    assert PrivacyAudit.objects.get(action=PrivacyAudit.ERASE).summary["golden_cases_scrubbed"] == 2


@pytest.mark.django_db
def test_a_published_golden_case_still_refuses_every_other_change(lena, ada):
    report = Report.objects.get(assessment__engagement__contact=lena)
    case, _ = golden_case_from_evaluation(evaluation=report.evaluation, name="Harbour", user=ada, create_draft=True)
    content_publish(version=case.criteria_set, user=ada, note="Pin a real engagement")
    frozen = GoldenCase.objects.filter(pk=case.pk)
    with pytest.raises(ImmutableVersionError):
        frozen.update(expected_verdict="do_not_fine_tune")
    with pytest.raises(ImmutableVersionError):
        frozen.erase_client_text(expected_verdict="do_not_fine_tune")  # only the client's text can go
    assert GoldenCase.objects.get(pk=case.pk).expected_verdict == "fine_tune"
