from django import forms


class ErasureForm(forms.Form):
    """Erasure is confirmed by typing the contact's email: a deliberate step, not a stray click."""

    confirm_email = forms.CharField(
        label="Type the contact's email to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
