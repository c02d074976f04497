"""What every versioned piece of content shares: draft → published → retired, and immutability.

A published (or retired) version can't be edited. That is enforced here, on the version row and
on every row that belongs to it, for `save()`, `delete()` and queryset `update()`/`delete()`;
editing means creating a new draft from the published version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class ImmutableVersionError(Exception):
    """Raised when something tries to change a published or retired version."""


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class VersionQuerySet(models.QuerySet):
    """Bulk writes can't reach a published or retired version either (save() is checked below),
    nor publish a draft without the checks that save() runs."""

    def _refuse_if_frozen(self):
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError("Published and retired versions can't be changed.")

    def update(self, **kwargs):
        self._refuse_if_frozen()
        if kwargs.get("status") == VersionStatus.PUBLISHED:
            raise ImmutableVersionError("Publish with services.publishing.content_publish, which checks it first.")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()


class VersionedContent(models.Model):
    objects = VersionQuerySet.as_manager()

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    change_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["slug", "-version"]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != VersionStatus.DRAFT:
                self._refuse_unless_only_retiring(stored["status"])
            elif stored and self.status == VersionStatus.PUBLISHED:
                self._refuse_unless_publishable()
        super().save(*args, **kwargs)

    def _refuse_unless_publishable(self) -> None:
        # The last line of defence: whatever path publishes a draft (a service, a shell, a future
        # view), it can't publish invalid conditions or failing golden cases.
        from assessments.services.publishing import content_blocking_problems

        problems = content_blocking_problems(self)
        if problems:
            raise ValidationError(problems)

    def _refuse_unless_only_retiring(self, stored_status: str) -> None:
        # The one change a published version may take is being retired by a newer one.
        if stored_status == VersionStatus.PUBLISHED and self.status == VersionStatus.RETIRED:
            return
        raise ImmutableVersionError(f"{self.slug} v{self.version} is {stored_status} and can't be changed.")

    def delete(self, *args, **kwargs):
        if self.status != VersionStatus.DRAFT:
            raise ImmutableVersionError(f"{self.slug} v{self.version} is {self.status} and can't be deleted.")
        return super().delete(*args, **kwargs)


class DraftOnlyQuerySet(models.QuerySet):
    """Bulk writes to a version's parts are refused once any affected version left draft."""

    version_path: str = ""

    def _refuse_if_frozen(self):
        status_field = f"{self.model.version_path}__status"
        if self.exclude(**{status_field: VersionStatus.DRAFT}).exists():
            raise ImmutableVersionError("Published and retired versions can't be changed.")

    def update(self, **kwargs):
        self._refuse_if_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_frozen()
        return super().delete()


class VersionPart(models.Model):
    """A row that belongs to one version (a question, a choice, a criterion…).

    Subclasses set `version_path`, the lookup from the row to its version (e.g. "questionnaire").
    """

    version_path = ""

    objects = DraftOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_version(self):
        obj = self
        for part in self.version_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def _refuse_if_frozen(self):
        version = self.owning_version()
        if version.pk and type(version).objects.filter(pk=version.pk).exclude(status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError(f"{version} can't be changed; create a new draft from it.")

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)
