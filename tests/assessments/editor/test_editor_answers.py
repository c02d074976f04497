"""The editor's pages drawn with the client's widgets: a golden case's answers, and the preview."""

from django.urls import reverse

from assessments.models import Answer, Assessment, Evaluation
from assessments.selectors import published_criteria_set, published_questionnaire
from assessments.services.publishing import content_draft_from


def _answers_url(case):
    return reverse("editor-golden-answers", args=[case.criteria_set_id, case.pk])


def _post(case):
    """A whole answer sheet as a browser posts it: every shown question present, the case's answers."""
    data = {"present": [], **{}}
    for slug, value in case.answers.items():
        data["present"].append(slug)
        data[slug] = {True: "yes", False: "no"}.get(value, value) if not isinstance(value, list) else value
    return data


def test_a_golden_case_answers_page_uses_the_client_widgets_with_visibility_applied(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.get(name__startswith="Ready: brand voice")
    page = admin_client.get(_answers_url(case)).content.decode()
    assert 'id="questions-use_case"' in page and 'name="present" value="goals"' in page
    assert 'id="id-goals-style_voice" value="style_voice" checked' in page
    # knowledge_change_rate is shown only when new_knowledge is a goal.
    assert 'name="knowledge_change_rate"' not in page


def test_choosing_an_answer_brings_up_its_follow_up_question_without_storing(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.get(name__startswith="Ready: brand voice")
    data = _post(case)
    data["goals"] = ["style_voice", "new_knowledge"]
    response = admin_client.post(_answers_url(case), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'name="knowledge_change_rate"' in response.content.decode()
    case.refresh_from_db()
    assert case.answers["goals"] == ["style_voice"]


def test_saving_answers_stores_only_visible_valid_answers(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.get(name__startswith="Ready: brand voice")
    data = _post(case)
    data.update(curated_examples="none", present=[*data["present"], "knowledge_change_rate"])
    data["knowledge_change_rate"] = "weekly_or_faster"  # hidden: new_knowledge isn't a goal
    response = admin_client.post(_answers_url(case), {**data, "save": "1"})
    assert response.url.endswith("#golden-heading")
    case.refresh_from_db()
    assert case.answers["curated_examples"] == "none"
    assert "knowledge_change_rate" not in case.answers
    # examples_reviewed is hidden once there are no curated examples, so its answer is dropped.
    assert "examples_reviewed" not in case.answers


def test_a_refused_value_is_shown_and_nothing_is_saved(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.first()
    before = case.answers
    data = {**_post(case), "request_volume": "enormous", "save": "1"}
    response = admin_client.post(_answers_url(case), data)
    assert response.status_code == 400
    assert "Some answers can't be used" in response.content.decode()
    case.refresh_from_db()
    assert case.answers == before


def test_a_published_sets_case_can_be_read_but_not_saved(admin_client):
    case = published_criteria_set().golden_cases.first()
    page = admin_client.get(_answers_url(case)).content.decode()
    assert "<fieldset disabled>" in page and "Save answers" not in page
    response = admin_client.post(_answers_url(case), {**_post(case), "save": "1"})
    assert response.status_code == 400


def test_consultants_get_neither_the_answers_page_nor_the_preview(client, alice, criteria_draft):
    client.force_login(alice)
    assert client.get(_answers_url(criteria_draft.golden_cases.first())).status_code == 403
    assert client.get(reverse("editor-preview", args=[published_questionnaire().pk])).status_code == 403


def test_the_preview_shows_the_questionnaire_as_the_client_sees_it_and_stores_nothing(admin_client, ada):
    questionnaire = content_draft_from(version=published_questionnaire(), user=ada)
    url = reverse("editor-preview", args=[questionnaire.pk])
    page = admin_client.get(url).content.decode()
    assert "nothing is stored" in page and "What you want the model to do" in page
    assert 'name="knowledge_change_rate"' not in page
    counts = Assessment.objects.count(), Answer.objects.count(), Evaluation.objects.count()
    response = admin_client.post(url, {"present": ["goals"], "goals": ["new_knowledge"]}, HTTP_HX_REQUEST="true")
    assert 'name="knowledge_change_rate"' in response.content.decode()
    assert "<html" not in response.content.decode()  # only the sheet is swapped
    assert (Assessment.objects.count(), Answer.objects.count(), Evaluation.objects.count()) == counts


def test_the_preview_refuses_garbage_answers_with_a_message(admin_client):
    url = reverse("editor-preview", args=[published_questionnaire().pk])
    response = admin_client.post(url, {"present": ["request_volume", "nope"], "request_volume": "enormous"})
    assert response.status_code == 200
    assert "Some answers can't be used" in response.content.decode()


def test_stored_answers_the_questionnaire_refuses_are_listed_and_saving_drops_them(admin_client, criteria_draft):
    case = criteria_draft.golden_cases.first()
    case.answers = {**case.answers, "retired_question": "x"}
    case.save()
    page = admin_client.get(_answers_url(case)).content.decode()
    assert "Some stored answers don't fit questionnaire v2" in page and "retired_question" in page
    admin_client.post(_answers_url(case), {**_post(case), "save": "1"})
    case.refresh_from_db()
    assert "retired_question" not in case.answers


def test_the_preview_warns_when_the_version_has_problems(admin_client, ada):
    questionnaire = content_draft_from(version=published_questionnaire(), user=ada)
    question = questionnaire.questions.get(slug="prompting_outcome")
    question.visible_when = 'prompting_tried == "nope" &&'
    question.save()
    page = admin_client.get(reverse("editor-preview", args=[questionnaire.pk])).content.decode()
    assert "This version has problems the editor lists" in page
