"""Forms for the consultant pages: queue filters, notes, new workshop engagements, attendees."""

from django import forms

from discovery.engagements.selectors import OWNER_ME, OWNER_UNASSIGNED
from discovery.models import Engagement, validate_organisation_name


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Needing action (open)"), ("all", "All statuses"), *Engagement.STATUSES],
    )
    owner = forms.ChoiceField(
        required=False, choices=[("", "Anyone"), (OWNER_ME, "Led by me"), (OWNER_UNASSIGNED, "Unassigned")]
    )
    overdue = forms.BooleanField(required=False, label="Only overdue")
    q = forms.CharField(required=False, max_length=200, label="Search organisation or contact")


class NoteForm(forms.Form):
    text = forms.CharField(label="Internal note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this engagement withdrawn?",
        max_length=400,
        help_text="Kept on the timeline, for whoever picks this up later.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError("Say why the engagement is withdrawn.")
        return reason


class WorkshopEngagementForm(forms.Form):
    organisation_name = forms.CharField(label="Organisation", max_length=200)
    industry = forms.CharField(required=False, max_length=100)
    contact_name = forms.CharField(label="Contact name", max_length=200)
    email = forms.EmailField(label="Contact email", max_length=254)  # the model's column
    role = forms.CharField(label="Contact role", required=False, max_length=200)
    use_case = forms.CharField(
        label="What they want the model to do", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"]
        validate_organisation_name(name)
        return name


class AttendeeForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.CharField(required=False, max_length=200)
