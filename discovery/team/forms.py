"""Forms for the team page (invite, a member's role and profile) and the MFA pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model

from discovery.models import ConsultantProfile
from discovery.roles import ROLES


class MemberForm(forms.Form):
    """A member's name and email, role and the profile staffing suggestions use."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=150, help_text="They sign in with this address.")
    role = forms.ChoiceField(choices=ROLES)
    title = forms.CharField(max_length=120)
    skills = forms.MultipleChoiceField(
        choices=ConsultantProfile.SKILLS, required=False, widget=forms.CheckboxSelectMultiple
    )
    external_load = forms.IntegerField(
        min_value=0,
        max_value=20,
        initial=0,
        label="External load",
        help_text="Engagements carried outside Discovery (delivery work, holidays); staffing counts them.",
    )

    def __init__(self, *args, submit_label="Save changes", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))


class InviteForm(MemberForm):
    email = forms.EmailField(max_length=150)
    field_order = ["email", "first_name", "last_name", "role", "title", "skills", "external_load"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label="Send invitation", **kwargs)
        self.helper.form_action = "team-invite"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(username__iexact=email).exists() or users.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone with this email already has an account.")
        return email


class MfaCodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )

    def __init__(self, *args, submit_label="Verify", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label, css_class="w-100"))


class MfaEnrolForm(MfaCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label="Turn on MFA", **kwargs)
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows for Discovery."
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
