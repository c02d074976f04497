"""The editor: admins change criteria and questionnaires safely (every view is admin_required)."""

from django.urls import path

from assessments.editor.views import criteria, drafts, golden, publish, questionnaire
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("", criteria.editor_home, name="editor-home"),
    path("import/", drafts.editor_import, name="editor-import"),
    path("<str:kind>/<id:pk>/new-draft/", drafts.editor_new_draft, name="editor-new-draft"),
    path("<str:kind>/<id:pk>/discard/", drafts.editor_discard, name="editor-discard"),
    path("<str:kind>/<id:pk>/acknowledge/", drafts.editor_acknowledge, name="editor-acknowledge"),
    path("<str:kind>/<id:pk>/export/", drafts.editor_export, name="editor-export"),
    path("criteria/<id:pk>/", criteria.editor_criteria, name="editor-criteria"),
    path("criteria/<id:pk>/validate/", criteria.editor_validate_condition, name="editor-validate"),
    path("criteria/<id:pk>/questionnaire/", criteria.editor_criteria_target, name="editor-criteria-target"),
    path("criteria/<id:pk>/criteria/add/", criteria.editor_criterion_add, name="editor-criterion-add"),
    path("criteria/<id:pk>/criteria/<id:criterion_pk>/", criteria.editor_criterion_save, name="editor-criterion"),
    path(
        "criteria/<id:pk>/criteria/<id:criterion_pk>/<str:action>/",
        criteria.editor_criterion_action,
        name="editor-criterion-action",
    ),
    path("criteria/<id:pk>/policy/<id:rule_pk>/", criteria.editor_rule_save, name="editor-rule"),
    path("criteria/<id:pk>/golden/", criteria.editor_golden, name="editor-golden"),
    path("criteria/<id:pk>/golden/add/", golden.editor_golden_add, name="editor-golden-add"),
    path("criteria/<id:pk>/golden/<id:case_pk>/", criteria.editor_golden_save, name="editor-golden-case"),
    path(
        "criteria/<id:pk>/golden/<id:case_pk>/<str:action>/",
        golden.editor_golden_action,
        name="editor-golden-action",
    ),
    path("criteria/<id:pk>/impact/", publish.editor_impact_start, name="editor-impact-start"),
    path("criteria/<id:pk>/impact/<id:run_pk>/", publish.editor_impact, name="editor-impact"),
    path("criteria/<id:pk>/impact/<id:run_pk>/csv/", publish.editor_impact_csv, name="editor-impact-csv"),
    path("questionnaires/<id:pk>/", questionnaire.editor_questionnaire, name="editor-questionnaire"),
    path(
        "questionnaires/<id:pk>/questions/<id:question_pk>/",
        questionnaire.editor_question_save,
        name="editor-question",
    ),
    path(
        "questionnaires/<id:pk>/questions/<id:question_pk>/validate/",
        questionnaire.editor_visibility_validate,
        name="editor-visibility-validate",
    ),
    path(
        "questionnaires/<id:pk>/questions/<id:question_pk>/choices/add/",
        questionnaire.editor_choice_add,
        name="editor-choice-add",
    ),
    path(
        "questionnaires/<id:pk>/questions/<id:question_pk>/<str:action>/",
        questionnaire.editor_question_action,
        name="editor-question-action",
    ),
    path(
        "questionnaires/<id:pk>/choices/<id:choice_pk>/remove/",
        questionnaire.editor_choice_remove,
        name="editor-choice-remove",
    ),
    path(
        "questionnaires/<id:pk>/sections/<id:section_pk>/",
        questionnaire.editor_section_save,
        name="editor-section",
    ),
    path(
        "questionnaires/<id:pk>/sections/add/",
        questionnaire.editor_section_add,
        name="editor-section-add",
    ),
    path(
        "questionnaires/<id:pk>/sections/<id:section_pk>/<str:action>/",
        questionnaire.editor_section_action,
        name="editor-section-action",
    ),
    path(
        "questionnaires/<id:pk>/sections/<id:section_pk>/questions/add/",
        questionnaire.editor_question_add,
        name="editor-question-add",
    ),
    path("<str:kind>/<id:pk>/publish/", publish.editor_publish, name="editor-publish"),
    path("<str:kind>/<id:pk>/history/", publish.editor_history, name="editor-history"),
    path("<str:kind>/<id:old_pk>/diff/<id:new_pk>/", publish.editor_diff, name="editor-diff"),
]
