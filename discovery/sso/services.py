"""Single sign-on's writes: allow or remove a domain, and create a newcomer's account (no role)."""

import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from discovery.sso.models import SsoDomain
from web.refusals import Refused

_DOMAIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-.")


class DomainRefused(Refused):
    """Not a domain name (or already allowed)."""


def sso_domain_allowed(email: str) -> bool:
    domain = email.rpartition("@")[2].strip().lower()
    return bool(domain) and SsoDomain.objects.filter(domain=domain).exists()


def sso_domain_allow(*, domain: str, user) -> SsoDomain:
    domain = domain.strip().lower().lstrip("@")
    labels = domain.split(".")
    if len(labels) < 2 or not set(domain) <= _DOMAIN_CHARS or not all(labels) or len(domain) > 253:
        raise DomainRefused("Give a domain name such as consultancy.example, without the @.")
    try:
        with transaction.atomic():
            return SsoDomain.objects.create(domain=domain, allowed_by=user)
    except IntegrityError:
        raise DomainRefused(f"{domain} is allowed already.") from None


def sso_domain_remove(*, domain: SsoDomain) -> None:
    """Newcomers from `domain` get no account any more; existing accounts keep signing in."""
    domain.delete()


def sso_account_create(*, email: str, first_name: str = "", last_name: str = ""):
    """An account for someone the identity provider vouched for: no password (they sign in
    through SSO), no role (an admin gives one on the team page)."""
    User = get_user_model()
    user = User.objects.create_user(
        username=f"sso-{secrets.token_hex(6)}", email=email, first_name=first_name[:150], last_name=last_name[:150]
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user
