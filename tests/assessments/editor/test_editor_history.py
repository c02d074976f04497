"""The editor's History page: every version with its note, and each saved edit of a version."""

from django.urls import reverse

from assessments.models import CriteriaSet, VersionStatus
from assessments.selectors import published_criteria_set, published_questionnaire


def test_every_autosaved_edit_of_a_draft_is_listed_with_who_and_what(admin_client):
    admin_client.post(reverse("editor-new-draft", args=["criteria", published_criteria_set().pk]))
    draft = CriteriaSet.objects.get(status=VersionStatus.DRAFT)
    criterion = draft.criteria.get(slug="fit_style_voice")
    admin_client.post(
        reverse("editor-criterion", args=[draft.pk, criterion.pk]), {"condition": '"style_voice" in goals && true'}
    )
    admin_client.post(reverse("editor-criterion-add", args=[draft.pk]), {"kind": "advisory"})

    page = admin_client.get(reverse("editor-history", args=["criteria", draft.pk])).content.decode()

    changes = page[page.index("Changes to v4") :]
    assert "changed criterion <code>fit_style_voice</code>" in changes
    assert "<strong>condition</strong>: <del>&quot;style_voice&quot; in goals</del>" in changes
    assert "&quot;style_voice&quot; in goals &amp;&amp; true</ins>" in changes
    assert "created criterion <code>new_advisory</code>" in changes
    assert "created criteria set <code>v4</code>" in changes
    assert "Ada" in changes
    # The rows copied from v3 are summed up by "created criteria set v4", not listed one by one.
    assert changes.count("created criterion") == 1
    assert changes.index("new_advisory") < changes.index("changed criterion")  # newest first


def test_questionnaire_edits_are_listed_too(admin_client):
    admin_client.post(reverse("editor-new-draft", args=["questionnaires", published_questionnaire().pk]))
    draft = published_questionnaire().__class__.objects.get(status=VersionStatus.DRAFT)
    rate = draft.questions.get(slug="knowledge_change_rate")
    admin_client.post(reverse("editor-choice-add", args=[draft.pk, rate.pk]), {"value": "quarterly"})
    admin_client.post(reverse("editor-question", args=[draft.pk, rate.pk]), {"prompt": "How often?"})

    page = admin_client.get(reverse("editor-history", args=["questionnaires", draft.pk])).content.decode()

    assert "created choice <code>quarterly</code>" in page
    assert "changed question <code>knowledge_change_rate</code>" in page
    assert "<ins>How often?</ins>" in page
