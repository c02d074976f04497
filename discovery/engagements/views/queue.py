from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from discovery.engagements.forms import QueueFilterForm, WorkshopEngagementForm
from discovery.engagements.selectors import engagement_queue
from discovery.engagements.services.engagements import engagement_create_workshop
from discovery.engagements.sla import LABELS, engagement_first_response_text, engagement_sla_state, overdue_text
from discovery.roles import consultant_required
from web.exports import EXPORT_FORMATS, table_response
from web.names import display_name

QUEUE_PAGE_SIZE = 50


def queue_filters(request) -> tuple[QueueFilterForm, dict]:
    """The queue's filter form and the filters it names (nonsense falls back to the open queue)."""
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {
        "status": filters.get("status", ""),
        "owner": filters.get("owner", ""),
        "overdue": filters.get("overdue", False),
        "search": filters.get("q", ""),
    }


@consultant_required
def queue(request):
    """The consultant home: engagements needing action, most urgent first, 50 a page."""
    form, filters = queue_filters(request)
    # A page number that isn't one shows the nearest page rather than failing.
    page = Paginator(engagement_queue(user=request.user, **filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = []
    for engagement in page:
        state = engagement_sla_state(engagement, now)
        rows.append(
            (
                engagement,
                state,
                LABELS.get(state, ""),
                engagement_first_response_text(engagement),
                overdue_text(engagement, now),
            )
        )
    # Page links keep the filters: everything in the query string but the page itself.
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "discovery/queue.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "kept_query": kept.urlencode(),
            "new_form": WorkshopEngagementForm(),
        },
    )


@consultant_required
@require_POST
def engagement_new(request):
    """Create a consultant-led (workshop) engagement from the queue."""
    form = WorkshopEngagementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The new engagement was not created: please fix the fields below.")
        return render(request, "discovery/engagement_new.html", {"form": form}, status=400)
    engagement = engagement_create_workshop(**form.cleaned_data, user=request.user)
    messages.success(request, f"Workshop engagement for {engagement.organisation.name} created.")
    return redirect("engagement", pk=engagement.pk)


QUEUE_COLUMNS = [
    "Organisation", "Contact", "Email", "Source", "Status", "Lead architect", "Requested",
    "Submitted", "Response due", "48-hour response", "First response", "First response (hours)",
]  # fmt: skip


@consultant_required
def queue_export(request, fmt):
    """The queue as filtered on screen, every page, as CSV or XLSX (in the queue's order)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("Exports are CSV or XLSX.")
    _, filters = queue_filters(request)
    now = timezone.now()
    rows = [QUEUE_COLUMNS]
    for e in engagement_queue(user=request.user, **filters).iterator(chunk_size=500):
        hours = (
            (e.first_response_at - e.submitted_at).total_seconds() / 3600
            if e.first_response_at and e.submitted_at
            else None
        )
        rows.append(
            [
                e.organisation.name,
                e.contact.name if e.contact else "",
                e.contact.email if e.contact else "",
                e.get_source_display(),
                e.get_status_display(),
                display_name(e.lead),
                e.created_at,
                e.submitted_at,
                e.response_due_at if e.submitted_at else None,
                LABELS.get(engagement_sla_state(e, now), "Not submitted yet"),
                engagement_first_response_text(e),
                round(hours, 1) if hours is not None else None,
            ]
        )
    return table_response(rows, fmt=fmt, name=f"discovery-queue-{now:%Y-%m-%d}", title="Queue")
