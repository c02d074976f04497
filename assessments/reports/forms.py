"""The architect's review form: narrative, verdict override with justification, proposed team."""

from django import forms

from assessments.engine import VERDICT_CHOICES
from assessments.models import Report
from assessments.reports.services import TRAFFIC_FIELDS
from web.ids import parse_id


class EngineerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name

    def _check_values(self, value):
        # Every posted id goes through the one parser first: Django would hand a 23-digit id to the
        # database, which can't hold it (OverflowError, a 500) instead of saying it isn't listed.
        if any(parse_id(str(pk)) is None for pk in value):
            raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)


class ReportReviewForm(forms.Form):
    narrative = forms.CharField(
        label="Executive summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text="Shown at the top of the report, in your words.",
    )
    override_verdict = forms.ChoiceField(
        label="Your judgement",
        required=False,
        choices=[("", "Agree with the computed verdict"), *VERDICT_CHOICES],
        help_text="The report shows the computed verdict and your judgement side by side.",
    )
    override_justification = forms.CharField(
        label="Why you differ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
    )
    include_disagreements = forms.BooleanField(
        label="Include a “points of disagreement” section",
        required=False,
        help_text="Lists the answers stakeholders disagreed on in the workshop, with who held which view.",
    )
    engineers = EngineerChoiceField(
        label="Proposed engineers",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # A profile can be removed while the page is open; say so instead of "not a valid choice".
        error_messages={
            "invalid_choice": "One of the chosen engineers is no longer listed. Choose again.",
            "invalid_pk_value": "One of the chosen engineers is no longer listed. Choose again.",
        },
    )

    no_engineers_reason = forms.CharField(
        label="Why no engineers are named",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        help_text="Only when you name nobody above: the report tells the client this instead of a team. "
        "Delivery needs named engineers or this reason.",
    )

    # The client's traffic, for the cost section (all three counts, or none: a saving needs them).
    requests_per_day = forms.IntegerField(
        label="Requests a day",
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        help_text="As the client states it.",
    )
    prompt_tokens = forms.IntegerField(
        label="Prompt tokens today",
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="System prompt and examples sent with every request to the base model.",
    )
    tuned_prompt_tokens = forms.IntegerField(
        label="Prompt tokens once fine-tuned",
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="What is still sent when the model has learnt the instructions.",
    )
    answer_tokens = forms.IntegerField(
        label="Answer tokens", required=False, min_value=0, max_value=10_000_000, help_text="A typical answer's length."
    )

    def __init__(self, *args, suggestions, measured_prompt: tuple[int, int] | None = None, **kwargs):
        """`suggestions`: (profile, skill match, load) rows, best first, as the checkbox order;
        `measured_prompt`: (median system-prompt tokens, how many) of the training sample, the
        default for today's prompt length."""
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        self.measured_prompt = measured_prompt
        if measured_prompt:
            tokens, examples = measured_prompt
            if self.initial.get("prompt_tokens") is None:
                self.initial["prompt_tokens"] = tokens
            self.fields["prompt_tokens"].help_text = (
                f"Measured from the sample: {tokens:,} tokens, the median of {examples:,} system "
                f"prompt{'s' if examples != 1 else ''}. "
                "Enter the client's own figure if it differs."
            )
        field = self.fields["engineers"]
        # The profiles the report's team is chosen from, reached through the report's own relation
        # (consultant profiles are the engagement side's).
        profiles = Report._meta.get_field("proposed_engineers").related_model
        field.queryset = profiles.objects.select_related("user")
        # Ranked order in the checkbox list: best suggestion first.
        field.choices = [(p.pk, self._label(p, match, load)) for p, match, load in suggestions]

    @staticmethod
    def _label(profile, match, load):
        skills = ", ".join(profile.skill_labels()) or "no skills listed"
        return (
            f"{profile.display_name}, {profile.title}. Skills: {skills}. Matching skills: {match}; current load: {load}"
        )

    def clean(self):
        data = super().clean()
        if data.get("override_verdict") and not (data.get("override_justification") or "").strip():
            self.add_error("override_justification", "Explain why you differ from the computed verdict.")
        counts: tuple[str, ...] = ("requests_per_day", "prompt_tokens", "tuned_prompt_tokens")
        if self.measured_prompt:
            # The measured median is kept as "not entered", so the report says it was measured
            # rather than told; only another figure is stored.
            if data.get("prompt_tokens") == self.measured_prompt[0]:
                data["prompt_tokens"] = None
            counts = ("requests_per_day", "tuned_prompt_tokens")
        given = [name for name in counts if data.get(name) is not None]
        if given and len(given) < len(counts):
            message = (
                "Give the requests a day and the prompt length once fine-tuned, or neither."
                if self.measured_prompt
                else "Give the requests a day and both prompt lengths, or none of them."
            )
            for name in counts:
                if data.get(name) is None:
                    self.add_error(name, message)
        return data

    def traffic(self) -> dict:
        """The traffic fields, for report_revise."""
        return {name: self.cleaned_data.get(name) for name in TRAFFIC_FIELDS}
