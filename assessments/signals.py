from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def ensure_default_content(sender, app_config=None, using="default", **kwargs):
    """An empty database gets the default questionnaire and criteria set, published."""
    if app_config is None or app_config.label != "assessments":
        return
    from .services.content import content_install_defaults

    content_install_defaults()
