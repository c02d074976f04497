"""Migrations that change data, run against a database in the state before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("assessments", "0004_report_erased_at")]
AFTER = [("assessments", "0005_one_draft_per_slug_and_acknowledged_findings")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_one_draft_per_slug_keeps_the_newest_draft_and_retires_the_others():
    old = migrate(BEFORE)
    questionnaire = old.get_model("assessments", "Questionnaire")
    questionnaire.objects.create(slug="stray", version=7, title="Published", status="published")
    for version in (8, 9, 10):
        questionnaire.objects.create(slug="stray", version=version, title=f"Draft {version}", status="draft")
    questionnaire.objects.create(slug="alone", version=1, title="Only draft", status="draft")
    try:
        new = migrate(AFTER)
        rows = new.get_model("assessments", "Questionnaire").objects.filter(slug__in=["stray", "alone"])
        by_version = {(q.slug, q.version): q.status for q in rows}
        assert by_version == {
            ("stray", 7): "published",
            ("stray", 8): "retired",
            ("stray", 9): "retired",
            ("stray", 10): "draft",
            ("alone", 1): "draft",
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app, as it was


def test_provider_profiles_still_at_the_2025_seed_are_rechecked_and_edited_ones_keep_their_words():
    old = migrate([("assessments", "0011_sample_fingerprints")])
    profile = old.get_model("assessments", "ProviderProfile")
    profile.objects.all().delete()  # a flushing test database may or may not hold the seeded rows
    figures = {"name": "x", "min_examples": 1, "recommended_examples": 2, "max_tokens_per_example": 3, "source": "s"}
    profile.objects.create(slug="openai", checked="2025-10", notes="seeded", **figures)
    profile.objects.create(slug="vertex_gemini", checked="2026-03", notes="An admin's own check", **figures)
    try:
        new = migrate([("assessments", "0012_provider_availability")])
        rows = {p.slug: p for p in new.get_model("assessments", "ProviderProfile").objects.all()}
        assert rows["openai"].checked == "2026-12" and rows["openai"].availability.startswith("Closing.")
        assert "6 January 2027" in rows["openai"].availability and rows["openai"].notes != "seeded"
        assert rows["vertex_gemini"].notes == "An admin's own check" and rows["vertex_gemini"].checked == "2026-03"
        assert rows["vertex_gemini"].availability.startswith("Available")  # filled in, being empty
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app, as it was


def test_provider_level_profiles_become_one_row_per_model_with_cited_figures_and_an_admins_own_row_stays():
    old = migrate([("assessments", "0016_criterion_next_step_owner")])
    profile = old.get_model("assessments", "ProviderProfile")
    profile.objects.all().delete()
    figures = {"name": "x", "min_examples": 1, "recommended_examples": 2, "max_tokens_per_example": 3, "source": "s"}
    profile.objects.create(slug="openai", checked="2026-12", **figures)
    profile.objects.create(slug="our_own", checked="2026-11", **figures)
    try:
        new = migrate([("assessments", "0017_training_paths")])
        rows = {p.slug: p for p in new.get_model("assessments", "ProviderProfile").objects.all()}
        assert "openai" not in rows and "our_own" in rows
        mini = rows["openai-gpt-4-1-mini-sft"]
        assert mini.status == "closing" and str(mini.closes_on) == "2027-01-06" and str(mini.retires_on) == "2027-01-14"
        cited = new.get_model("assessments", "ProfileFigure").objects.filter(profile=mini)
        assert {f.figure for f in cited} == {"status", "retirement", "limits", "price"}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app, as it was


def _old_report(old, *, erased: bool):
    organisations = old.get_model("discovery", "Organisation").objects
    organisation = organisations.create(name=f"Migrated {erased}", normalised_name=f"migrated {erased}")
    engagement = old.get_model("discovery", "Engagement").objects.create(
        organisation=organisation, requested_details={}
    )
    questionnaire = old.get_model("assessments", "Questionnaire").objects.create(
        slug=f"mig-{erased}".lower(), version=1, title="Q"
    )
    assessment = old.get_model("assessments", "Assessment").objects.create(
        engagement=engagement, questionnaire=questionnaire
    )
    return old.get_model("assessments", "Report").objects.create(
        assessment=assessment,
        number=2 if erased else 1,
        status="ready",
        erased_at="2026-01-01T00:00Z" if erased else None,
    )


def test_versions_erased_before_the_erased_status_existed_say_erased_and_others_keep_theirs():
    old = migrate([("assessments", "0012_provider_availability"), ("discovery", "0006_outgoing_email")])
    try:
        erased, kept = _old_report(old, erased=True), _old_report(old, erased=False)
        new = migrate([("assessments", "0013_report_status_erased")])
        statuses = dict(new.get_model("assessments", "Report").objects.values_list("pk", "status"))
        assert (statuses[erased.pk], statuses[kept.pk]) == ("erased", "ready")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app, as it was


def test_golden_cases_saved_from_an_engagement_before_the_link_existed_are_linked_from_their_note():
    old = migrate([("assessments", "0013_report_status_erased"), ("discovery", "0006_outgoing_email")])
    try:
        _linked_from_note(old)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # every app, as it was


def _linked_from_note(old):
    organisations = old.get_model("discovery", "Organisation").objects
    organisation = organisations.create(name="Linked Ltd", normalised_name="linked")
    engagement = old.get_model("discovery", "Engagement").objects.create(
        organisation=organisation, requested_details={}
    )
    questionnaire = old.get_model("assessments", "Questionnaire").objects.create(slug="mig", version=1, title="Q")
    criteria = old.get_model("assessments", "CriteriaSet").objects.create(
        slug="mig", version=1, title="C", questionnaire=questionnaire
    )
    case = old.get_model("assessments", "GoldenCase").objects
    saved = f"Saved from engagement #{engagement.pk}, evaluated with mig v1 on 2026-01-01."
    linked = case.create(criteria_set=criteria, name="From a client", expected_verdict="fine_tune", note=saved)
    gone = case.create(
        criteria_set=criteria,
        name="Engagement since deleted",
        expected_verdict="fine_tune",
        note="Saved from engagement #999999, evaluated with mig v1 on 2026-01-01.",
    )
    written = case.create(criteria_set=criteria, name="Written by hand", expected_verdict="fine_tune", note="x")
    new = migrate([("assessments", "0014_goldencase_source_engagement")])
    links = dict(new.get_model("assessments", "GoldenCase").objects.values_list("pk", "source_engagement"))
    assert (links[linked.pk], links[gone.pk], links[written.pk]) == (engagement.pk, None, None)
