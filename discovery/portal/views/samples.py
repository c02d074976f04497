"""Uploading a training sample or eval set beside the questionnaire, for the client (private
link) and the consultant (workshop); the analysis's progress and findings as an htmx panel.

The panel polls its own status URL every two seconds while the worker analyses (the CSP
forbids eval, so polling is htmx's ``every 2s`` trigger, as on the engagement page) and stops
once the findings or the failure are shown. No view ever serves the raw file back.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assessments.models import SampleUpload
from assessments.selectors import content_definition
from assessments.services.samples import SampleRefused, sample_retry, sample_upload_create
from discovery.engagements.selectors import engagement_workshop_assessment
from discovery.models import Engagement
from discovery.portal.sample_panels import SECTION_KINDS, ClientUrls, WorkshopUrls, panel_context
from discovery.portal.views.access import client_required
from discovery.portal.views.questionnaire import client_may_edit, locked_reason
from discovery.roles import consultant_required
from web.body_limits import large_body
from web.names import display_name


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _kind_or_404(kind: str) -> str:
    if kind not in dict(SampleUpload.KINDS):
        raise Http404("No such kind of file.")
    return kind


def _section_of(kind: str) -> str:
    return next(section for section, k in SECTION_KINDS.items() if k == kind)


def _panel(request, context, status=200, *, announce=False):
    """The panel for htmx. With ``announce`` (a poll, or a new upload) a finished analysis says
    so (an htmx event), so the workshop's live verdict reloads with the new measured facts."""
    response = render(request, "discovery/_sample_panel.html", context, status=status)
    sample = context.get("sample")
    if announce and sample is not None and not sample.is_pending:
        response["HX-Trigger"] = "sample-done"
    return response


def _upload(request, *, assessment, kind, urls, may_upload, back, user=None, label=""):
    """The one upload path for both sides: htmx gets the panel back; a plain post goes back to
    the section with a message (the no-JavaScript path)."""
    error = ""
    try:
        sample_upload_create(
            assessment=assessment,
            kind=kind,
            upload=request.FILES.get("file"),
            input_column=request.POST.get("input_column", ""),
            output_column=request.POST.get("output_column", ""),
            user=user,
            label=label,
        )
    except SampleRefused as refusal:
        error = str(refusal)
    if _htmx(request):
        context = panel_context(assessment=assessment, kind=kind, urls=urls, may_upload=may_upload, error=error)
        return _panel(request, context, announce=not error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Thank you — the file is being analysed.")
    return redirect(back)


# --- The client, through their private link ------------------------------------------------


def _client_sample_or_404(assessment, pk) -> SampleUpload:
    return get_object_or_404(SampleUpload, pk=pk, assessment=assessment)


@large_body
@client_required
@require_POST
def client_sample_upload(request, kind, *, engagement, assessment):
    kind = _kind_or_404(kind)
    if not client_may_edit(engagement, assessment):
        return HttpResponse(locked_reason(assessment), status=409)
    return _upload(
        request,
        assessment=assessment,
        kind=kind,
        urls=ClientUrls(),
        may_upload=True,
        back=reverse("client-section", args=[_section_of(kind)]),
        label=engagement.client_label,
    )


@client_required
@require_GET
def client_sample(request, pk, *, engagement, assessment):
    sample = _client_sample_or_404(assessment, pk)
    may_upload = client_may_edit(engagement, assessment)
    context = panel_context(assessment=assessment, kind=sample.kind, urls=ClientUrls(), may_upload=may_upload)
    return _panel(request, context, announce=True)


@client_required
@require_POST
def client_sample_retry(request, pk, *, engagement, assessment):
    sample = _client_sample_or_404(assessment, pk)
    if not client_may_edit(engagement, assessment):
        return HttpResponse(locked_reason(assessment), status=409)
    sample_retry(sample=sample)
    if not _htmx(request):
        return redirect("client-section", _section_of(sample.kind))
    context = panel_context(assessment=assessment, kind=sample.kind, urls=ClientUrls(), may_upload=True)
    return _panel(request, context)


# --- The consultant, in a workshop ---------------------------------------------------------


def _workshop(pk):
    engagement = get_object_or_404(Engagement, pk=pk)
    assessment = engagement_workshop_assessment(engagement=engagement)
    if assessment is None:
        raise Http404("This engagement's workshop has not started.")
    running = engagement.status == Engagement.IN_WORKSHOP and assessment.is_open
    return engagement, assessment, running


def _workshop_back(engagement, assessment, kind) -> str:
    slugs = [section.slug for section in content_definition(assessment.questionnaire).sections]
    section = _section_of(kind)
    return f"{reverse('workshop', args=[engagement.pk])}?section={slugs.index(section) if section in slugs else 0}"


@large_body
@consultant_required
@require_POST
def workshop_sample_upload(request, pk, kind):
    kind = _kind_or_404(kind)
    engagement, assessment, running = _workshop(pk)
    if not running:
        return HttpResponse("The workshop is not running, so nothing can be uploaded here.", status=409)
    return _upload(
        request,
        assessment=assessment,
        kind=kind,
        urls=WorkshopUrls(engagement),
        may_upload=True,
        back=_workshop_back(engagement, assessment, kind),
        user=request.user,
        label=display_name(request.user),
    )


@consultant_required
@require_GET
def workshop_sample(request, pk, sample_id):
    engagement, assessment, running = _workshop(pk)
    sample = get_object_or_404(SampleUpload, pk=sample_id, assessment=assessment)
    context = panel_context(assessment=assessment, kind=sample.kind, urls=WorkshopUrls(engagement), may_upload=running)
    return _panel(request, context, announce=True)


@consultant_required
@require_POST
def workshop_sample_retry(request, pk, sample_id):
    engagement, assessment, running = _workshop(pk)
    sample = get_object_or_404(SampleUpload, pk=sample_id, assessment=assessment)
    if not running:
        return HttpResponse("The workshop is not running, so nothing can be analysed here.", status=409)
    sample_retry(sample=sample)
    if not _htmx(request):
        return redirect(_workshop_back(engagement, assessment, sample.kind))
    context = panel_context(assessment=assessment, kind=sample.kind, urls=WorkshopUrls(engagement), may_upload=True)
    return _panel(request, context)
