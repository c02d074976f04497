"""A person's name as every page, export and report shows it: `display_name(user)` in Python,
`{{ user|display_name }}` in templates (a builtin library, settings.TEMPLATES), one rule.

The rule: their full name, else their username (a consultant without a name on file still
reads as someone), else `default` (no user: a removed account, a client, nobody).
"""

from typing import Protocol

from django import template

register = template.Library()


class Named(Protocol):
    """What the rule reads of a user (Django's User has both; an anonymous user is let through
    and gets `default`)."""

    def get_full_name(self) -> str: ...

    def get_username(self) -> str: ...


def name_from_parts(first: str | None, last: str | None, username: str | None) -> str:
    """The rule on plain values, for rows read with `values_list` instead of users."""
    return f"{first or ''} {last or ''}".strip() or username or ""


@register.filter
def display_name(user: Named | None, default: str = "") -> str:
    """`user`'s name to show; `default` when there is no user (or an anonymous one)."""
    if user is None or getattr(user, "is_anonymous", False):
        return default
    return user.get_full_name() or user.get_username() or default
