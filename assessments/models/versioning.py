"""What every versioned piece of content shares: draft → published → retired, and immutability.

A published (or retired) version can't be edited. That is enforced here, on the version row and
on every row that belongs to it, for `save()`, `delete()` and queryset `update()`/`delete()`;
editing means creating a new draft from the published version.

`VersionedContent.publish()` is the one way a draft becomes published (in the style of
`Engagement.transition`): it locks the row, checks the content once, retires the published
sibling and stamps who published it when. `save()` refuses any other route to "published".
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from web.refusals import Refused


class ImmutableVersionError(Exception):
    """Raised when something tries to change a published or retired version."""


class ContentError(Refused):
    """Content that can't be imported or published; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class VersionQuerySet(models.QuerySet):
    """Bulk writes can't reach a published or retired version either (save() is checked below),
    nor publish a draft without the checks that publish() runs."""

    def _refuse_if_frozen(self):
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError("Published and retired versions can't be changed.")

    def update(self, **kwargs):
        self._refuse_if_frozen()
        if kwargs.get("status") == VersionStatus.PUBLISHED:
            raise ImmutableVersionError("Publish with the version's publish(), which checks it first.")
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
    # Logic-check findings an admin accepted as intended: {finding key: "note — by whom"}. Kept
    # on the version so its history records who acknowledged what, and why.
    acknowledged_findings = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["slug", "-version"]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    # Set by publish() around its own save(), the one save allowed to turn a draft published.
    _publishing = False

    def owning_version(self):
        """A version owns itself (its parts answer with the version they belong to)."""
        return self

    def blocking_problems(self) -> list[str]:
        """What in the content itself forbids publishing it, as readable lines (empty: nothing)."""
        raise NotImplementedError

    def logic_findings(self) -> list:
        """The logic check's blocking findings about this version (engine.Finding), acknowledged or not."""
        raise NotImplementedError

    def unacknowledged_findings(self) -> list:
        return [f for f in self.logic_findings() if f.key not in self.acknowledged_findings]

    def _finding_problems(self) -> list[str]:
        return [
            f"logic check, {f.label}: {f.message} Fix it, or acknowledge it with a note if it is intended."
            for f in self.unacknowledged_findings()
        ]

    def publish_problems(self, *, note: str = "x") -> list[str]:
        """Why this version can't be published now, as readable lines; empty when it can."""
        problems = []
        if self.status != VersionStatus.DRAFT:
            problems.append(f"{self.slug} v{self.version} is {self.status}; only a draft can be published.")
        if not note.strip():
            problems.append("A publishing note is required: say what changed and why.")
        return problems + self.blocking_problems()

    def publish(self, *, user, note: str) -> None:
        """Publish this draft and retire the version it replaces, atomically.

        0. Run the logic check outside the transaction (see below).
        1. Lock the row, so two admins publishing the same draft can't both pass the checks.
        2. Check once (publish_problems): raises ContentError listing every problem when the
           note is missing, the version is not a draft, any condition is invalid, or (criteria
           sets) the target questionnaire is a draft or a golden case fails.
        3. Retire the published version of the same slug.
        4. Stamp published_at, published_by and the note, and save.
        """
        model = type(self)
        if self.is_draft and not self.validation_errors():
            # The logic check is the slow part of the gate: run it before taking the lock, so the
            # write lock is held for milliseconds; inside, the same revision is answered from
            # the engine's memo (and an edit made meanwhile is checked afresh there).
            self.logic_findings()
        with transaction.atomic():
            model.objects.select_for_update().filter(pk=self.pk).first()
            self.refresh_from_db()
            problems = self.publish_problems(note=note)
            if problems:
                raise ContentError(problems)
            for current in model.objects.select_for_update().filter(slug=self.slug, status=VersionStatus.PUBLISHED):
                current.status = VersionStatus.RETIRED
                current.save()
            self.status = VersionStatus.PUBLISHED
            self.published_at = timezone.now()
            self.published_by = user
            self.change_note = note.strip()
            self._publishing = True
            try:
                self.save()
            finally:
                self._publishing = False

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != VersionStatus.DRAFT:
                self._refuse_unless_only_retiring(stored["status"])
            elif stored and self.status == VersionStatus.PUBLISHED and not self._publishing:
                # Whatever path tries to publish a draft (a shell, a future view), it goes through
                # publish(), which can't publish invalid conditions or failing golden cases.
                raise ImmutableVersionError(f"Publish {self.slug} v{self.version} with publish(), which checks it.")
        super().save(*args, **kwargs)

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
