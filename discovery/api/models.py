"""Integration tokens: how a CRM or ticketing system signs in to the JSON API.

A token is made by an admin, shown once, and stored as its SHA-256 digest only (it is 32 random
bytes, so a plain digest can't be reversed by guessing). Each token acts as its own user, named
after the integration and in the role the admin chose, so the pages' role rules apply to it and
every write it makes is on the timeline under the token's name.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# Every token's account has a username starting with this (discovery/api/services.py).
ACCOUNT_PREFIX = "integration-"


class IntegrationToken(models.Model):
    READ = "read"
    READ_WRITE = "read_write"
    SCOPES = [(READ, "Read"), (READ_WRITE, "Read and write")]
    # The role it acts in, as on the team page (discovery.roles.ROLES): its permissions come from
    # discovery/api/backend.py, so the token's user is in no group and never listed as a colleague.
    CONSULTANT = "consultant"
    ADMIN = "admin"
    ROLES = [(CONSULTANT, "Consultant"), (ADMIN, "Admin")]

    name = models.CharField(max_length=80, unique=True)
    # The user the token acts as (no password; its groups are the token's role).
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="integration_token")
    digest = models.CharField(max_length=64, unique=True)
    # The first characters of the token, so an admin can tell tokens apart; never enough to use.
    prefix = models.CharField(max_length=12)
    scope = models.CharField(max_length=12, choices=SCOPES, default=READ)
    role = models.CharField(max_length=12, choices=ROLES, default=CONSULTANT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def can_write(self) -> bool:
        return self.scope == self.READ_WRITE
