"""Drafts, validation and publishing of questionnaires and criteria sets (services/publishing.py
and the publish gate, VersionedContent.publish)."""

import sys

import pytest
from django.db import IntegrityError, transaction

from assessments.models import ContentError, CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.publishing import DraftExists, content_draft_discard, content_draft_from, content_publish


def test_a_criteria_set_draft_copies_every_part_and_targets_the_same_questionnaire(criteria_draft, ada):
    source = published_criteria_set()
    assert criteria_draft.version == source.version + 1
    assert criteria_draft.status == VersionStatus.DRAFT
    assert criteria_draft.created_by == ada
    assert criteria_draft.questionnaire == source.questionnaire
    for related in ("criteria", "policy_rules", "golden_cases"):
        copied = getattr(criteria_draft, related)
        original = getattr(source, related)
        assert copied.count() == original.count() > 0, related
    assert list(criteria_draft.criteria.values_list("slug", "condition", "kind", "alternative")) == list(
        source.criteria.values_list("slug", "condition", "kind", "alternative")
    )
    assert list(criteria_draft.golden_cases.values_list("name", "answers", "expected_verdict")) == list(
        source.golden_cases.values_list("name", "answers", "expected_verdict")
    )


def test_a_questionnaire_draft_copies_sections_questions_and_choices(questionnaire_draft):
    source = published_questionnaire()
    assert questionnaire_draft.version == source.version + 1
    assert questionnaire_draft.sections.count() == source.sections.count()
    fields = ("slug", "type", "required", "visible_when", "section__slug")
    assert list(questionnaire_draft.questions.values_list(*fields)) == list(source.questions.values_list(*fields))
    copied_choices = [(c.question.slug, c.value) for q in questionnaire_draft.questions.all() for c in q.choices.all()]
    source_choices = [(c.question.slug, c.value) for q in source.questions.all() for c in q.choices.all()]
    assert copied_choices == source_choices


def test_a_second_draft_of_a_slug_is_refused_naming_the_open_one(criteria_draft, ada):
    with pytest.raises(DraftExists) as refused:
        content_draft_from(version=published_criteria_set(), user=ada)
    assert refused.value.draft == criteria_draft
    assert "continue it or discard it" in str(refused.value)


def test_the_database_allows_one_open_draft_per_slug(criteria_draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        CriteriaSet.objects.create(
            slug=criteria_draft.slug, version=99, title="Stray", questionnaire=criteria_draft.questionnaire
        )


def test_discarding_a_draft_deletes_it_and_the_next_draft_reuses_its_number(criteria_draft, ada):
    number = criteria_draft.version
    content_draft_discard(version=criteria_draft)
    assert not CriteriaSet.objects.filter(pk=criteria_draft.pk).exists()
    assert content_draft_from(version=published_criteria_set(), user=ada).version == number


def test_a_published_version_cant_be_discarded(db):
    with pytest.raises(ContentError):
        content_draft_discard(version=published_criteria_set())


def test_the_default_content_has_no_validation_errors(db):
    assert published_questionnaire().validation_errors() == []
    assert published_criteria_set().validation_errors() == []


def test_publishing_a_draft_retires_the_previous_version(criteria_draft, ada):
    previous = published_criteria_set()
    content_publish(version=criteria_draft, user=ada, note="Reworded the rationale.")
    previous.refresh_from_db()
    assert previous.status == VersionStatus.RETIRED
    assert criteria_draft.status == VersionStatus.PUBLISHED
    assert criteria_draft.published_by == ada
    assert criteria_draft.change_note == "Reworded the rationale."
    assert published_criteria_set() == criteria_draft
    assert CriteriaSet.objects.filter(slug=previous.slug, status=VersionStatus.PUBLISHED).count() == 1


def test_publishing_needs_a_note(criteria_draft, ada):
    with pytest.raises(ContentError) as refused:
        content_publish(version=criteria_draft, user=ada, note="  ")
    assert any("note" in p for p in refused.value.problems)
    criteria_draft.refresh_from_db()
    assert criteria_draft.status == VersionStatus.DRAFT


def test_publishing_is_refused_while_a_condition_is_invalid(criteria_draft, ada):
    criteria_draft.criteria.filter(slug="fit_style_voice").update(condition='"style_voice" in goalz')
    criteria_draft.criteria.filter(slug="no_baseline").update(condition="baseline_measured == ")
    with pytest.raises(ContentError) as refused:
        content_publish(version=criteria_draft, user=ada, note="Broken on purpose")
    problems = refused.value.problems
    assert any("fit_style_voice" in p and "goalz" in p for p in problems)
    assert any("no_baseline" in p and "Syntax error" in p for p in problems)
    criteria_draft.refresh_from_db()
    assert criteria_draft.status == VersionStatus.DRAFT
    assert published_criteria_set().version == 3  # the shipped default


def test_publishing_is_refused_for_a_choice_the_question_does_not_have(criteria_draft, ada):
    criteria_draft.criteria.filter(slug="weak_evaluation").update(condition='evaluation_method == "vibes"')
    with pytest.raises(ContentError) as refused:
        content_publish(version=criteria_draft, user=ada, note="Typo")
    assert any("weak_evaluation" in p and "'vibes'" in p for p in refused.value.problems)


def test_publishing_is_refused_when_a_golden_case_fails(criteria_draft, ada):
    # Conditions stay valid, but every verdict becomes fine_tune, so golden cases disagree.
    criteria_draft.policy_rules.exclude(condition="true").update(condition="false")
    with pytest.raises(ContentError) as refused:
        content_publish(version=criteria_draft, user=ada, note="Looser policy")
    assert any(p.startswith("golden case") and "expected" in p for p in refused.value.problems)
    assert published_criteria_set().version == 3  # the shipped default


def test_publishing_a_criteria_set_that_targets_a_draft_questionnaire_is_refused(criteria_draft, ada):
    questionnaire_draft = content_draft_from(version=published_questionnaire(), user=ada)
    criteria_draft.questionnaire = questionnaire_draft
    criteria_draft.save()
    with pytest.raises(ContentError) as refused:
        content_publish(version=criteria_draft, user=ada, note="New questionnaire")
    assert any("publish that first" in p for p in refused.value.problems)


def test_a_published_version_cannot_be_published_again(db, ada):
    with pytest.raises(ContentError) as refused:
        content_publish(version=published_criteria_set(), user=ada, note="Again")
    assert any("only a draft" in p for p in refused.value.problems)


def test_publishing_a_questionnaire_checks_visibility_conditions(questionnaire_draft, ada):
    questionnaire_draft.questions.filter(slug="prompting_outcome").update(visible_when='prompting_tried != "never"')
    with pytest.raises(ContentError) as refused:
        content_publish(version=questionnaire_draft, user=ada, note="Typo")
    assert any("prompting_outcome" in p and "'never'" in p for p in refused.value.problems)
    questionnaire_draft.questions.filter(slug="prompting_outcome").update(visible_when='prompting_tried != "not_tried"')
    content_publish(version=questionnaire_draft, user=ada, note="Same questions, new version")
    assert published_questionnaire() == questionnaire_draft
    assert Questionnaire.objects.get(slug=questionnaire_draft.slug, version=2).status == VersionStatus.RETIRED


def test_a_choice_question_without_choices_is_reported(questionnaire_draft):
    question = questionnaire_draft.questions.get(slug="request_volume")
    question.choices.all().delete()
    errors = questionnaire_draft.validation_errors()
    assert any("request_volume" in e.message for e in errors)


def test_a_draft_and_every_copied_row_are_in_the_history_under_who_made_it(questionnaire_draft, ada):
    assert {record.history_user for record in questionnaire_draft.history.all()} == {ada}
    question = questionnaire_draft.questions.get(slug="goals")
    assert question.history.get().history_user == ada
    assert question.choices.first().history.get().history_user == ada


@pytest.mark.django_db(transaction=True)
def test_the_logic_check_runs_before_the_publish_transaction_takes_the_write_lock(ada, monkeypatch):
    # Inside the transaction a slow check held SQLite's write lock (issue #20: workers failed with
    # "database is locked"); the gate now finds the revision's result already computed.
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    module = sys.modules["assessments.engine.logic_check"]
    monkeypatch.setattr(module, "_results", {})  # nothing kept from earlier tests
    in_transaction = []
    real = module._logic_check

    def recording(*args):
        in_transaction.append(transaction.get_connection().in_atomic_block)
        return real(*args)

    monkeypatch.setattr(module, "_logic_check", recording)
    content_publish(version=draft, user=ada, note="Checked outside the lock.")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert in_transaction == [False]
