"""The version rows store every field the content schema declares, and give the document back."""

import pytest

from assessments import models
from assessments.engine import content_schema
from assessments.services.content import content_install_defaults

ROWS = {
    "section": models.Section,
    "question": models.Question,
    "choice": models.Choice,
    "criterion": models.Criterion,
    "policy_rule": models.PolicyRule,
    "golden_case": models.GoldenCase,
}


@pytest.mark.parametrize("part", sorted(content_schema.PARTS))
def test_every_declared_field_has_a_column_on_its_row_model(part):
    columns = {f.name for f in ROWS[part]._meta.get_fields()}
    missing = set(content_schema.names(part)) - columns
    assert not missing, f"{ROWS[part].__name__} lacks {sorted(missing)}"


@pytest.mark.django_db
def test_installed_default_rows_give_back_the_shipped_definitions():
    from assessments import engine

    content_install_defaults()
    questionnaire, criteria_set = engine.load_default()
    stored_q = models.Questionnaire.objects.get(slug=questionnaire.slug, version=questionnaire.version)
    stored_c = models.CriteriaSet.objects.get(slug=criteria_set.slug, version=criteria_set.version)
    assert stored_q.to_definition().content_hash == questionnaire.content_hash
    assert stored_c.to_definition().content_hash == criteria_set.content_hash
