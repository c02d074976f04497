"""The criteria and questionnaire editor: drafts, autosave, inline validation, publishing."""

import pytest
from django.urls import reverse

from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.content import questionnaire_create_from_dict
from tests.assessments.editor_history import draft_with_condition


@pytest.fixture
def criteria_draft_resaved(ada):
    """The shared `criteria_draft` plus one save through the model: insufficient_curated_data's
    measured-fact condition, saved again unchanged."""
    unchanged = published_criteria_set().criteria.get(slug="insufficient_curated_data").condition
    return draft_with_condition(ada, "insufficient_curated_data", unchanged)


def test_an_admin_creates_a_draft_from_the_published_set(admin_client):
    published = published_criteria_set()
    response = admin_client.post(reverse("editor-new-draft", args=["criteria", published.pk]))
    draft = CriteriaSet.objects.get(slug=published.slug, status=VersionStatus.DRAFT)
    assert response.url == reverse("editor-criteria", args=[draft.pk])
    page = admin_client.get(response.url).content.decode()
    assert "Fit criteria" in page and "Golden cases" in page and "fit_style_voice" in page


def test_the_condition_validator_reports_errors_with_their_position(admin_client, criteria_draft_resaved):
    response = admin_client.post(
        reverse("editor-validate", args=[criteria_draft_resaved.pk]), {"condition": 'goals == "x" &&'}
    )
    assert "Syntax error at line 1, column" in response.content.decode()
    response = admin_client.post(
        reverse("editor-validate", args=[criteria_draft_resaved.pk]), {"condition": '"x" in goalz'}
    )
    assert "Unknown name &#x27;goalz&#x27; at line 1, column 8" in response.content.decode()
    response = admin_client.post(
        reverse("editor-validate", args=[criteria_draft_resaved.pk]), {"condition": '"style_voice" in goals'}
    )
    assert "Condition is valid" in response.content.decode()


FACT_READERS = ["insufficient_curated_data", "no_quality_measurement", "eval_set_contaminated"]


@pytest.mark.parametrize("slug", FACT_READERS)
def test_a_shipped_measured_fact_condition_is_valid_as_typed_and_after_saving(
    admin_client, criteria_draft_resaved, slug
):
    # The editor asks the same check publishing does, so `sample.…` and `evals.…` are known names.
    criterion = criteria_draft_resaved.criteria.get(slug=slug)
    assert "sample." in criterion.condition or "evals." in criterion.condition
    response = admin_client.post(
        reverse("editor-validate", args=[criteria_draft_resaved.pk]), {"condition": criterion.condition}
    )
    assert "Condition is valid" in response.content.decode()
    url = reverse("editor-criterion", args=[criteria_draft_resaved.pk, criterion.pk])
    response = admin_client.post(url, {"condition": criterion.condition})
    assert "Saved." in response.content.decode() and "Unknown name" not in response.content.decode()
    assert criteria_draft_resaved.validation_errors() == []


def test_the_editor_and_publishing_refuse_an_unknown_fact_alike(admin_client, criteria_draft_resaved):
    response = admin_client.post(
        reverse("editor-validate", args=[criteria_draft_resaved.pk]), {"condition": "sample.rows > 3"}
    )
    assert "Unknown fact &#x27;sample.rows&#x27; at line 1, column 1" in response.content.decode()


def test_autosave_keeps_an_invalid_condition_in_the_draft_and_blocks_publishing(admin_client, criteria_draft_resaved):
    criterion = criteria_draft_resaved.criteria.get(slug="fit_style_voice")
    url = reverse("editor-criterion", args=[criteria_draft_resaved.pk, criterion.pk])
    response = admin_client.post(url, {"condition": '"style_voice" in goalz'})
    assert "not publishable yet" in response.content.decode()
    assert response["HX-Trigger"] == "saved"
    criterion.refresh_from_db()
    assert criterion.condition == '"style_voice" in goalz'
    assert criterion.history.first().condition == '"style_voice" in goalz'
    response = admin_client.post(
        reverse("editor-publish", args=["criteria", criteria_draft_resaved.pk]), {"note": "Try"}
    )
    assert response.status_code == 400
    criteria_draft_resaved.refresh_from_db()
    assert criteria_draft_resaved.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_edited(admin_client):
    published = published_criteria_set()
    criterion = published.criteria.first()
    response = admin_client.post(reverse("editor-criterion", args=[published.pk, criterion.pk]), {"title": "x"})
    assert response.status_code == 400
    criterion.refresh_from_db()
    assert criterion.title != "x"


def test_every_criteria_edit_of_a_published_version_is_refused_with_the_reason(admin_client):
    published = published_criteria_set()
    criterion, rule, case = published.criteria.first(), published.policy_rules.first(), published.golden_cases.first()
    before = published.criteria.count()
    posts = [
        (reverse("editor-criterion", args=[published.pk, criterion.pk]), {"title": "x"}),
        (reverse("editor-criterion-action", args=[published.pk, criterion.pk, "remove"]), {}),
        (reverse("editor-criterion-add", args=[published.pk]), {"kind": "advisory"}),
        (reverse("editor-rule", args=[published.pk, rule.pk]), {"move": "up"}),
        (reverse("editor-criteria-target", args=[published.pk]), {"questionnaire": published.questionnaire_id}),
        (reverse("editor-golden-case", args=[published.pk, case.pk]), {"expected_verdict": "not_yet", "note": "x"}),
    ]
    for url, data in posts:
        response = admin_client.post(url, data)
        assert response.status_code == 400, url
        assert "published or retired and can't change; create a new draft" in response.content.decode(), url
    assert published.criteria.count() == before
    case.refresh_from_db()
    assert case.note != "x"


def test_an_unknown_row_of_a_draft_is_404(admin_client, criteria_draft_resaved):
    assert (
        admin_client.post(
            reverse("editor-criterion", args=[criteria_draft_resaved.pk, 999999]), {"title": "x"}
        ).status_code
        == 404
    )


def test_unknown_kinds_are_refused_not_crashed(admin_client, criteria_draft_resaved):
    criterion = criteria_draft_resaved.criteria.first()
    response = admin_client.post(
        reverse("editor-criterion", args=[criteria_draft_resaved.pk, criterion.pk]), {"kind": "bogus"}
    )
    assert response.status_code == 400
    assert admin_client.get(reverse("editor-history", args=["nonsense", criteria_draft_resaved.pk])).status_code == 404


def test_add_duplicate_and_remove_criteria(admin_client, criteria_draft_resaved):
    before = criteria_draft_resaved.criteria.count()
    admin_client.post(reverse("editor-criterion-add", args=[criteria_draft_resaved.pk]), {"kind": "advisory"})
    added = criteria_draft_resaved.criteria.get(slug="new_advisory")
    assert added.condition == "false"
    admin_client.post(reverse("editor-criterion-action", args=[criteria_draft_resaved.pk, added.pk, "duplicate"]))
    assert criteria_draft_resaved.criteria.filter(slug="new_advisory_copy").exists()
    admin_client.post(reverse("editor-criterion-action", args=[criteria_draft_resaved.pk, added.pk, "remove"]))
    assert criteria_draft_resaved.criteria.count() == before + 1
    assert published_criteria_set().criteria.count() == before


def test_policy_rules_can_be_reordered_and_edited(admin_client, criteria_draft_resaved):
    first, second = list(criteria_draft_resaved.policy_rules.all())[:2]
    admin_client.post(reverse("editor-rule", args=[criteria_draft_resaved.pk, second.pk]), {"move": "up"})
    assert list(criteria_draft_resaved.policy_rules.order_by("order"))[0].pk == second.pk
    admin_client.post(
        reverse("editor-rule", args=[criteria_draft_resaved.pk, first.pk]), {"explanation": "Clearer words"}
    )
    first.refresh_from_db()
    assert first.explanation == "Clearer words"


def test_publishing_needs_a_note_then_retires_the_previous_version(admin_client, criteria_draft_resaved):
    old = published_criteria_set()
    url = reverse("editor-publish", args=["criteria", criteria_draft_resaved.pk])
    assert "What changes compared with the published" in admin_client.get(url).content.decode()
    assert admin_client.post(url, {"note": " "}).status_code == 400
    response = admin_client.post(url, {"note": "Same rules, new draft"})
    assert response.status_code == 302
    criteria_draft_resaved.refresh_from_db()
    old.refresh_from_db()
    assert (criteria_draft_resaved.status, old.status) == (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def test_history_and_diff_pages_compare_versions(admin_client, ada):
    draft = draft_with_condition(ada, "fit_style_voice", '"style_voice" in goals && true')
    old = published_criteria_set()
    assert (
        "changes from v1" in admin_client.get(reverse("editor-history", args=["criteria", draft.pk])).content.decode()
    )
    page = admin_client.get(reverse("editor-diff", args=["criteria", old.pk, draft.pk])).content.decode()
    assert "fit_style_voice" in page and "&amp;&amp; true" in page


def test_the_questionnaire_editor_autosaves_and_checks_visibility(admin_client, ada):
    published = published_questionnaire()
    admin_client.post(reverse("editor-new-draft", args=["questionnaires", published.pk]))
    draft = Questionnaire.objects.get(slug=published.slug, status=VersionStatus.DRAFT)
    page = admin_client.get(reverse("editor-questionnaire", args=[draft.pk])).content.decode()
    assert "Logic check" in page
    first = draft.questions.order_by("section__order", "order").first()
    response = admin_client.post(
        reverse("editor-question", args=[draft.pk, first.pk]), {"visible_when": "nosuch == true", "prompt": "New?"}
    )
    assert "Unknown name" in response.content.decode()
    first.refresh_from_db()
    assert first.prompt == "New?"


def test_a_criteria_draft_can_be_aimed_at_a_new_questionnaire_version(admin_client, criteria_draft_resaved, ada):
    from assessments.services.publishing import content_draft_from

    questionnaire_draft = content_draft_from(version=published_questionnaire(), user=ada)
    url = reverse("editor-criteria-target", args=[criteria_draft_resaved.pk])
    page = admin_client.get(reverse("editor-criteria", args=[criteria_draft_resaved.pk])).content.decode()
    assert f'<option value="{questionnaire_draft.pk}" >v3 (draft)</option>' in page

    admin_client.post(url, {"questionnaire": questionnaire_draft.pk})

    criteria_draft_resaved.refresh_from_db()
    assert criteria_draft_resaved.questionnaire == questionnaire_draft
    page = admin_client.get(reverse("editor-publish", args=["criteria", criteria_draft_resaved.pk])).content.decode()
    assert "a draft: publish that first" in page
    response = admin_client.post(url, {"questionnaire": "nonsense"}, follow=True)
    assert response.status_code == 200 and "Choose a questionnaire version." in response.content.decode()
    criteria_draft_resaved.refresh_from_db()
    assert criteria_draft_resaved.questionnaire == questionnaire_draft


def test_a_criteria_draft_cannot_be_aimed_at_another_questionnaire(admin_client, criteria_draft_resaved):
    document = {**published_questionnaire().to_document(), "slug": "other-questionnaire"}
    other = questionnaire_create_from_dict(document, user=None, version=1)
    page = admin_client.post(
        reverse("editor-criteria-target", args=[criteria_draft_resaved.pk]), {"questionnaire": other.pk}, follow=True
    ).content.decode()
    assert "other-questionnaire is not a version of fine-tuning-readiness" in page
    criteria_draft_resaved.refresh_from_db()
    assert criteria_draft_resaved.questionnaire == published_questionnaire()
