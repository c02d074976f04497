"""The baseline run forms: what a consultant prepares (connection, model, prompts, eval set,
target, repetitions, compared variants) and what starts it (the cost cap and the client's
recorded agreement)."""

from django import forms

from assessments.models import ModelConnection

GRADERS = [
    ("equals", "Equals the expected answer (whitespace and case ignored)"),
    ("contains", "Contains the expected answer"),
    ("numeric", "The same number"),
    ("is_json", "Valid JSON"),
]


class BaselinePrepareForm(forms.Form):
    connection = forms.ModelChoiceField(queryset=ModelConnection.objects.none(), empty_label=None)
    model_id = forms.CharField(label="Model", max_length=200, help_text="One of the connection's allowed models.")
    eval_file = forms.FileField(label="Eval set (JSON Lines)", help_text="The same file the client uploaded.")
    client_prompt = forms.CharField(
        label="The client's current system prompt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Filled from the client's answer when they gave one; edit it if it changed.",
    )
    training_file = forms.FileField(
        label="Training sample (optional)", required=False, help_text="A few of its examples go in the improved prompt."
    )
    target = forms.IntegerField(
        label="Quality target (%)",
        min_value=1,
        max_value=100,
        help_text="The pass rate that would be good enough; filled from the client's answer when they gave one.",
    )
    repeats = forms.IntegerField(label="Repetitions per case", min_value=1, max_value=10, initial=3)
    variant_count = forms.TypedChoiceField(
        label="Improved prompts to compare", choices=[(0, "None"), (1, "One"), (2, "Two")], coerce=int, initial=2
    )
    max_tokens = forms.IntegerField(label="Max output tokens", min_value=1, max_value=8192, initial=512)
    default_grader = forms.ChoiceField(label="Grade cases that name no grader by", choices=GRADERS, initial="equals")

    def __init__(self, *args, connections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connection"].queryset = ModelConnection.objects.filter(pk__in=[c.pk for c in connections])
        allowed = sorted({m for c in connections for m in c.models_allowed})
        if allowed:
            self.fields["model_id"].help_text = "Allowed: " + ", ".join(allowed)
            self.fields["model_id"].initial = allowed[0]


class BaselineLaunchForm(forms.Form):
    cap_usd = forms.DecimalField(label="Cost cap (USD)", min_value=0.01, max_digits=10, decimal_places=2)
    consent = forms.BooleanField(
        label="The client agreed that these eval cases are sent to this model provider",
        error_messages={"required": "Record the client's agreement first."},
    )
