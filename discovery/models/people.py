from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from web.names import display_name


class ConsultantProfile(models.Model):
    """An engineer or architect the consultancy can propose to do the work."""

    SKILLS = [
        ("prompt_engineering", "Prompt engineering"),
        ("rag", "Retrieval (RAG)"),
        ("fine_tuning", "Fine-tuning"),
        ("evaluation", "Evaluation"),
        ("data_curation", "Data curation"),
        ("mlops", "MLOps"),
    ]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    title = models.CharField(max_length=120)
    skills = models.JSONField(default=list, blank=True, help_text="Skill slugs from the list above.")
    bio = models.TextField(blank=True)
    # Engagements this person already carries outside Discovery (delivery work, holidays…).
    external_load = models.PositiveSmallIntegerField(default=0)
    # The workshop's presenter mode (internal notes, disagreement and who changed what left out
    # of the page), remembered per consultant so the shared screen stays clean on every visit.
    presenter_mode = models.BooleanField(default=False)

    class Meta:
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.user)

    def clean(self):
        known = {slug for slug, _ in self.SKILLS}
        unknown = [s for s in self.skills if s not in known]
        if unknown:
            raise ValidationError({"skills": f"Unknown skills: {', '.join(unknown)}"})

    def skill_labels(self) -> list[str]:
        labels = dict(self.SKILLS)
        return [labels.get(s, s) for s in self.skills]
