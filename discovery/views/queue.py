from django.shortcuts import render

from discovery.models import Engagement
from discovery.roles import consultant_required


@consultant_required
def queue(request):
    """The consultant home: open engagements by response deadline."""
    engagements = (
        Engagement.objects.filter(status__in=Engagement.OPEN_STATUSES)
        .select_related("organisation", "contact", "lead")
        .order_by("response_due_at", "created_at")
    )
    return render(request, "discovery/queue.html", {"engagements": engagements})
