"""selectors.content_definition: one cached engine view of a stored version, drafts always fresh."""

import pytest

from assessments import engine
from assessments.selectors import content_definition, published_criteria_set, published_questionnaire
from assessments.services.publishing import content_draft_from

pytestmark = pytest.mark.django_db


def test_a_published_version_is_read_once_and_kept(django_assert_num_queries):
    questionnaire = published_questionnaire()
    first = content_definition(questionnaire)
    assert isinstance(first, engine.Questionnaire)
    with django_assert_num_queries(0):
        assert content_definition(questionnaire) is first


def test_a_criteria_set_reads_as_the_engine_sees_it_from_its_document():
    criteria_set = published_criteria_set()
    definition = content_definition(criteria_set)
    assert isinstance(definition, engine.CriteriaSet)
    assert definition == engine.CriteriaSet.from_dict(criteria_set.to_document())
    assert criteria_set.to_document()["questionnaire"] == {
        "slug": criteria_set.questionnaire.slug,
        "version": criteria_set.questionnaire.version,
    }


def test_a_draft_is_rebuilt_every_time_so_edits_show_at_once(ada):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    before = content_definition(draft)
    draft.criteria.filter(slug="no_baseline").update(title="Renamed in the draft")
    after = content_definition(draft)
    assert after is not before
    assert next(c.title for c in after.criteria if c.slug == "no_baseline") == "Renamed in the draft"
