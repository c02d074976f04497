from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Sign in with an email address or a username (invitations say "sign in with your email")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct email address (or username) and password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Sign in", css_class="w-100"))
        self.fields["username"].label = "Email or username"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean_username(self):
        """An email address becomes its account's username before authenticate() sees it, so
        axes counts failures against one name per account whichever way someone types it."""
        value = self.cleaned_data["username"]
        if "@" not in value:
            return value
        matches = list(
            get_user_model().objects.filter(email__iexact=value.strip()).values_list("username", flat=True)[:2]
        )
        if len(matches) == 1:
            return matches[0]
        return value  # no account or an ambiguous address: checked as a username, and refused as usual
