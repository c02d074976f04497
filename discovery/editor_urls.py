"""The editor's pages drawn with the client's question widgets (discovery/views/editor_answers.py);
the rest of the editor is assessments/editor/urls.py, under the same /editor/ prefix."""

from django.urls import path

from discovery.views import editor_answers
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("questionnaires/<id:pk>/preview/", editor_answers.questionnaire_preview, name="editor-preview"),
    path(
        "criteria/<id:pk>/golden-answers/<id:case_pk>/",
        editor_answers.golden_case_answers,
        name="editor-golden-answers",
    ),
]
