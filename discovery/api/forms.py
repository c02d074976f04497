"""The admin's form for a new integration token."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings

from discovery.api.models import IntegrationToken


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="The system that will use it, e.g. “CRM”. Writes show this name.")
    scope = forms.ChoiceField(choices=IntegrationToken.SCOPES, initial=IntegrationToken.READ)
    role = forms.ChoiceField(
        choices=IntegrationToken.ROLES,
        initial=IntegrationToken.CONSULTANT,
        help_text="It may do what a person in this role may do on the pages.",
    )
    days = forms.IntegerField(min_value=1, max_value=730, label="Expires after (days)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create token"))
