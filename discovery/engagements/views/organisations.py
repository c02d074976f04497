"""An organisation over time: its engagements and assessments on a timeline with each verdict,
and two of its assessments compared (what changed, and why the verdict moved)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assessments import engine
from assessments.reports.since import comparison_in_words
from assessments.selectors import assessment_inputs, organisation_assessments
from discovery.models import Organisation
from discovery.roles import consultant_required
from web.ids import parse_id


@consultant_required
@require_GET
def organisation(request, pk):
    """Every engagement and assessment of one organisation, oldest first, with its verdict."""
    organisation = get_object_or_404(Organisation, pk=pk)
    assessments = organisation_assessments(organisation.pk)
    for assessment in assessments:
        assessment.verdict_label = engine.verdict_label(assessment.verdict) if assessment.verdict else ""
    return render(
        request,
        "discovery/organisation.html",
        {
            "organisation": organisation,
            "assessments": assessments,
            # The newest two, preselected in the comparison form.
            "earlier": assessments[-2] if len(assessments) > 1 else None,
            "later": assessments[-1] if assessments else None,
        },
    )


@consultant_required
@require_GET
def organisation_compare(request, pk):
    """Two assessments of this organisation compared; 404 for an assessment of another one."""
    organisation = get_object_or_404(Organisation, pk=pk)
    assessments = {a.pk: a for a in organisation_assessments(organisation.pk)}
    earlier = assessments.get(parse_id(request.GET.get("earlier")))
    later = assessments.get(parse_id(request.GET.get("later")))
    if earlier is None or later is None:
        raise Http404("Pick two assessments of this organisation.")
    if earlier.created_at > later.created_at:
        earlier, later = later, earlier
    return render(
        request,
        "discovery/organisation_compare.html",
        {
            "organisation": organisation,
            "earlier": earlier,
            "later": later,
            "comparison": comparison_in_words(assessment_inputs(earlier), assessment_inputs(later)),
        },
    )
