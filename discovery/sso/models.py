"""Which email domains may get an account on their first single sign-on.

Someone signing in through the identity provider is matched to an existing account by verified
email; an account is created for a newcomer only when an admin allowed their domain here. A new
account has no role: an admin gives one on the team page, as for an invitation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SsoDomain(models.Model):
    domain = models.CharField(max_length=253, unique=True)  # lower case, no "@"
    allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
