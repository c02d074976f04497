"""Golden cases in the criteria editor: add, rename, remove (drafts only, admins only)."""

import pytest
from django.urls import reverse

from assessments.editor.views.criteria import _golden_results
from assessments.models import GoldenCase
from assessments.selectors import content_changes, published_criteria_set
from assessments.services.content import content_install_later_versions
from assessments.services.publishing import content_draft_from


def test_an_admin_adds_a_golden_case_and_is_taken_to_its_answers(admin_client, criteria_draft):
    response = admin_client.post(
        reverse("editor-golden-add", args=[criteria_draft.pk]),
        {"name": "  EU data,   no rights ", "expected_verdict": "not_yet"},
    )
    case = criteria_draft.golden_cases.get(name="EU data, no rights")
    assert case.expected_verdict == "not_yet" and case.answers == {}
    assert case.order == criteria_draft.golden_cases.exclude(pk=case.pk).order_by("-order").first().order + 1
    assert response.url == reverse("editor-golden-answers", args=[criteria_draft.pk, case.pk])
    # Without answers it fails beside the editor, so the draft can't be published by accident.
    panel = admin_client.get(reverse("editor-golden", args=[criteria_draft.pk])).content.decode()
    assert "✗ Fails:</strong> EU data, no rights" in panel


def test_a_golden_case_needs_a_free_name_and_a_known_verdict(admin_client, criteria_draft):
    taken = criteria_draft.golden_cases.first().name
    url = reverse("editor-golden-add", args=[criteria_draft.pk])
    for data, message in (
        ({"name": taken, "expected_verdict": "not_yet"}, "There is already a golden case called"),
        ({"name": "   ", "expected_verdict": "not_yet"}, "needs a name"),
        ({"name": "New", "expected_verdict": "made_up"}, "Choose the verdict"),
    ):
        count = GoldenCase.objects.count()
        response = admin_client.post(url, data, follow=True)
        assert message in response.content.decode()
        assert GoldenCase.objects.count() == count


def test_renaming_a_misleading_case_keeps_its_answers_and_shows_in_the_history(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.get(name__startswith="Ready: brand voice")
    answers = case.answers
    url = reverse("editor-golden-action", args=[criteria_draft.pk, case.pk, "rename"])
    response = admin_client.post(url, {"name": "Not yet: brand voice without reviewed examples"}, follow=True)
    assert "Renamed" in response.content.decode()
    case.refresh_from_db()
    assert case.name == "Not yet: brand voice without reviewed examples" and case.answers == answers
    change = next(c for c in content_changes(criteria_draft) if c.part == "golden case")
    assert change.action == "changed" and change.fields[0].field == "name"


def test_a_rename_to_a_name_in_use_is_refused_with_the_reason(admin_client, criteria_draft):
    first, second = criteria_draft.golden_cases.all()[:2]
    url = reverse("editor-golden-action", args=[criteria_draft.pk, second.pk, "rename"])
    response = admin_client.post(url, {"name": first.name}, follow=True)
    assert "There is already a golden case called" in response.content.decode()
    second.refresh_from_db()
    assert second.name != first.name


def test_an_admin_removes_a_golden_case_from_the_draft_only(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.first()
    published_count = published_criteria_set().golden_cases.count()
    response = admin_client.post(
        reverse("editor-golden-action", args=[criteria_draft.pk, case.pk, "remove"]), follow=True
    )
    assert "removed from this draft" in response.content.decode()
    assert not GoldenCase.objects.filter(pk=case.pk).exists()
    assert published_criteria_set().golden_cases.count() == published_count


def test_golden_cases_of_a_published_set_cannot_be_added_renamed_or_removed(admin_client):
    published = published_criteria_set()
    case = published.golden_cases.first()
    responses = [
        admin_client.post(
            reverse("editor-golden-add", args=[published.pk]), {"name": "x", "expected_verdict": "not_yet"}
        ),
        admin_client.post(reverse("editor-golden-action", args=[published.pk, case.pk, "rename"]), {"name": "x"}),
        admin_client.post(reverse("editor-golden-action", args=[published.pk, case.pk, "remove"])),
    ]
    assert [r.status_code for r in responses] == [400, 400, 400]
    case.refresh_from_db()
    assert case.name != "x"


def test_an_unknown_action_or_a_case_of_another_set_is_refused(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.first()
    assert (
        admin_client.post(reverse("editor-golden-action", args=[criteria_draft.pk, case.pk, "explode"])).status_code
        == 400
    )
    other = published_criteria_set().golden_cases.first()
    assert (
        admin_client.post(reverse("editor-golden-action", args=[criteria_draft.pk, other.pk, "remove"])).status_code
        == 404
    )


def test_consultants_cannot_change_golden_cases(client, alice, criteria_draft):
    client.force_login(alice)
    case = criteria_draft.golden_cases.first()
    assert client.post(reverse("editor-golden-action", args=[criteria_draft.pk, case.pk, "remove"])).status_code == 403
    assert client.post(reverse("editor-golden-add", args=[criteria_draft.pk]), {"name": "x"}).status_code == 403
    assert GoldenCase.objects.filter(pk=case.pk).exists()


def test_the_panel_offers_add_rename_remove_and_answers_on_a_draft_only(admin_client, criteria_draft):
    page = admin_client.get(reverse("editor-criteria", args=[criteria_draft.pk])).content.decode()
    assert "Add a golden case" in page and "Rename or remove" in page and "Edit its answers" in page
    page = admin_client.get(reverse("editor-criteria", args=[published_criteria_set().pk])).content.decode()
    assert "Add a golden case" not in page and "Rename or remove" not in page and "See its answers" in page


def test_each_case_says_what_it_expects_so_a_misleading_name_shows(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.get(name__startswith="Ready: brand voice")
    case.expected_verdict = "not_yet"
    case.save()
    panel = admin_client.get(reverse("editor-golden", args=[criteria_draft.pk])).content.decode()
    row = panel[panel.index(case.name) :]
    assert row.index("Expects Not yet") < row.index("Edit its answers")


@pytest.mark.django_db
def test_the_panel_shows_what_each_case_gave_with_its_measured_facts(ada):
    content_install_later_versions()  # v2: some cases decide on measured facts
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    results, errors = _golden_results(draft)
    with_facts = [r for r in results if r["case"].facts]
    assert errors == [] and with_facts
    for row in results:
        assert row["result"].passed, row["result"].failures
        assert row["actual"] == row["case"].expected_verdict, row["case"].name


def test_the_must_match_fields_accept_what_they_display(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.exclude(must_match=[]).order_by("pk").first()
    case.must_match = sorted(criteria_draft.criteria.values_list("slug", flat=True))[:2]
    case.save()
    panel = admin_client.get(reverse("editor-golden", args=[criteria_draft.pk])).content.decode()
    shown = ", ".join(case.must_match)
    assert f'name="must_match" value="{shown}"' in panel
    response = admin_client.post(
        reverse("editor-golden-case", args=[criteria_draft.pk, case.pk]),
        {"expected_verdict": case.expected_verdict, "must_match": shown, "must_not_match": "", "note": "Same."},
        follow=True,
    )
    assert "No criterion is called" not in response.content.decode()
    case.refresh_from_db()
    assert case.must_match == sorted(criteria_draft.criteria.values_list("slug", flat=True))[:2]
