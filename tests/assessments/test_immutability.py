"""Published and retired versions can't change, by any route; one published version per slug."""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import (
    Choice,
    ContentError,
    CriteriaSet,
    Criterion,
    GoldenCase,
    ImmutableVersionError,
    PolicyRule,
    Question,
    Questionnaire,
    Section,
    VersionStatus,
)
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.publishing import content_draft_from, content_publish

pytestmark = pytest.mark.django_db


def test_saving_a_published_version_is_refused(db):
    criteria_set = published_criteria_set()
    criteria_set.title = "Edited in place"
    with pytest.raises(ImmutableVersionError):
        criteria_set.save()
    assert published_criteria_set().title != "Edited in place"


def test_deleting_a_published_version_is_refused(db):
    with pytest.raises(ImmutableVersionError):
        published_questionnaire().delete()
    assert Questionnaire.objects.filter(status=VersionStatus.PUBLISHED).count() == 1


@pytest.mark.parametrize(
    ("model", "path"),
    [
        (Criterion, "criteria_set"),
        (PolicyRule, "criteria_set"),
        (GoldenCase, "criteria_set"),
        (Section, "questionnaire"),
        (Question, "questionnaire"),
        (Choice, "question__questionnaire"),
    ],
)
def test_every_part_of_a_published_version_refuses_save_delete_and_bulk_writes(db, model, path):
    part = model.objects.filter(**{f"{path}__status": VersionStatus.PUBLISHED}).first()
    with pytest.raises(ImmutableVersionError):
        part.save()
    with pytest.raises(ImmutableVersionError):
        part.delete()
    with pytest.raises(ImmutableVersionError):
        model.objects.filter(pk=part.pk).update(order=99)
    with pytest.raises(ImmutableVersionError):
        model.objects.filter(pk=part.pk).delete()
    assert model.objects.filter(pk=part.pk, order=part.order).exists()


def test_adding_a_part_to_a_published_version_is_refused(db):
    with pytest.raises(ImmutableVersionError):
        Criterion.objects.create(
            criteria_set=published_criteria_set(), slug="sneaky", kind="advisory", title="x", condition="true"
        )


def test_a_retired_version_is_as_frozen_as_a_published_one(db, ada):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    content_publish(version=draft, user=ada, note="Next version")
    retired = CriteriaSet.objects.get(slug=draft.slug, version=1)
    assert retired.status == VersionStatus.RETIRED
    retired.status = VersionStatus.PUBLISHED
    with pytest.raises(ImmutableVersionError):
        retired.save()
    with pytest.raises(ImmutableVersionError):
        retired.criteria.update(condition="true")


def test_a_draft_can_be_edited_and_deleted(db, ada):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    draft.criteria.filter(slug="no_baseline").update(condition="baseline_measured != true")
    draft.title = "Work in progress"
    draft.save()
    draft.delete()
    assert not CriteriaSet.objects.filter(pk=draft.pk).exists()


def test_the_database_allows_only_one_published_version_per_slug(db, ada):
    slug = published_questionnaire().slug
    # A row created as published, without retiring v1 first as publish() would.
    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.create(slug=slug, version=99, title="Second", status=VersionStatus.PUBLISHED)
    assert Questionnaire.objects.filter(slug=slug, status=VersionStatus.PUBLISHED).count() == 1


def test_bulk_updates_and_deletes_of_published_versions_are_refused(db):
    with pytest.raises(ImmutableVersionError):
        Questionnaire.objects.filter(status=VersionStatus.PUBLISHED).update(title="Bulk edit")
    with pytest.raises(ImmutableVersionError):
        CriteriaSet.objects.all().delete()
    assert published_questionnaire().title != "Bulk edit"
    assert CriteriaSet.objects.count() == 3  # v1, v2 and the published default v3


def test_a_draft_cannot_be_published_by_saving_its_status_only_through_the_publish_gate(db, ada):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    draft.criteria.filter(slug="no_baseline").update(condition="baseline == false")
    draft.status = VersionStatus.PUBLISHED
    with pytest.raises(ImmutableVersionError):
        draft.save()
    with pytest.raises(ImmutableVersionError):
        CriteriaSet.objects.filter(pk=draft.pk).update(status=VersionStatus.PUBLISHED)
    with pytest.raises(ContentError) as refused:
        draft.publish(user=ada, note="Through the gate")
    assert any("no_baseline" in m for m in refused.value.problems)
    assert published_criteria_set().version == 3  # the shipped default
    assert CriteriaSet.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_a_valid_draft_saved_as_published_is_refused_too(db, ada):
    draft = content_draft_from(version=published_questionnaire(), user=ada)
    draft.status = VersionStatus.PUBLISHED
    with pytest.raises(ImmutableVersionError):
        draft.save()
    assert published_questionnaire().version == 2  # the shipped default


def test_the_publish_gate_checks_once(db, ada, monkeypatch):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    calls = []
    original = CriteriaSet.blocking_problems

    def counted(self):
        calls.append(self.pk)
        return original(self)

    monkeypatch.setattr(CriteriaSet, "blocking_problems", counted)
    draft.publish(user=ada, note="Once is enough")
    assert calls == [draft.pk]
    assert published_criteria_set() == draft
