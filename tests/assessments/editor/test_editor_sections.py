"""Sections in the questionnaire editor: add, rename, reorder, remove when empty (drafts only)."""

from django.urls import reverse

from assessments.models import Section
from assessments.selectors import content_changes, content_definition, published_questionnaire


def _slugs(questionnaire):
    return [s.slug for s in questionnaire.sections.order_by("order", "pk")]


def test_an_admin_adds_a_section_at_the_end(admin_client, questionnaire_draft):
    response = admin_client.post(
        reverse("editor-section-add", args=[questionnaire_draft.pk]),
        {"slug": "data_location", "title": " Where data lives "},
    )
    section = questionnaire_draft.sections.get(slug="data_location")
    assert response.url.endswith(f"#section-{section.pk}")
    assert section.title == "Where data lives" and _slugs(questionnaire_draft)[-1] == "data_location"
    page = admin_client.get(reverse("editor-questionnaire", args=[questionnaire_draft.pk])).content.decode()
    assert "Add a question to Where data lives" in page
    assert any(c.action == "created" and c.part == "section" for c in content_changes(questionnaire_draft))


def test_a_bad_or_taken_section_slug_or_a_missing_title_is_refused_with_the_reason(admin_client, questionnaire_draft):
    url = reverse("editor-section-add", args=[questionnaire_draft.pk])
    for data, message in (
        ({"slug": "use_case", "title": "Again"}, "There is already a section use_case."),
        ({"slug": "Bad Slug", "title": "x"}, "can&#x27;t be a section slug"),
        ({"slug": "fresh", "title": "  "}, "A section needs a title."),
    ):
        response = admin_client.post(url, data, follow=True)
        assert message in response.content.decode()
    assert questionnaire_draft.sections.count() == published_questionnaire().sections.count()


def test_renaming_a_section_is_autosaved(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.get(slug="data")
    response = admin_client.post(
        reverse("editor-section", args=[questionnaire_draft.pk, section.pk]), {"title": "Your data"}
    )
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.title == "Your data"


def test_moving_a_section_moves_its_questions_and_is_listed_as_moved_in_the_history(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.get(slug="evaluation")
    admin_client.post(reverse("editor-section-action", args=[questionnaire_draft.pk, section.pk, "up"]))
    assert _slugs(questionnaire_draft) == ["use_case", "current_approach", "evaluation", "data", "operations"]
    questions = [q.slug for q in content_definition(questionnaire_draft).questions]
    assert questions.index("evaluation_method") < questions.index("curated_examples")
    moved = [c for c in content_changes(questionnaire_draft) if c.action == "moved"]
    assert {c.name for c in moved} == {"evaluation", "data"} and all(c.part == "section" for c in moved)
    page = admin_client.get(reverse("editor-history", args=["questionnaires", questionnaire_draft.pk])).content.decode()
    assert "moved section <code>evaluation</code>" in page


def test_the_first_section_does_not_move_further_up(admin_client, questionnaire_draft):
    first = questionnaire_draft.sections.order_by("order").first()
    admin_client.post(reverse("editor-section-action", args=[questionnaire_draft.pk, first.pk, "up"]))
    assert _slugs(questionnaire_draft) == _slugs(published_questionnaire())


def test_a_section_with_questions_is_not_removed_and_the_page_says_why(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.get(slug="operations")
    response = admin_client.post(
        reverse("editor-section-action", args=[questionnaire_draft.pk, section.pk, "remove"]), follow=True
    )
    assert "Running it still has 2 questions: remove them first." in response.content.decode()
    assert Section.objects.filter(pk=section.pk).exists()


def test_an_empty_section_is_removed(admin_client, questionnaire_draft):
    admin_client.post(reverse("editor-section-add", args=[questionnaire_draft.pk]), {"slug": "spare", "title": "Spare"})
    spare = questionnaire_draft.sections.get(slug="spare")
    response = admin_client.post(
        reverse("editor-section-action", args=[questionnaire_draft.pk, spare.pk, "remove"]), follow=True
    )
    assert "The section Spare was removed from this draft." in response.content.decode()
    assert not Section.objects.filter(pk=spare.pk).exists()
    assert any(c.action == "removed" and c.name == "spare" for c in content_changes(questionnaire_draft))


def test_sections_of_a_published_questionnaire_cannot_change(admin_client):
    published = published_questionnaire()
    section = published.sections.first()
    add = admin_client.post(reverse("editor-section-add", args=[published.pk]), {"slug": "x", "title": "X"})
    move = admin_client.post(reverse("editor-section-action", args=[published.pk, section.pk, "down"]))
    assert (add.status_code, move.status_code) == (400, 400)
    assert _slugs(published)[0] == section.slug


def test_an_unknown_section_action_is_refused(admin_client, questionnaire_draft):
    section = questionnaire_draft.sections.first()
    response = admin_client.post(
        reverse("editor-section-action", args=[questionnaire_draft.pk, section.pk, "sideways"])
    )
    assert response.status_code == 400


def test_consultants_cannot_change_sections(client, alice, questionnaire_draft):
    client.force_login(alice)
    assert (
        client.post(
            reverse("editor-section-add", args=[questionnaire_draft.pk]), {"slug": "x", "title": "X"}
        ).status_code
        == 403
    )
    assert not questionnaire_draft.sections.filter(slug="x").exists()


def test_an_empty_section_blocks_publishing_until_it_has_a_question(admin_client, questionnaire_draft):
    admin_client.post(
        reverse("editor-section-add", args=[questionnaire_draft.pk]), {"slug": "hosting", "title": "Hosting"}
    )
    assert (
        "section hosting, questions: Add a question to it, or remove the section."
        in questionnaire_draft.blocking_problems()
    )
    section = questionnaire_draft.sections.get(slug="hosting")
    admin_client.post(
        reverse("editor-question-add", args=[questionnaire_draft.pk, section.pk]),
        {"slug": "eu_hosting", "type": "yes_no", "prompt": "Must it be hosted in the EU?"},
    )
    assert not [p for p in questionnaire_draft.blocking_problems() if p.startswith("section")]
