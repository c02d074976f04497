"""A draft's lifecycle in the editor: one open draft per slug, discard with confirmation, logic
findings that block publishing until acknowledged, import and export of content files."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import content_changes, published_criteria_set, published_questionnaire
from assessments.services import editing
from assessments.services.publishing import content_draft_from

NEVER_SHOWN = 'knowledge_change_rate == "weekly_or_faster" && !("new_knowledge" in goals)'


@pytest.fixture
def never_shown(questionnaire_draft):
    """A draft whose request_volume is shown only when a hidden question has an answer: each
    condition is valid on its own, but together the question is never shown."""
    question = questionnaire_draft.questions.get(slug="request_volume")
    question.visible_when = NEVER_SHOWN
    question.save()
    return questionnaire_draft


def publish_url(version, kind="questionnaires"):
    return reverse("editor-publish", args=[kind, version.pk])


def test_new_draft_continues_the_open_draft_instead_of_making_a_second(admin_client, questionnaire_draft):
    response = admin_client.post(reverse("editor-new-draft", args=["questionnaires", published_questionnaire().pk]))
    assert response.url == reverse("editor-questionnaire", args=[questionnaire_draft.pk])
    assert Questionnaire.objects.filter(status=VersionStatus.DRAFT).count() == 1


def test_the_home_page_offers_continue_and_discard_not_a_second_new_draft(admin_client, questionnaire_draft):
    page = admin_client.get(reverse("editor-home")).content.decode()
    assert "Continue draft v3" in page
    assert reverse("editor-discard", args=["questionnaires", questionnaire_draft.pk]) in page
    # Only the criteria set's versions (v1, v2, and v3 the published default), which have no draft.
    assert page.count("New draft from") == CriteriaSet.objects.count() == 3


def test_discard_asks_for_confirmation_then_deletes_the_draft(admin_client, questionnaire_draft):
    url = reverse("editor-discard", args=["questionnaires", questionnaire_draft.pk])
    assert "This can't be undone" in admin_client.get(url).content.decode()
    assert Questionnaire.objects.filter(pk=questionnaire_draft.pk).exists()
    response = admin_client.post(url)
    assert response.url == reverse("editor-home")
    assert not Questionnaire.objects.filter(pk=questionnaire_draft.pk).exists()


def test_discarding_a_published_version_is_refused(admin_client):
    published = published_criteria_set()
    admin_client.post(reverse("editor-discard", args=["criteria", published.pk]))
    assert CriteriaSet.objects.get(pk=published.pk).status == VersionStatus.PUBLISHED


def test_a_never_shown_question_blocks_publishing_until_acknowledged(admin_client, never_shown, ada):
    page = admin_client.get(publish_url(never_shown)).content.decode()
    assert "request_volume is shown" in page and "disabled" in page
    response = admin_client.post(publish_url(never_shown), {"note": "Try anyway."})
    assert response.status_code == 400
    never_shown.refresh_from_db()
    assert never_shown.is_draft

    ack = reverse("editor-acknowledge", args=["questionnaires", never_shown.pk])
    admin_client.post(ack, {"finding": "never_shown:request_volume", "note": "Parked until the volume rework."})
    never_shown.refresh_from_db()
    assert "Parked until the volume rework. — ada" in never_shown.acknowledged_findings["never_shown:request_volume"]
    assert (
        "disabled"
        not in admin_client.get(publish_url(never_shown)).content.decode().split('<form method="post" class')[-1]
    )
    admin_client.post(publish_url(never_shown), {"note": "Volume question parked."})
    never_shown.refresh_from_db()
    assert never_shown.status == VersionStatus.PUBLISHED
    changed = [f.field for c in content_changes(never_shown) for f in c.fields]
    assert "acknowledged_findings" in changed  # the acknowledgement is kept in the history


def test_an_acknowledgement_needs_a_note_and_a_current_finding(admin_client, never_shown):
    ack = reverse("editor-acknowledge", args=["questionnaires", never_shown.pk])
    admin_client.post(ack, {"finding": "never_shown:request_volume", "note": "  "})
    admin_client.post(ack, {"finding": "never_shown:goals", "note": "Made up."})
    never_shown.refresh_from_db()
    assert never_shown.acknowledged_findings == {}


def test_a_refused_publish_without_a_note_keeps_the_button_enabled(admin_client, questionnaire_draft):
    response = admin_client.post(publish_url(questionnaire_draft), {"note": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write a change note" in page
    assert "disabled" not in page.split('<form method="post" class="card card-body">')[-1]


def test_the_default_content_has_no_blocking_logic_findings(db):
    assert published_questionnaire().logic_findings() == []
    assert published_criteria_set().logic_findings() == []


def test_export_downloads_the_content_document(admin_client):
    version = published_criteria_set()
    response = admin_client.get(reverse("editor-export", args=["criteria", version.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="fine-tuning-criteria.v3.json"'
    assert json.loads(response.content) == version.to_document()


def upload(document, name="content.json"):
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def test_import_makes_a_new_draft_from_an_exported_file(admin_client):
    document = published_questionnaire().to_document()
    response = admin_client.post(reverse("editor-import"), {"file": upload(document)})
    draft = Questionnaire.objects.get(status=VersionStatus.DRAFT)
    assert response.url == reverse("editor-questionnaire", args=[draft.pk])
    assert draft.version == 3  # after the shipped v1 and v2


def test_import_of_a_broken_file_lists_every_problem_and_stores_nothing(admin_client):
    document = published_criteria_set().to_document()
    document["criteria"][0]["condition"] = "curated_examples == true"
    document["criteria"][1]["condition"] = 'goals == "style_voice"'
    before = CriteriaSet.objects.count()
    response = admin_client.post(reverse("editor-import"), {"file": upload(document)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert "fit_style_voice" in page and "fit_structured_output" in page
    assert CriteriaSet.objects.count() == before


@pytest.mark.parametrize("body", [b"not json", b'{"format": "something-else"}', b"\xff\xfe"])
def test_import_refuses_what_is_not_a_content_file(admin_client, body):
    before = Questionnaire.objects.count()
    response = admin_client.post(reverse("editor-import"), {"file": upload(body)})
    assert response.status_code == 400
    assert Questionnaire.objects.count() == before


def test_import_refuses_a_second_draft_of_a_slug(admin_client, questionnaire_draft):
    response = admin_client.post(reverse("editor-import"), {"file": upload(questionnaire_draft.to_document())})
    assert "already has an open draft" in response.content.decode()


def test_a_policy_rule_reorder_appears_in_the_history(admin_client, ada):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    rule = draft.policy_rules.get(slug="prompting_not_tried")
    editing.policy_rule_move(rule=rule, up=True)
    moved = [c for c in content_changes(draft) if c.action == "moved"]
    assert {c.name for c in moved} == {"prompting_not_tried", "base_model_sufficient"}
    page = admin_client.get(reverse("editor-history", args=["criteria", draft.pk])).content.decode()
    assert "moved" in page and "ago" in page
