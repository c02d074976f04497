"""Signal receivers of the assessments app (connected by apps.py): content on an empty database."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from assessments.services.content import content_install_defaults


@receiver(post_migrate)
def ensure_default_content(sender, app_config=None, using="default", **kwargs):
    """An empty database gets the default questionnaire and criteria set, published."""
    if app_config is None or app_config.label != "assessments":
        return
    content_install_defaults()
