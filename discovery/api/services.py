"""Integration tokens: create (shown once), revoke, and find the token a request carries.

A token reads `dsc_` followed by 43 URL-safe characters (32 random bytes); only its SHA-256 digest
and its first characters are stored. Each token gets a user of its own (no password, no group),
named after the integration, so every write it makes is recorded under that name.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from discovery.api.models import ACCOUNT_PREFIX, IntegrationToken
from web.refusals import Refused

PREFIX = "dsc_"
# last_used_at is written at most this often per token, so a busy integration isn't a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(Refused):
    """A token that can't be made as asked (a name in use, a bad lifetime)."""


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def integration_token_create(
    *, name: str, scope: str, role: str, days: int | None = None, user
) -> tuple[IntegrationToken, str]:
    """Make a token for the integration `name`; returns it and the raw token, which is shown once."""
    name = " ".join(name.split())
    if not name:
        raise TokenRefused("Name the integration the token is for.")
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 730:
        raise TokenRefused("A token lasts between 1 and 730 days.")
    if scope not in dict(IntegrationToken.SCOPES) or role not in dict(IntegrationToken.ROLES):
        raise TokenRefused("Choose a scope and a role from the lists.")
    if IntegrationToken.objects.filter(name__iexact=name).exists():
        raise TokenRefused(f"A token named {name!r} exists already; revoke it or choose another name.")
    raw = PREFIX + secrets.token_urlsafe(32)
    account = get_user_model().objects.create_user(
        username=f"{ACCOUNT_PREFIX}{secrets.token_hex(6)}", first_name=name[:150], last_name="(integration)"
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    try:
        with transaction.atomic():
            token = IntegrationToken.objects.create(
                name=name,
                user=account,
                digest=token_digest(raw),
                prefix=raw[: len(PREFIX) + 4],
                scope=scope,
                role=role,
                created_by=user,
                expires_at=timezone.now() + timedelta(days=days),
            )
    except IntegrityError:
        raise TokenRefused(f"A token named {name!r} exists already; revoke it or choose another name.") from None
    return token, raw


def integration_token_revoke(*, token: IntegrationToken, user) -> bool:
    """Stop `token` working at once; False if it was revoked already. Its account is deactivated
    too, so nothing it could still hold (a cached user) keeps a permission."""
    now = timezone.now()
    with transaction.atomic():
        if not IntegrationToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=user
        ):
            return False
        get_user_model().objects.filter(pk=token.user_id).update(is_active=False)
    return True


def integration_token_for(raw: str) -> IntegrationToken | None:
    """The usable token `raw` names (not revoked, not expired), with its user; None otherwise.
    Stamps its last use (at most once a minute)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        IntegrationToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
