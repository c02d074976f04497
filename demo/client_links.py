"""A self-service client half-way through the questionnaire, and a working private link to it.

Each run revokes the demo client's earlier links and prints a fresh one (tokens are never stored,
so an old one can't be printed again).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import published_questionnaire
from assessments.services.answers import answer_save
from discovery.models import ClientLink, Contact, Engagement, EngagementEvent, Organisation
from discovery.portal.services.client_links import client_link_issue

EMAIL = "nora.north@northwind.example"
STARTED = {
    "use_case_summary": "Draft first replies to claim enquiries in our house style, for a handler to check and send.",
    "goals": ["style_voice", "structured_output"],
    "request_volume": "medium",
    "consistency_need": "high",
    "prompting_tried": "systematic",
}


@transaction.atomic
def build(stdout) -> None:
    engagement = Engagement.objects.filter(contact__email=EMAIL, status__in=Engagement.OPEN_STATUSES).first()
    if engagement is None:
        organisation, _ = Organisation.objects.get_or_create(
            normalised_name="northwind insurance", defaults={"name": "Northwind Insurance Ltd", "industry": "Insurance"}
        )
        contact, _ = Contact.objects.get_or_create(
            organisation=organisation,
            email=EMAIL,
            defaults={"name": "Nora North", "role": "Head of Claims Operations", "consent_to_contact": True},
        )
        now = timezone.now() - timedelta(hours=3)
        engagement = Engagement.objects.create(
            organisation=organisation,
            contact=contact,
            source=Engagement.SELF_SERVICE,
            use_case_description="Reply to claim enquiries in our voice, faster.",
            created_at=now,
            response_due_at=Engagement.response_due_from(now),
        )
        EngagementEvent.objects.create(
            engagement=engagement, kind=EngagementEvent.Kind.REQUESTED, message="Requested online (demo)"
        )
        assessment = Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
        for slug, value in STARTED.items():
            answer_save(assessment=assessment, slug=slug, value=value, label="Client (Nora North)")
    ClientLink.objects.usable().filter(engagement=engagement).update(revoked_at=timezone.now())
    _, token = client_link_issue(engagement=engagement)
    url = settings.SITE_URL + reverse("client-link", args=[token])
    stdout.write(f"Client link for {engagement.organisation} (a client half-way through): {url}")
