"""The admin's form for a new webhook endpoint."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from discovery.webhooks.models import WebhookEvent


class EndpointForm(forms.Form):
    url = forms.CharField(label="Endpoint URL", max_length=500, help_text="Where we POST each event, https://…")
    description = forms.CharField(
        max_length=200, required=False, help_text="Which system this is, for your colleagues."
    )
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add endpoint"))
