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
