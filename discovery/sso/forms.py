"""The admin's form to allow a domain for single sign-on."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


class DomainForm(forms.Form):
    domain = forms.CharField(
        max_length=253,
        help_text="e.g. consultancy.example: its people get an account (no role) at their first sign-in.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Allow domain"))
