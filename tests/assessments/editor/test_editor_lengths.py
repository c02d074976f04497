"""Text longer than its column gets a message and changes nothing (PostgreSQL would refuse it
with an error page; SQLite would store it)."""

import pytest
from django.urls import reverse

from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services import editing, golden_cases
from assessments.services.publishing import content_draft_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(ada):
    return content_draft_from(version=published_criteria_set(), user=ada)


@pytest.fixture
def questionnaire(ada):
    return content_draft_from(version=published_questionnaire(), user=ada)


def test_a_criterion_title_too_long_is_refused_with_its_limit_and_kept_as_it_was(admin_client, criteria):
    criterion = criteria.criteria.first()
    response = admin_client.post(reverse("editor-criterion", args=[criteria.pk, criterion.pk]), {"title": "t" * 300})
    assert response.status_code == 200
    assert "Not saved: The title is 300 characters long; at most 200 fit." in response.content.decode()
    assert criteria.criteria.get(pk=criterion.pk).title == criterion.title


def test_a_policy_explanation_and_a_question_prompt_too_long_are_refused(admin_client, criteria, questionnaire):
    rule = criteria.policy_rules.first()
    field = type(rule)._meta.get_field("explanation")
    if field.max_length:
        response = admin_client.post(
            reverse("editor-rule", args=[criteria.pk, rule.pk]), {"explanation": "e" * (field.max_length + 1)}
        )
        assert "Not saved:" in response.content.decode()
    question = questionnaire.questions.first()
    response = admin_client.post(
        reverse("editor-question", args=[questionnaire.pk, question.pk]), {"prompt": "p" * 600}
    )
    assert "Not saved: The prompt is 600 characters long" in response.content.decode()
    assert questionnaire.questions.get(pk=question.pk).prompt == question.prompt


def test_a_section_title_too_long_is_refused_when_added_or_renamed(questionnaire):
    with pytest.raises(editing.EditRefused, match="at most 200 fit"):
        editing.section_add(questionnaire=questionnaire, slug="extra", title="s" * 201)
    section = questionnaire.sections.first()
    with pytest.raises(editing.EditRefused, match="at most 200 fit"):
        editing.section_update(section=section, data={"title": "s" * 201})


def test_copies_of_copies_keep_their_slug_inside_its_column(criteria):
    criterion = criteria.criteria.first()
    for _ in range(12):
        criterion = editing.criterion_duplicate(criterion=criterion)
    assert len(criterion.slug) <= 80


def test_a_golden_case_name_too_long_is_refused_when_added_or_renamed(criteria):
    with pytest.raises(editing.EditRefused, match="at most 200 fit"):
        golden_cases.golden_case_add(criteria_set=criteria, name="g" * 201, expected_verdict="fine_tune")
    case = criteria.golden_cases.first()
    with pytest.raises(editing.EditRefused, match="at most 200 fit"):
        golden_cases.golden_case_rename(case=case, name="g" * 201)
