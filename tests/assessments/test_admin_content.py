"""The Django admin for content: admins only, drafts editable, invalid conditions refused, publish gate."""

import pytest
from django.urls import reverse

from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.publishing import content_draft_from

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:assessments_{name}", args=args)


def inline_post_data(client, url) -> dict:
    """The change form's current values, as a browser would submit them unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    for form in [
        response.context["adminform"].form,
        *[f for fs in response.context["inline_admin_formsets"] for f in [fs.formset]],
    ]:
        if hasattr(form, "management_form"):
            for field in form.management_form:
                data[f"{form.prefix}-{field.name}"] = field.value()
            for sub in form.forms:
                for field in sub:
                    value = field.value()
                    if value is None or value is False:
                        continue
                    data[field.html_name] = "on" if value is True else value
                    if field.field.show_hidden_initial:  # fields with callable defaults (JSON)
                        data[field.html_initial_name] = value
        else:
            for field in form:
                if field.value() is not None:
                    data[field.html_name] = field.value()
    return data


def test_consultants_and_people_without_a_role_cannot_reach_the_admin(client, alice, charlie, django_user_model):
    alice.is_staff = True
    alice.save()
    for person in (alice, charlie):
        client.force_login(person)
        for url in (reverse("admin:index"), admin_url("criteriaset_changelist")):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert "/admin/login/" in response.headers.get("Location", "/admin/login/")


def test_admins_see_both_content_types(client, ada):
    client.force_login(ada)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert admin_url("questionnaire_changelist") in response.text
    assert admin_url("criteriaset_changelist") in response.text


def test_a_published_criteria_set_opens_read_only(client, ada):
    client.force_login(ada)
    published = published_criteria_set()
    response = client.get(admin_url("criteriaset_change", published.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.text
    assert "Create new draft from this version" in response.text
    response = client.post(admin_url("criteriaset_change", published.pk), {"title": "Changed"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title != "Changed"


def test_the_new_draft_button_copies_the_version_and_opens_the_draft(client, ada):
    client.force_login(ada)
    response = client.post(admin_url("criteriaset_new_draft", published_criteria_set().pk))
    draft = CriteriaSet.objects.get(slug="fine-tuning-criteria", version=4)
    assert response.status_code == 302 and response["Location"] == admin_url("criteriaset_change", draft.pk)
    assert draft.status == VersionStatus.DRAFT and draft.criteria.count() == published_criteria_set().criteria.count()


def test_the_new_draft_action_works_from_the_list(client, ada):
    client.force_login(ada)
    client.post(
        admin_url("questionnaire_changelist"),
        {"action": "create_draft_action", "_selected_action": [published_questionnaire().pk]},
    )
    assert Questionnaire.objects.filter(slug="fine-tuning-readiness", version=3, status="draft").exists()


def test_the_new_draft_action_with_a_draft_already_open_says_so_instead_of_failing(client, ada):
    client.force_login(ada)
    action = {"action": "create_draft_action", "_selected_action": [published_questionnaire().pk]}
    client.post(admin_url("questionnaire_changelist"), action)
    response = client.post(admin_url("questionnaire_changelist"), action, follow=True)
    assert response.status_code == 200
    assert "draft" in " ".join(str(m) for m in response.context["messages"]).lower()
    assert Questionnaire.objects.filter(slug="fine-tuning-readiness", status="draft").count() == 1


def test_editing_a_draft_condition_saves_when_valid(client, ada, criteria_draft):
    client.force_login(ada)
    url = admin_url("criteriaset_change", criteria_draft.pk)
    data = inline_post_data(client, url)
    key = next(k for k, v in data.items() if k.endswith("-slug") and v == "weak_evaluation")
    data[key.replace("-slug", "-condition")] = 'evaluation_method in ["spot_checks", "none"]'
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert (
        criteria_draft.criteria.get(slug="weak_evaluation").condition == 'evaluation_method in ["spot_checks", "none"]'
    )


def test_an_invalid_condition_is_shown_on_its_field_and_not_saved(client, ada, criteria_draft):
    client.force_login(ada)
    url = admin_url("criteriaset_change", criteria_draft.pk)
    data = inline_post_data(client, url)
    key = next(k for k, v in data.items() if k.endswith("-slug") and v == "weak_evaluation")
    data[key.replace("-slug", "-condition")] = 'evaluation_method == "vibes"'
    response = client.post(url, data)
    assert response.status_code == 200
    assert "&#x27;vibes&#x27; is not a value of evaluation_method" in response.text
    assert criteria_draft.criteria.get(slug="weak_evaluation").condition == 'evaluation_method == "spot_checks"'


def test_publishing_from_the_admin_needs_a_note_and_retires_the_old_version(client, ada, criteria_draft):
    client.force_login(ada)
    url = admin_url("criteriaset_publish", criteria_draft.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "  "})
    assert response.status_code == 200 and "Say what changed and why." in response.text
    response = client.post(url, {"note": "Clearer wording for clients."})
    assert response.status_code == 302
    criteria_draft.refresh_from_db()
    assert (
        criteria_draft.status == VersionStatus.PUBLISHED
        and criteria_draft.change_note == "Clearer wording for clients."
    )
    previous = CriteriaSet.objects.get(slug=criteria_draft.slug, version=criteria_draft.version - 1)
    assert previous.status == VersionStatus.RETIRED


def test_publishing_from_the_admin_is_refused_for_invalid_conditions(client, ada, criteria_draft):
    # A row saved before the questionnaire it reads changed: only the publish check can catch it.
    criteria_draft.criteria.filter(slug="no_baseline").update(condition="measured_baseline == false")
    client.force_login(ada)
    url = admin_url("criteriaset_publish", criteria_draft.pk)
    assert "Unknown name &#x27;measured_baseline&#x27;" in client.get(url).text
    response = client.post(url, {"note": "Try anyway"})
    assert response.status_code == 200
    assert "This version can't be published yet" in response.text
    criteria_draft.refresh_from_db()
    assert criteria_draft.status == VersionStatus.DRAFT
    assert published_criteria_set().version == 3  # the shipped default


def test_publishing_from_the_admin_is_refused_when_a_golden_case_fails(client, ada, criteria_draft):
    case = criteria_draft.golden_cases.first()
    criteria_draft.golden_cases.filter(pk=case.pk).update(
        expected_verdict="do_not_fine_tune" if case.expected_verdict == "fine_tune" else "fine_tune"
    )
    client.force_login(ada)
    response = client.post(admin_url("criteriaset_publish", criteria_draft.pk), {"note": "Try anyway"})
    assert response.status_code == 200 and "golden case" in response.text
    assert published_criteria_set().version == 3  # the shipped default


def test_consultants_cannot_publish_or_make_drafts(client, alice, criteria_draft):
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    assert client.post(admin_url("criteriaset_publish", criteria_draft.pk), {"note": "x"}).status_code == 302
    assert client.post(admin_url("criteriaset_new_draft", criteria_draft.pk)).status_code == 302
    criteria_draft.refresh_from_db()
    assert criteria_draft.status == VersionStatus.DRAFT
    assert CriteriaSet.objects.count() == 4  # v1, v2, the published default v3 and the draft


def test_question_choices_are_edited_on_the_question_page_of_a_draft(client, ada):
    questionnaire = content_draft_from(version=published_questionnaire(), user=ada)
    question = questionnaire.questions.get(slug="target_timeline")
    client.force_login(ada)
    url = admin_url("question_change", question.pk)
    data = inline_post_data(client, url)
    prefix = "choices"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-{total}-value": "over_a_year",
            f"{prefix}-{total}-label": "Over a year",
            f"{prefix}-{total}-order": "9",
        }
    )
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(question.choices.values_list("value", flat=True))[-1] == "over_a_year"
    published_question = published_questionnaire().questions.get(slug="target_timeline")
    assert not client.get(admin_url("question_change", published_question.pk)).context["has_change_permission"]


def test_every_change_is_in_the_history(client, ada, criteria_draft):
    client.force_login(ada)
    client.post(admin_url("criteriaset_publish", criteria_draft.pk), {"note": "Audit me"})
    response = client.get(admin_url("criteriaset_history", criteria_draft.pk))
    assert response.status_code == 200
    assert criteria_draft.history.filter(status="published", history_user=ada).exists()


def test_the_history_page_lists_changes_to_the_rows_of_a_version(client, ada, criteria_draft):
    client.force_login(ada)
    url = admin_url("criteriaset_change", criteria_draft.pk)
    data = inline_post_data(client, url)
    key = next(k for k, v in data.items() if k.endswith("-slug") and v == "no_baseline")
    data[key.replace("-slug", "-condition")] = "baseline_measured != true"
    assert client.post(url, data).status_code == 302
    response = client.get(admin_url("criteriaset_history", criteria_draft.pk))
    changes = response.context["part_changes"]
    assert (changes[0].part, changes[0].name) == ("criterion", "no_baseline")
    assert changes[0].user == ada and changes[0].action == "changed"
    assert [f.field for f in changes[0].fields] == ["condition"]
    assert "criterion no_baseline" in response.text and "<td>Changed</td>" in response.text
    # The same records the editor's History page reads, the version's own lines left to the table above.
    assert all(c.part != "criteria set" for c in changes)


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_criteria_set_post(condition: str) -> dict:
    return {
        "slug": "house-criteria",
        "title": "Our own criteria",
        "questionnaire": str(published_questionnaire().pk),
        **management("criteria", 1),
        **management("policy_rules", 1),
        **management("golden_cases", 0),
        "criteria-0-order": "0",
        "criteria-0-slug": "wants_voice",
        "criteria-0-kind": "fit",
        "criteria-0-title": "Wants a voice",
        "criteria-0-condition": condition,
        "criteria-0-rationale": "Voice is a fine-tuning strength.",
        "criteria-0-next_step_owner": "client",  # the select's default, as a browser posts it
        "policy_rules-0-order": "0",
        "policy_rules-0-slug": "otherwise",
        "policy_rules-0-condition": "true",
        "policy_rules-0-verdict": "not_yet",
    }


def test_a_new_criteria_set_with_an_invalid_condition_is_not_saved(client, ada):
    client.force_login(ada)
    response = client.post(admin_url("criteriaset_add"), new_criteria_set_post('"style_voice" in goal'))
    assert response.status_code == 200
    assert "Unknown name &#x27;goal&#x27; at line 1, column 18" in response.text
    assert not CriteriaSet.objects.filter(slug="house-criteria").exists()


def test_a_new_criteria_set_is_created_as_draft_version_1(client, ada):
    client.force_login(ada)
    response = client.post(admin_url("criteriaset_add"), new_criteria_set_post('"style_voice" in goals'))
    assert response.status_code == 302
    created = CriteriaSet.objects.get(slug="house-criteria")
    assert (created.version, created.status, created.created_by) == (1, VersionStatus.DRAFT, ada)
    assert created.criteria.get().condition == '"style_voice" in goals'


def test_a_draft_is_deleted_from_its_own_page_and_bulk_delete_is_not_offered(client, ada, criteria_draft):
    client.force_login(ada)
    response = client.get(admin_url("criteriaset_changelist"))
    assert "delete_selected" not in response.text
    assert client.get(admin_url("criteriaset_delete", published_criteria_set().pk)).status_code == 403
    response = client.post(admin_url("criteriaset_delete", criteria_draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not CriteriaSet.objects.filter(pk=criteria_draft.pk).exists()


def test_the_publish_action_opens_the_publish_page_for_one_version(client, ada, criteria_draft):
    client.force_login(ada)
    url = admin_url("criteriaset_changelist")
    response = client.post(url, {"action": "publish_action", "_selected_action": [criteria_draft.pk]})
    assert response.status_code == 302 and response["Location"] == admin_url("criteriaset_publish", criteria_draft.pk)
    both = [criteria_draft.pk, published_criteria_set().pk]
    response = client.post(url, {"action": "publish_action", "_selected_action": both}, follow=True)
    assert "Publish one version at a time." in response.text
