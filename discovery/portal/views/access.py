"""How a client's browser proves which engagement it may see: a session opened by a private link.

The session holds the engagement id and the id of the link that opened it; every request checks
that link is still usable, so revoking a link (or its expiry) ends sessions opened with it too.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from assessments.models import Assessment
from assessments.reports.selectors import delivered_report_for
from discovery.models import ClientLink
from discovery.portal.forms import LinkRequestForm

SESSION_ENGAGEMENT = "client_engagement_id"
SESSION_LINK = "client_link_id"


def no_referrer(view):
    """Responses whose URL or body carries a token never send it on in a Referer header.

    Only for pages without forms: under `no-referrer` browsers send `Origin: null` with a POST,
    which CSRF protection rightly refuses. Pages behind the session have token-free URLs.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def client_session_open(request, link: ClientLink) -> None:
    request.session.cycle_key()  # a fresh session id, so one planted before the link was used is useless
    request.session[SESSION_ENGAGEMENT] = link.engagement_id
    request.session[SESSION_LINK] = link.pk


def link_not_valid(request, status: int = 404):
    """The one page every failed link and every expired session gets: no hint which it was."""
    return render(request, "client/link_invalid.html", {"form": LinkRequestForm()}, status=status)


def _assessment_for_session(request):
    """The session's assessment, its engagement (organisation, contact) and questionnaire, in one
    query; None unless the link that opened the session is still usable."""
    link_id = request.session.get(SESSION_LINK)
    engagement_id = request.session.get(SESSION_ENGAGEMENT)
    if not link_id or not engagement_id:
        return None
    usable = ClientLink.objects.usable().filter(pk=link_id, engagement_id=engagement_id)
    assessments = Assessment.objects.select_related(
        "questionnaire", "engagement__organisation", "engagement__contact"
    ).filter(engagement_id=engagement_id, engagement__links__in=usable.values("pk"))
    return assessments.first()


def client_required(view):
    """Public (no account) view that needs a client session; passes `engagement` and `assessment`."""

    @login_not_required
    @never_cache  # a client's answers and report stay out of shared and back-button caches
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        assessment = _assessment_for_session(request)
        if assessment is None:
            request.session.pop(SESSION_ENGAGEMENT, None)
            request.session.pop(SESSION_LINK, None)
            return link_not_valid(request)
        engagement = assessment.engagement
        # The client navigation offers the report only once one was delivered. Asked only when a
        # page draws the navigation, so an autosave doesn't pay for it.
        request.client_has_report = SimpleLazyObject(lambda: delivered_report_for(engagement) is not None)
        return view(request, *args, engagement=engagement, assessment=assessment, **kwargs)

    return wrapper
