"""The analytics page and its CSV downloads (consultants and admins)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from discovery.roles import consultant_required
from web.exports import csv_response

from .charts import CHARTS
from .figures import month_label
from .forms import AnalyticsFilterForm
from .selectors import analytics_filter_choices, portfolio_figures

TABLE_LIMIT = 50  # rows a long table shows on the page; its CSV has them all
WIDE = {"sla", "one-answer-away"}  # many columns: these take the page's full width
LONG_TEXT = 40  # characters after which a cell may wrap instead of widening its table


def _cell(value) -> dict:
    return {
        "text": "—" if value is None else value,
        # Nothing ("—") only ever stands in a column of numbers: align it with them.
        "numeric": value is None or isinstance(value, int | float),
        "wrap": isinstance(value, str) and len(value) > LONG_TEXT,
    }


def _section(figure, form) -> dict:
    shown = figure.rows[:TABLE_LIMIT]
    ids = figure.engagement_ids or [None] * len(shown)
    return {
        "figure": figure,
        "chart": CHARTS[figure.name](figure),
        "csv_url": "?" + form.query_string(format="csv", figure=figure.name),
        "rows": [([_cell(v) for v in row], engagement_id) for row, engagement_id in zip(shown, ids, strict=False)],
        "hidden": len(figure.rows) - len(shown),
        "wide": figure.name in WIDE,
    }


@consultant_required
def analytics(request):
    """Portfolio figures for a period, industry and lead; `?format=csv&figure=<name>` downloads one."""
    industries, leads = analytics_filter_choices()
    form = AnalyticsFilterForm(request.GET, industries=industries, leads=leads, today=timezone.localdate())
    output, figure_name = request.GET.get("format", ""), request.GET.get("figure", "")
    if output not in ("", "csv") or (output == "csv" and figure_name not in CHARTS):
        return HttpResponse(
            f"Ask for format=csv and one figure of: {', '.join(CHARTS)}.", status=400, content_type="text/plain"
        )
    if not form.is_valid():
        if output == "csv":
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return HttpResponse(f"The filters are not valid: {problems}", status=400, content_type="text/plain")
        return render(request, "discovery/analytics.html", {"form": form, "sections": []}, status=400)
    filters = form.cleaned_data["filters"]
    lead_names = dict(leads)
    figures = portfolio_figures(filters, lead_names=lead_names)
    if output == "csv":
        figure = next(f for f in figures if f.name == figure_name)
        span = f"{filters.first[0]}-{filters.first[1]:02}-to-{filters.last[0]}-{filters.last[1]:02}"
        return csv_response(figure.csv_rows(), f"analytics-{figure.name}-{span}.csv")
    return render(
        request,
        "discovery/analytics.html",
        {
            "form": form,
            "sections": [_section(figure, form) for figure in figures],
            "period": f"{month_label(filters.first)} to {month_label(filters.last)}",
            "industry": filters.industry or "All industries",
            "lead": lead_names.get(filters.lead_id, "") if filters.lead_id else "Any lead",
        },
    )
