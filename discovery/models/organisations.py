import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

_LEGAL_SUFFIXES = re.compile(r"\b(ltd|limited|inc|incorporated|llc|plc|gmbh|sa|sas|bv|ag|co|corp|corporation)\b\.?")


NAME_KEY_LENGTH = 200


def normalise_organisation_name(name: str) -> str:
    """The key two spellings of one organisation share: "ACME Ltd." and "acme" are one client."""
    # Accents go ("Café" = "Cafe"), letters of every script stay, so "株式会社ABC" keeps a key.
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = _LEGAL_SUFFIXES.sub(" ", text)
    text = re.sub(r"[\W_]+", " ", text)
    # "&" → " and " and NFKD (one ligature can become 18 letters) can make the key longer than
    # the name; cut it to the column, as two names equal for 200 letters are one client anyway.
    return " ".join(text.split())[:NAME_KEY_LENGTH].strip()


def validate_organisation_name(name: str) -> None:
    """A name that is only a legal form or punctuation ("Ltd.") would match every other such name."""
    if not normalise_organisation_name(name):
        raise ValidationError("Enter the organisation's name, not only its legal form.")


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=NAME_KEY_LENGTH, unique=True, editable=False)
    industry = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_organisation_name(self.name)
        super().save(*args, **kwargs)


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=200, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the contact's personal data was erased (discovery/privacy/services.py): the row
    # stays, anonymised, so their engagements keep a contact for the consultancy's record.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="contact_unique_email_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
