import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def hash_token(token: str) -> str:
    """Tokens are stored only as this digest, so a database leak does not leak working links."""
    return hashlib.sha256(token.encode()).hexdigest()


class ClientLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ClientLink(models.Model):
    """A client's private, account-less access to one engagement."""

    engagement = models.ForeignKey("discovery.Engagement", on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    # An invited colleague's link opens the same engagement as that respondent (their answers,
    # their sections); None is the contact's own link.
    respondent = models.ForeignKey(
        "assessments.Respondent", null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )

    objects = ClientLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Link for engagement {self.engagement_id} (expires {self.expires_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, engagement, ttl_days: int | None = None, respondent=None) -> tuple["ClientLink", str]:
        """Create a link and return it with the clear-text token (256 bits), which is never stored."""
        token = secrets.token_urlsafe(32)
        days = settings.CLIENT_LINK_TTL_DAYS if ttl_days is None else ttl_days
        link = cls.objects.create(
            engagement=engagement,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=days),
            respondent=respondent,
        )
        return link, token

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
