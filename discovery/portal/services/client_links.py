"""Clients' private links: issue, exchange for a session, revoke, reissue.

A link's token is shown to the client once and emailed; only its sha256 is stored. The email is
an outbox row naming the engagement; the link is issued when it is sent, so no clear token ever
sits in the broker or the outbox.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from discovery.engagements.services.outbox import email_queue
from discovery.models import ClientLink, Engagement, EngagementEvent, OutgoingEmail
from discovery.models.links import hash_token
from discovery.portal.services.limits import count_this_hour
from discovery.tasks import client_link_request_task
from web.outages import enqueue_on_commit


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
                engagement=link.engagement,
                kind=EngagementEvent.Kind.LINK_REVOKED,
                actor=user,
                message="Client link revoked",
            )
    link.refresh_from_db()


def client_link_reissue(*, engagement: Engagement, user) -> None:
    """Revoke every usable link of `engagement` and email the client a new one."""
    with transaction.atomic():
        ClientLink.objects.usable().filter(engagement=engagement).update(revoked_at=timezone.now(), revoked_by=user)
        EngagementEvent.objects.create(
            engagement=engagement,
            kind=EngagementEvent.Kind.LINK_REISSUED,
            actor=user,
            message="Client links revoked, a new one issued",
        )
        client_link_email(engagement=engagement)


def client_link_request_new(*, email: str) -> None:
    """Someone asked for a fresh link for `email`: queue one task with the ids of the open or
    delivered engagements whose contact has this address (none for an unknown one).

    A known and an unknown address cost the request the same (one query, one message), so
    neither the page nor its timing says which addresses are clients; the emails are written by
    the task (client_link_request_send). The message carries engagement ids, never the address.
    """
    engagement_ids = list(
        Engagement.objects.filter(
            contact__email=email.strip().lower(), status__in=[*Engagement.OPEN_STATUSES, Engagement.DELIVERED]
        ).values_list("pk", flat=True)
    )

    # A link request leaves no row for a sweep to find, so if the broker can't take the message the
    # emails are written here (the outbox sends them once it is back); only then does the timing
    # differ between known and unknown addresses.
    enqueue_on_commit(
        client_link_request_task,
        *engagement_ids,
        unsent=lambda: client_link_request_send(engagement_ids=engagement_ids),
    )


def client_link_request_send(*, engagement_ids) -> int:
    """Email a fresh link for each engagement asked for, at most INTAKE_LIMIT_PER_EMAIL an hour
    each; returns how many were queued.

    The cap is per engagement, not per requester or per typed address: whoever asks, its contact
    gets at most that many links an hour, and once the cap is reached they already have that
    many fresh links in their inbox, so nobody else's requests can leave them without one.
    """
    queued = 0
    for engagement_id in engagement_ids:
        if count_this_hour(f"link-request:engagement:{engagement_id}") > settings.INTAKE_LIMIT_PER_EMAIL:
            continue
        with transaction.atomic():
            engagement = Engagement.objects.filter(
                pk=engagement_id, status__in=[*Engagement.OPEN_STATUSES, Engagement.DELIVERED]
            ).first()
            if engagement is not None:
                client_link_email(engagement=engagement)
                queued += 1
    return queued
