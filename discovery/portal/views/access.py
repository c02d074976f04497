"""How a client's browser proves which engagement it may see: a session opened by a private link.

The session holds the engagement id and the id of the link that opened it; every request checks
that link is still usable, so revoking a link (or its expiry) ends sessions opened with it too.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from assessments.models import Assessment, Respondent
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


def lead_only(view):
    """Inside `client_required`: a page or action only the contact's own link may use (the report,
    submitting, inviting, settling); an invited colleague gets the "not valid" page, which says
    nothing about what exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.client_is_lead:
            return link_not_valid(request)
        return view(request, *args, **kwargs)

    return wrapper


def client_session_open(request, link: ClientLink) -> None:
    request.session.cycle_key()  # a fresh session id, so one planted before the link was used is useless
    request.session[SESSION_ENGAGEMENT] = link.engagement_id
    request.session[SESSION_LINK] = link.pk


def client_label(engagement, respondent) -> str:
    """How a client is named where they acted: the contact as the engagement names them, an
    invited colleague by name and role ("Client (Dana Data, data lead)")."""
    if respondent is None or respondent.is_lead:
        return engagement.client_label
    return f"Client ({respondent.name}, {respondent.role})" if respondent.role else f"Client ({respondent.name})"


def link_not_valid(request, status: int = 404):
    """The one page every failed link and every expired session gets: no hint which it was."""
    return render(request, "client/link_invalid.html", {"form": LinkRequestForm()}, status=status)


def _assessment_for_session(request):
    """The session's assessment, its engagement (organisation, contact) and questionnaire, and the
    respondent its link was issued to (None: the contact's own link), in one query (two for a
    colleague); (None, None)
    unless the link that opened the session is still usable.

    A colleague's link opens the assessment they were invited to, never a newer one."""
    link_id = request.session.get(SESSION_LINK)
    engagement_id = request.session.get(SESSION_ENGAGEMENT)
    if not link_id or not engagement_id:
        return None, None
    usable = ClientLink.objects.usable().filter(pk=link_id, engagement_id=engagement_id)
    assessment = (
        Assessment.objects.select_related("questionnaire", "engagement__organisation", "engagement__contact")
        .filter(engagement_id=engagement_id, engagement__links__in=usable.values("pk"))
        .annotate(
            link_respondent_id=Subquery(usable.values("respondent_id")[:1]),
            # Until a colleague is invited the contact's answers are the assessment's (no respondents).
            has_respondents=Exists(Respondent.objects.filter(assessment=OuterRef("pk"))),
        )
        .first()
    )
    if assessment is None or assessment.link_respondent_id is None:
        return assessment, None
    respondent = Respondent.objects.filter(
        pk=assessment.link_respondent_id, assessment=assessment, removed_at__isnull=True
    ).first()
    # A colleague's link to an assessment since replaced, or of a removed colleague: it opens nothing.
    if respondent is None:
        return None, None
    respondent.assessment = assessment
    return assessment, respondent


def client_required(view):
    """Public (no account) view that needs a client session; passes `engagement` and `assessment`.

    `request.client_respondent` is the invited colleague the link was issued to, or None for the
    contact's own link (the lead respondent: the one who submits, invites and settles)."""

    @login_not_required
    @never_cache  # a client's answers and report stay out of shared and back-button caches
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        assessment, respondent = _assessment_for_session(request)
        if assessment is None:
            request.session.pop(SESSION_ENGAGEMENT, None)
            request.session.pop(SESSION_LINK, None)
            return link_not_valid(request)
        engagement = assessment.engagement
        request.client_respondent = respondent
        request.client_is_lead = respondent is None or respondent.is_lead
        # The client navigation offers the report only once one was delivered. Asked only when a
        # page draws the navigation, so an autosave doesn't pay for it.
        request.client_has_report = SimpleLazyObject(lambda: delivered_report_for(engagement) is not None)
        return view(request, *args, engagement=engagement, assessment=assessment, **kwargs)

    return wrapper
