"""Clients' private links: issue, exchange for a session, revoke, reissue.

A link's token is shown to the client once and emailed; only its sha256 is stored. The email is
an outbox row naming the engagement; the link is issued when it is sent, so no clear token ever
sits in the broker or the outbox.
"""

from django.db import transaction
from django.utils import timezone

from discovery.models import ClientLink, Engagement, EngagementEvent, OutgoingEmail
from discovery.models.links import hash_token
from discovery.services.outbox import email_queue


def client_link_issue(*, engagement: Engagement) -> tuple[ClientLink, str]:
    """Create a new link for `engagement`; return it with its clear token (never stored)."""
    return ClientLink.issue(engagement)


def client_link_email(*, engagement: Engagement) -> None:
    """Email the client a fresh private link: an outbox row in the current transaction, sent once
    it commits (a broker that is down only delays it)."""
    email_queue(kind=OutgoingEmail.CLIENT_LINK, engagement=engagement)


def client_link_exchange(*, token: str) -> ClientLink | None:
    """The usable link this token opens, stamped as used; None when invalid, expired or revoked.

    The caller can't tell those three apart, on purpose: a failed link reveals nothing.
    """
    if not token or len(token) > 200:
        return None
    link = ClientLink.objects.usable().select_related("engagement").filter(token_hash=hash_token(token)).first()
    if link is None:
        return None
    ClientLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


def client_link_revoke(*, link: ClientLink, user) -> None:
    """Stop `link` working at once, including sessions already opened with it."""
    with transaction.atomic():
        changed = ClientLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
        if changed:
            EngagementEvent.objects.create(
                engagement=link.engagement, kind="link_revoked", actor=user, message="Client link revoked"
            )
    link.refresh_from_db()


def client_link_reissue(*, engagement: Engagement, user) -> None:
    """Revoke every usable link of `engagement` and email the client a new one."""
    with transaction.atomic():
        ClientLink.objects.usable().filter(engagement=engagement).update(revoked_at=timezone.now(), revoked_by=user)
        EngagementEvent.objects.create(
            engagement=engagement, kind="link_reissued", actor=user, message="Client links revoked, a new one issued"
        )
        client_link_email(engagement=engagement)


def client_link_request_new(*, email: str) -> bool:
    """Email a fresh link for each open or delivered engagement whose contact has this address.

    Returns whether any was sent; callers show the same message either way, so the page can't be
    used to learn which addresses are clients.
    """
    engagements = Engagement.objects.filter(
        contact__email=email.strip().lower(), status__in=[*Engagement.OPEN_STATUSES, Engagement.DELIVERED]
    )
    sent = False
    for engagement in engagements:
        client_link_email(engagement=engagement)
        sent = True
    return sent
