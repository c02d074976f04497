"""`{{ slug|verdict_label }}`: a verdict in the words clients and consultants read, not its slug."""

from django import template

from assessments.reports.html import VERDICT_LABELS

register = template.Library()


@register.filter
def verdict_label(slug: str | None) -> str:
    return VERDICT_LABELS.get(slug or "", slug or "")
