from django.conf import settings

from .engagements.sla import promise_text
from .roles import is_admin, is_consultant


def roles(request):
    """Navigation needs to know which role the viewer has."""
    user = getattr(request, "user", None)
    return {
        "is_consultant": bool(user and is_consultant(user)),
        "is_admin": bool(user and is_admin(user)),
    }


def response_promise(request):
    """The promise every page makes ("2 working days"), from RESPONSE_SLA_HOURS, never typed in."""
    return {"response_promise": promise_text(settings.RESPONSE_SLA_HOURS)}
