"""Role groups kept in step with the code after every migrate, and a version made ready announced
to the webhooks (both connected in DiscoveryConfig.ready)."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from assessments.reports.events import report_ready
from discovery.webhooks.models import WebhookEvent
from discovery.webhooks.services import webhook_event

from .roles import ADMIN_PERMISSIONS, ADMINS, CONSULTANT_PERMISSIONS, CONSULTANTS


@receiver(post_migrate)
def ensure_role_groups(sender, app_config=None, using="default", **kwargs):
    """Keep the Consultants and Admins groups and their permissions in step with the code."""
    if app_config is None or app_config.label != "assessments":
        return  # run once, after the last of our apps has its permissions
    for name, codes in ((CONSULTANTS, CONSULTANT_PERMISSIONS), (ADMINS, ADMIN_PERMISSIONS)):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            perms.extend(Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(perms)


@receiver(report_ready)
def report_ready_webhook(sender, report, **kwargs):
    """A report version is ready for review: tell the endpoints that asked (ids only)."""
    webhook_event(event=WebhookEvent.REPORT_READY, engagement=report.assessment.engagement, report=report)
