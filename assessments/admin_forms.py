"""Forms and widgets for the content admin (assessments/admin.py)."""

from django import forms
from django.forms.models import BaseInlineFormSet

from assessments.models import Section


class PublishForm(forms.Form):
    note = forms.CharField(
        label="Publishing note",
        error_messages={"required": "Say what changed and why."},
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="What changed and why. Kept with this version for everyone who reads its history.",
    )


def condition_widgets(field_name: str) -> forms.Textarea:
    """Short textareas; conditions get a monospace class (static/css/admin_content.css)."""
    css = "content-condition" if field_name in ("condition", "visible_when") else "content-prose"
    return forms.Textarea(
        attrs={"rows": 2, "cols": 70, "class": css, "spellcheck": "false" if "cond" in css else "true"}
    )


class SectionLimitedFormSet(BaseInlineFormSet):
    """A question's section can only be one of its own questionnaire's sections."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if "section" in form.fields:
            form.fields["section"].queryset = Section.objects.filter(questionnaire=self.instance.pk)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        if "section" in form.fields:
            form.fields["section"].queryset = Section.objects.filter(questionnaire=self.instance.pk)
        return form
