"""The questionnaire editor: sections, questions, choices and visibility conditions of a draft."""

import pytest
from django.urls import reverse

from assessments.models import Question
from assessments.selectors import published_questionnaire


def question(questionnaire, slug):
    return questionnaire.questions.get(slug=slug)


def validate(admin_client, questionnaire_draft, slug, source):
    url = reverse("editor-visibility-validate", args=[questionnaire_draft.pk, question(questionnaire_draft, slug).pk])
    return admin_client.post(url, {"visible_when": source}).content.decode()


def test_a_visibility_condition_is_checked_as_you_type_against_earlier_questions_only(
    admin_client, questionnaire_draft
):
    assert "Condition is valid" in validate(
        admin_client, questionnaire_draft, "knowledge_change_rate", '"new_knowledge" in goals'
    )
    assert "Always shown" in validate(admin_client, questionnaire_draft, "knowledge_change_rate", "  ")
    assert "Syntax error at line 1, column" in validate(
        admin_client, questionnaire_draft, "knowledge_change_rate", "goals =="
    )
    # migration_owner exists but comes later, so it can't decide whether this question is shown.
    later = validate(admin_client, questionnaire_draft, "knowledge_change_rate", "migration_owner == true")
    assert "migration_owner is asked later in the questionnaire" in later and "Unknown name" not in later
    bad_value = validate(admin_client, questionnaire_draft, "knowledge_change_rate", '"no_such_goal" in goals')
    assert "no_such_goal" in bad_value and "valid" not in bad_value


def test_a_section_title_autosaves_and_a_blank_one_is_refused(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.first()
    url = reverse("editor-section", args=[questionnaire_draft.pk, section.pk])
    assert "Saved." in admin_client.post(url, {"title": "Your use case", "intro": "Tell us."}).content.decode()
    section.refresh_from_db()
    assert (section.title, section.intro) == ("Your use case", "Tell us.")
    assert "Not saved: A section needs a title." in admin_client.post(url, {"title": "  "}).content.decode()
    section.refresh_from_db()
    assert section.title == "Your use case"


def test_a_choice_question_is_added_with_its_choices_and_the_published_version_keeps_its_own(
    admin_client, questionnaire_draft
):
    section = questionnaire_draft.sections.get(slug="operations")
    url = reverse("editor-question-add", args=[questionnaire_draft.pk, section.pk])
    response = admin_client.post(
        url, {"slug": "data_location", "type": "single_choice", "prompt": "Where must data stay?", "values": "eu us"}
    )
    added = question(questionnaire_draft, "data_location")
    assert response.url == reverse("editor-questionnaire", args=[questionnaire_draft.pk]) + f"#question-{added.pk}"
    assert (added.section, added.prompt, added.required) == (section, "Where must data stay?", False)
    assert [(c.value, c.label) for c in added.choices.all()] == [("eu", "EU"), ("us", "US")]
    assert added.order > max(q.order for q in section.questions.exclude(pk=added.pk))
    assert not published_questionnaire().questions.filter(slug="data_location").exists()
    page = admin_client.get(reverse("editor-questionnaire", args=[questionnaire_draft.pk])).content.decode()
    assert f'id="question-{added.pk}"' in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"slug": "goals", "type": "yes_no"}, "There is already a question goals."),
        ({"slug": "Bad Slug", "type": "yes_no"}, "can&#x27;t be a question slug"),
        ({"slug": "hosting", "type": "single_choice", "values": "cloud"}, "at least two choices"),
        ({"slug": "hosting", "type": "single_choice", "values": "cloud On-Prem"}, "can&#x27;t be a choice value"),
        ({"slug": "hosting", "type": "essay"}, "Choose the kind of answer"),
    ],
)
def test_a_question_that_would_break_the_draft_is_refused_with_a_reason(
    admin_client, questionnaire_draft, form, message
):
    before = questionnaire_draft.questions.count()
    section = questionnaire_draft.sections.first()
    response = admin_client.post(
        reverse("editor-question-add", args=[questionnaire_draft.pk, section.pk]), form, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert questionnaire_draft.questions.count() == before


def test_choices_are_added_and_removed_but_never_fewer_than_two(admin_client, questionnaire_draft):
    rate = question(questionnaire_draft, "knowledge_change_rate")
    admin_client.post(
        reverse("editor-choice-add", args=[questionnaire_draft.pk, rate.pk]), {"value": "quarterly", "label": ""}
    )
    assert rate.choices.get(value="quarterly").label == "Quarterly"
    page = admin_client.post(
        reverse("editor-choice-add", args=[questionnaire_draft.pk, rate.pk]), {"value": "quarterly"}, follow=True
    ).content.decode()
    assert "already has the choice quarterly" in page
    for value in ("quarterly", "rarely"):
        choice = rate.choices.get(value=value)
        admin_client.post(reverse("editor-choice-remove", args=[questionnaire_draft.pk, choice.pk]))
    assert list(rate.choices.values_list("value", flat=True)) == ["monthly", "weekly_or_faster"]
    last_two = rate.choices.first()
    page = admin_client.post(reverse("editor-choice-remove", args=[questionnaire_draft.pk, last_two.pk]), follow=True)
    assert "needs at least two choices" in page.content.decode()
    assert rate.choices.count() == 2
    yes_no = question(questionnaire_draft, "baseline_measured")
    page = admin_client.post(
        reverse("editor-choice-add", args=[questionnaire_draft.pk, yes_no.pk]), {"value": "maybe"}, follow=True
    )
    assert "is not a choice question" in page.content.decode()


def test_questions_move_within_their_section_and_can_be_removed(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.get(slug="data")
    first, second = list(section.questions.order_by("order"))[:2]
    admin_client.post(reverse("editor-question-action", args=[questionnaire_draft.pk, second.pk, "up"]))
    assert list(section.questions.order_by("order"))[:2] == [second, first]
    admin_client.post(reverse("editor-question-action", args=[questionnaire_draft.pk, first.pk, "remove"]))
    assert not questionnaire_draft.questions.filter(pk=first.pk).exists()
    assert published_questionnaire().questions.filter(slug=first.slug).exists()
    response = admin_client.post(reverse("editor-question-action", args=[questionnaire_draft.pk, second.pk, "explode"]))
    assert response.status_code == 400


def test_a_published_questionnaire_refuses_every_change(admin_client):
    published = published_questionnaire()
    goals = question(published, "goals")
    section = published.sections.first()
    choice = goals.choices.first()
    posts = [
        (reverse("editor-question", args=[published.pk, goals.pk]), {"prompt": "Changed?"}),
        (reverse("editor-section", args=[published.pk, section.pk]), {"title": "Changed?"}),
        (reverse("editor-question-add", args=[published.pk, section.pk]), {"slug": "x", "type": "yes_no"}),
        (reverse("editor-question-action", args=[published.pk, goals.pk, "remove"]), {}),
        (reverse("editor-choice-add", args=[published.pk, goals.pk]), {"value": "more"}),
        (reverse("editor-choice-remove", args=[published.pk, choice.pk]), {}),
    ]
    for url, data in posts:
        response = admin_client.post(url, data)
        assert response.status_code == 400, url
        assert "published or retired and can't change; create a new draft" in response.content.decode(), url
    goals.refresh_from_db()
    section.refresh_from_db()
    assert goals.prompt != "Changed?" and section.title != "Changed?"
    assert Question.objects.filter(questionnaire=published).count() == 18  # v2: v1's 16 and two more
    assert goals.choices.count() == 7


def test_the_logic_check_of_a_new_draft_reads_the_published_criteria(admin_client, questionnaire_draft):
    page = admin_client.get(reverse("editor-questionnaire", args=[questionnaire_draft.pk])).content.decode()
    checked = "Criteria checked: Fine-tuning readiness criteria (with measured data and a measured baseline) v3"
    assert f"{checked} (written for v2 of this questionnaire)" in page
    assert "No criterion condition names goals = general_quality." in page


def test_a_choice_value_typed_twice_is_refused_not_silently_merged(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.first()
    url = reverse("editor-question-add", args=[questionnaire_draft.pk, section.pk])
    response = admin_client.post(url, {"slug": "region", "type": "single_choice", "values": "eu us eu"}, follow=True)
    assert "eu appears more than once" in response.content.decode()
    assert not questionnaire_draft.questions.filter(slug="region").exists()


def test_short_choice_values_start_with_upper_case_labels(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.first()
    admin_client.post(
        reverse("editor-question-add", args=[questionnaire_draft.pk, section.pk]),
        {"slug": "region", "type": "single_choice", "values": "eu us rest_of_world"},
    )
    labels = list(questionnaire_draft.questions.get(slug="region").choices.values_list("label", flat=True))
    assert labels == ["EU", "US", "Rest of world"]
