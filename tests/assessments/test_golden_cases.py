"""Golden cases in the editor: live pass/fail with the diff, and changed expectations with a note."""

from django.urls import reverse

from assessments.selectors import published_criteria_set
from tests.assessments.editor_history import draft_with_condition

# The published default (v2) prefers a measured count; stricter only for the stated answer.
_STATED = 'curated_examples in ["none", "under_100", "100_to_1000"]'
STRICTER = f"has(sample.unique_examples) ? sample.unique_examples < 100 : {_STATED}"


def test_all_golden_cases_pass_on_an_unchanged_draft(admin_client, ada):
    unchanged = published_criteria_set().criteria.get(slug="insufficient_curated_data").condition
    draft = draft_with_condition(ada, "insufficient_curated_data", unchanged)
    page = admin_client.get(reverse("editor-golden", args=[draft.pk])).content.decode()
    assert f"{draft.golden_cases.count()} cases, 0 failing" in page


def test_a_breaking_change_shows_expected_and_actual_verdicts(admin_client, ada):
    draft = draft_with_condition(ada, "insufficient_curated_data", STRICTER)
    page = admin_client.get(reverse("editor-golden", args=[draft.pk])).content.decode()
    assert "0 failing" not in page
    assert "✗ Fails" in page
    assert "verdict is not_yet, expected fine_tune" in page
    assert "Fine-tune now</span>, got" in page  # the verdicts in words, beside the engine's slugs
    assert "Not yet: prepare first</span>" in page
    response = admin_client.post(reverse("editor-publish", args=["criteria", draft.pk]), {"note": "Stricter"})
    assert response.status_code == 400
    assert "golden case" in response.content.decode()


def test_an_expectation_changes_only_with_a_note(admin_client, ada):
    draft = draft_with_condition(ada, "insufficient_curated_data", STRICTER)
    case = draft.golden_cases.get(expected_verdict="fine_tune", name__startswith="Ready")
    url = reverse("editor-golden-case", args=[draft.pk, case.pk])
    admin_client.post(url, {"expected_verdict": "not_yet", "note": ""})
    case.refresh_from_db()
    assert case.expected_verdict == "fine_tune"
    admin_client.post(url, {"expected_verdict": "not_yet", "must_match": "no_such_criterion", "note": "Why"})
    case.refresh_from_db()
    assert case.expected_verdict == "fine_tune"
    admin_client.post(
        url,
        {
            "expected_verdict": "not_yet",
            "must_match": "insufficient_curated_data",
            "must_not_match": "",
            "note": "Under 1000 examples is now too few.",
        },
    )
    case.refresh_from_db()
    assert (case.expected_verdict, case.note) == ("not_yet", "Under 1000 examples is now too few.")
    assert (case.must_match, case.must_not_match) == (["insufficient_curated_data"], [])
    assert case.history.first().history_user == ada


def test_golden_cases_wait_for_a_valid_criteria_set(admin_client, ada):
    draft = draft_with_condition(ada, "insufficient_curated_data", "curated_examples ==")
    page = admin_client.get(reverse("editor-golden", args=[draft.pk])).content.decode()
    assert "run until the criteria set is valid" in page
