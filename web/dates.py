"""The named date formats: `{{ moment|date_as:"DATETIME" }}` in templates (a builtin filter,
settings.TEMPLATES), `date_as(moment, "DATETIME")` in Python. Pages name what they show, not
how; a test keeps literal formats out of templates.

Django's `date` filter does the work in the local time zone (None as ""); examples are for
Friday 4 December 2026, 15:07 in London.
"""

from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as _django_date
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # Django has it; django-stubs omits it

register = template.Library()

DATE_FORMATS: dict[str, str] = {
    # A day, as clients and the report read it: "4 December 2026".
    "DATE": "j F Y",
    # A day in a staff table: "4 Dec 2026".
    "SHORT_DATE": "j M Y",
    # A moment on a staff page (a note, an event, an upload, a version): "4 Dec 2026, 15:07".
    "DATETIME": "j M Y, H:i",
    # A moment told to a client (when they submitted, when we will answer), zone included
    # because the promise is kept in ours: "Friday 4 December 2026, 15:07 GMT".
    "FULL_DATETIME": "l j F Y, H:i T",
    # A staff deadline, where the weekday matters (working days): "Fri 4 Dec, 15:07".
    "DUE": "D j M, H:i",
    # The exact moment, in a tooltip beside a relative time: "4 Dec 2026, 15:07:31 GMT".
    "EXACT": "j M Y, H:i:s T",
}


@register.filter
def date_as(value: date | datetime | None, name: str) -> str:
    """`value` (a date or datetime; None gives "") in the named format; an unknown name is a
    programming error, said at once rather than rendering Django's default."""
    try:
        fmt = DATE_FORMATS[name]
    except KeyError:
        raise ValueError(f"No date format named {name!r}; choose one of {', '.join(DATE_FORMATS)}") from None
    # Local time here, not only when a template calls it: Python callers get the same clock.
    return _django_date(template_localtime(value), fmt)
