"""Forms for workshop mode: the attendees recorded in the room."""

from django import forms


class AttendeeForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.CharField(required=False, max_length=200)
