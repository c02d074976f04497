"""Public forms of the client journey: the assessment request and asking for a new link."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms

from discovery.models import validate_organisation_name


class IntakeForm(forms.Form):
    organisation = forms.CharField(label="Organisation", max_length=200, validators=[validate_organisation_name])
    industry = forms.CharField(label="Industry", max_length=100, help_text="For example: insurance, retail, legal.")
    name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Work email", max_length=254, help_text="We send your private link here.")
    role = forms.CharField(label="Your role", max_length=200, required=False)
    use_case = forms.CharField(
        label="What do you want a language model to do?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A sentence or two is enough. You can add detail in the questionnaire.",
    )
    consent = forms.BooleanField(
        label="You may contact me about this assessment.",
        error_messages={"required": "We need your permission to contact you, or we can't send your results."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(Div("organisation", css_class="col-md-7"), Div("industry", css_class="col-md-5"), css_class="row"),
            Div(Div("name", css_class="col-md-6"), Div("role", css_class="col-md-6"), css_class="row"),
            "email",
            "use_case",
            "consent",
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
        )
        self.helper.add_input(Submit("submit", "Request my assessment", css_class="btn-lg"))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label="Your work email", max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Email me a new link"))
