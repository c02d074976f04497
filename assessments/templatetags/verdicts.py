"""`{{ slug|verdict_label }}`: a verdict in the words clients and consultants read, not its slug."""

from django import template

from assessments.engine import vocabulary

register = template.Library()


@register.filter
def verdict_label(slug: str | None) -> str:
    return vocabulary.verdict_label(slug)


@register.filter
def approach_label(slug: str | None) -> str:
    return vocabulary.approach_label(slug)


@register.filter
def kind_label(slug: str | None) -> str:
    return vocabulary.kind_label(slug)
