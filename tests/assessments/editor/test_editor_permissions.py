"""Every editor URL is for admins only: consultants and people without a role get 403."""

import pytest
from django.urls import URLPattern, reverse

from assessments.editor import urls as editor_urls

PATTERNS = editor_urls.urlpatterns

SAMPLE_KWARGS = {
    "pk": 1,
    "kind": "criteria",
    "criterion_pk": 1,
    "rule_pk": 1,
    "case_pk": 1,
    "run_pk": 1,
    "question_pk": 1,
    "section_pk": 1,
    "choice_pk": 1,
    "old_pk": 1,
    "new_pk": 1,
    "action": "duplicate",
}


def _editor_urls():
    for pattern in PATTERNS:
        assert isinstance(pattern, URLPattern), "nested includes would escape this test"
        kwargs = {name: SAMPLE_KWARGS[name] for name in pattern.pattern.converters}
        yield reverse(pattern.name, kwargs=kwargs)


@pytest.mark.parametrize("method", ["get", "post"])
def test_consultants_get_403_on_every_editor_url(client, alice, method):
    client.force_login(alice)
    urls = list(_editor_urls())
    assert len(urls) == len(PATTERNS)
    for url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_people_without_a_role_get_403_on_every_editor_url(client, charlie):
    client.force_login(charlie)
    for url in _editor_urls():
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for url in _editor_urls():
        assert client.get(url).status_code == 302, url


def test_admins_reach_the_editor_home(client, ada):
    client.force_login(ada)
    response = client.get(reverse("editor-home"))
    assert response.status_code == 200
    assert b"Criteria sets" in response.content
    assert b"Continue draft" not in response.content


def test_the_editor_home_offers_to_continue_an_open_draft(client, ada):
    from assessments.selectors import published_criteria_set
    from assessments.services.publishing import content_draft_from

    draft = content_draft_from(version=published_criteria_set(), user=ada)
    client.force_login(ada)
    page = client.get(reverse("editor-home")).content.decode()
    assert f'href="{reverse("editor-criteria", args=[draft.pk])}">Continue draft v4</a>' in page
    assert page.count("Continue draft") == 1  # the questionnaire has no draft


@pytest.mark.parametrize("method", ["get", "post"])
def test_admins_get_a_clear_answer_never_a_500_for_unknown_objects_and_garbage(client, ada, method):
    client.force_login(ada)
    garbage = {"kind": "bogus", "questionnaire": "x", "condition": "((", "slug": "Bad Slug", "move": "sideways"}
    for pattern in editor_urls.urlpatterns:
        kwargs = {name: 99999 if name.endswith("pk") else SAMPLE_KWARGS[name] for name in pattern.pattern.converters}
        url = reverse(pattern.name, kwargs=kwargs)
        response = getattr(client, method)(url, garbage)
        assert response.status_code < 500, url
        if pattern.name not in ("editor-home", "editor-import"):  # these name no object
            assert response.status_code in (404, 405), url
