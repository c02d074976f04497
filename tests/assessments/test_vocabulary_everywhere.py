"""Model choices, the template filter and the report form all read the engine's one vocabulary."""

from django.template import Context, Template

from assessments import engine
from assessments.models import Criterion, GoldenCase, PolicyRule
from assessments.reports.forms import ReportReviewForm


def test_model_choices_are_the_engine_vocabulary():
    assert PolicyRule.VERDICTS == engine.VERDICT_CHOICES
    assert dict(GoldenCase._meta.get_field("expected_verdict").choices) == engine.VERDICT_LABELS
    assert Criterion.KINDS == engine.KIND_CHOICES
    assert Criterion.APPROACHES == engine.APPROACH_CHOICES


def test_the_template_filters_say_the_same_words_as_the_report():
    rendered = Template(
        "{% load verdicts %}{{ 'not_yet'|verdict_label }}|{{ 'rag'|approach_label }}|{{ 'fit'|kind_label }}"
    ).render(Context())
    assert rendered == f"{engine.verdict_label('not_yet')}|{engine.approach_label('rag')}|{engine.kind_label('fit')}"


def test_the_override_choices_on_the_review_form_are_the_verdict_labels():
    choices = dict(ReportReviewForm.base_fields["override_verdict"].choices)
    assert {k: v for k, v in choices.items() if k} == engine.VERDICT_LABELS
