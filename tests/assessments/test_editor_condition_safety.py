"""No condition an admin types can give the editor a 500, as you type or once it is saved.

The 80 KB and deeply nested conditions are tested in tests/engine/test_condition_safety.py, in
a subprocess: if the guard ever broke, they would crash the test process itself.
"""

import pytest
from django.urls import reverse

from assessments.selectors import published_questionnaire
from assessments.services.publishing import content_draft_from
from tests.assessments.editor_history import draft_with_condition

FAILING = {"1/0": "Division by zero", "1 % 0": "Modulo by zero", "9223372036854775807 + 1": "Integer overflow"}


@pytest.mark.parametrize(("condition", "problem"), FAILING.items())
def test_the_condition_validator_answers_an_evaluation_error_with_the_problem(admin_client, ada, condition, problem):
    draft = draft_with_condition(ada, "fit_style_voice", '"style_voice" in goals')
    response = admin_client.post(reverse("editor-validate", args=[draft.pk]), {"condition": condition})
    assert response.status_code == 200
    assert problem in response.content.decode() and "line 1, column" in response.content.decode()


def test_a_saved_division_by_zero_leaves_the_criteria_editor_showing_the_problem(admin_client, ada):
    draft = draft_with_condition(ada, "fit_style_voice", "1/0")
    rule = draft.policy_rules.first()
    rule.condition = "1 % 0"
    rule.save()
    response = admin_client.get(reverse("editor-criteria", args=[draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Division by zero" in page and "Modulo by zero" in page


def test_a_saved_visibility_condition_that_fails_leaves_the_questionnaire_editor_working(admin_client, ada):
    draft = content_draft_from(version=published_questionnaire(), user=ada)
    question = draft.questions.get(slug="knowledge_change_rate")
    url = reverse("editor-visibility-validate", args=[draft.pk, question.pk])
    response = admin_client.post(url, {"visible_when": "1/0"})
    assert response.status_code == 200 and "Division by zero" in response.content.decode()
    question.visible_when = "9223372036854775807 + 1"
    question.save()
    response = admin_client.get(reverse("editor-questionnaire", args=[draft.pk]))
    assert response.status_code == 200
