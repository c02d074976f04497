from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from discovery.forms_consultant import QueueFilterForm, WorkshopEngagementForm
from discovery.roles import consultant_required
from discovery.selectors import engagement_queue
from discovery.services.engagements import engagement_create_workshop
from discovery.sla import LABELS, engagement_sla_state


@consultant_required
def queue(request):
    """The consultant home: engagements needing action, soonest response deadline first."""
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    engagements = list(
        engagement_queue(
            user=request.user,
            status=filters.get("status", ""),
            owner=filters.get("owner", ""),
            overdue=filters.get("overdue", False),
            search=filters.get("q", ""),
        )
    )
    now = timezone.now()
    states = [engagement_sla_state(e, now) for e in engagements]
    rows = [(e, state, LABELS.get(state, "")) for e, state in zip(engagements, states, strict=True)]
    return render(
        request,
        "discovery/queue.html",
        {"form": form, "rows": rows, "new_form": WorkshopEngagementForm()},
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
