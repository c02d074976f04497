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
