"""The default content `migrate` installs: questionnaire v2 and criteria v3 (which targets it) are
published together; a shipped criteria version never lands on an admin's own questionnaire
version; the shipped versions keep their content hashes."""

import json

import pytest

from assessments import engine
from assessments.engine.content import CONTENT_DIR
from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.content import _install_later_criteria, content_install_later_versions
from assessments.services.publishing import content_draft_from, content_publish

pytestmark = pytest.mark.django_db


def shipped(name: str) -> dict:
    return json.loads((CONTENT_DIR / name).read_text())


def test_migrate_publishes_questionnaire_v2_and_criteria_v3_that_targets_it():
    questionnaire, criteria = published_questionnaire(), published_criteria_set()
    assert (questionnaire.version, criteria.version) == (2, 3) and criteria.questionnaire == questionnaire
    assert Questionnaire.objects.get(version=1).status == VersionStatus.RETIRED
    assert list(CriteriaSet.objects.order_by("version").values_list("status", flat=True)) == [
        VersionStatus.RETIRED,
        VersionStatus.RETIRED,
        VersionStatus.PUBLISHED,
    ]


def test_every_stored_default_version_has_the_hash_of_its_shipped_file():
    for version in (*Questionnaire.objects.all(), *CriteriaSet.objects.all()):
        document = shipped(f"{version.slug}.v{version.version}.json")
        load = engine.Questionnaire if isinstance(version, Questionnaire) else engine.CriteriaSet
        assert version.to_definition().content_hash == load.from_dict(document).content_hash, str(version)


def test_installing_again_adds_nothing():
    before = (Questionnaire.objects.count(), CriteriaSet.objects.count())
    content_install_later_versions()
    assert (Questionnaire.objects.count(), CriteriaSet.objects.count()) == before


def test_a_shipped_criteria_version_is_not_installed_on_an_admins_own_questionnaire_version(ada):
    draft = content_draft_from(version=published_questionnaire(), user=ada)
    draft.questions.filter(slug="use_case_summary").update(prompt="What should the model do?")
    content_publish(version=draft, user=ada, note="Our own wording")
    # A later shipped criteria version aimed at that number (3): it is the admin's, not ours.
    document = {
        **shipped("fine-tuning-criteria.v3.json"),
        "version": 9,
        "questionnaire": {"slug": draft.slug, "version": 3},
    }
    _install_later_criteria(document)
    assert not CriteriaSet.objects.filter(version=9).exists()
    # Aimed at the shipped v2 it installs (and is published, v2 being shipped and not a draft).
    _install_later_criteria({**document, "questionnaire": {"slug": draft.slug, "version": 2}})
    assert CriteriaSet.objects.get(version=9).status == VersionStatus.PUBLISHED
