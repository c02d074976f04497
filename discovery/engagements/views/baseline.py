"""The measured baseline of an engagement's assessment (consultants): prepare a run (its
inputs frozen and its cost estimated, nothing sent), start it under a cap with the client's
recorded agreement, watch its progress (htmx polls the run's panel every two seconds), cancel,
resume, and read the results per variant and per case.

Every run a URL names is looked up through the engagement it belongs to. With no model
connection configured the page says how an admin adds one.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.baseline import best_variant
from assessments.models import BaselineRun
from assessments.selectors import baseline_connections, baseline_run_used, baseline_runs, baseline_stated_inputs
from assessments.services.baseline import (
    BaselineRefused,
    baseline_cancel,
    baseline_create,
    baseline_launch,
    baseline_raise_cap,
    baseline_resume,
)
from discovery.engagements.baseline_forms import BaselineLaunchForm, BaselinePrepareForm
from discovery.models import Engagement
from discovery.roles import consultant_required
from web.body_limits import large_body


def _assessment_or_404(pk: int):
    engagement = Engagement.objects.filter(pk=pk).first()
    assessment = engagement.assessments.order_by("-pk").first() if engagement else None
    if assessment is None:
        raise Http404("No assessment for this engagement.")
    return engagement, assessment


def _run_or_404(pk: int, run_id: int) -> BaselineRun:
    run = BaselineRun.objects.filter(pk=run_id, assessment__engagement_id=pk).select_related("connection").first()
    if run is None:
        raise Http404("No such baseline run.")
    return run


def _lines(upload):
    return upload.read().splitlines() if upload else None


@consultant_required
@large_body
def baseline_page(request, pk):
    engagement, assessment = _assessment_or_404(pk)
    connections = baseline_connections()
    # The client's stated target and prompt (questionnaire v2) fill the form; the consultant may
    # change both, and the run records what was actually used.
    stated = baseline_stated_inputs(assessment)
    form = BaselinePrepareForm(connections=connections, initial=stated)
    if request.method == "POST":
        form = BaselinePrepareForm(request.POST, request.FILES, connections=connections)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = baseline_create(
                    assessment=assessment,
                    connection=data["connection"],
                    model_id=data["model_id"].strip(),
                    eval_lines=_lines(data["eval_file"]),
                    client_prompt=data["client_prompt"],
                    training_lines=_lines(data["training_file"]),
                    repeats=data["repeats"],
                    variant_count=data["variant_count"],
                    max_tokens=data["max_tokens"],
                    default_grader=data["default_grader"],
                    target=data["target"] / 100,
                    user=request.user,
                )
            except BaselineRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect("baseline-run", pk=engagement.pk, run_id=run.pk)
    return render(
        request,
        "discovery/baseline.html",
        {
            "engagement": engagement,
            "assessment": assessment,
            "connections": connections,
            "form": form,
            "runs": baseline_runs(assessment),
            "used": baseline_run_used(assessment),
            "stated": stated,
        },
        status=400 if form.errors else 200,
    )


def _run_context(engagement_pk: int, run: BaselineRun, launch_form=None) -> dict:
    summary = run.summary or {}
    best = best_variant(summary) if summary else None
    cases = {c["index"]: c for c in run.cases}
    for variant in summary.get("variants", []):
        for row in variant["cases"]:
            case = cases.get(row["case"], {})
            row["input"] = case.get("messages", [["", ""]])[-1][1]
            row["expected"] = case.get("expected")
    return {
        "engagement_pk": engagement_pk,
        "run": run,
        "summary": summary,
        "variants": summary.get("variants", []),
        "best": best,
        "launch_form": launch_form or BaselineLaunchForm(initial={"cap_usd": _suggested_cap(run)}),
        "resumable": run.connection_id is not None
        and (run.status in (BaselineRun.CANCELLED, BaselineRun.FAILED) or summary.get("stopped_at_cap")),
    }


def _suggested_cap(run: BaselineRun):
    worst = float(run.estimate.get("max_cost_usd", 0))
    return max(round(worst * 1.1, 2), 0.01)


@consultant_required
def baseline_run(request, pk, run_id):
    run = _run_or_404(pk, run_id)
    template = "discovery/_baseline_run.html" if request.headers.get("HX-Request") == "true" else None
    context = _run_context(pk, run)
    if template:
        return render(request, template, context)
    engagement, _ = _assessment_or_404(pk)
    return render(request, "discovery/baseline_run.html", context | {"engagement": engagement})


@consultant_required
@require_POST
def baseline_run_start(request, pk, run_id):
    run = _run_or_404(pk, run_id)
    form = BaselineLaunchForm(request.POST)
    if form.is_valid():
        try:
            baseline_launch(
                run=run, cap_usd=form.cleaned_data["cap_usd"], consent=form.cleaned_data["consent"], user=request.user
            )
        except BaselineRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Started. The run's progress shows below.")
            return redirect("baseline-run", pk=pk, run_id=run.pk)
    engagement, _ = _assessment_or_404(pk)
    context = _run_context(pk, run, launch_form=form) | {"engagement": engagement}
    return render(request, "discovery/baseline_run.html", context, status=400)


@consultant_required
@require_POST
def baseline_run_cancel(request, pk, run_id):
    run = _run_or_404(pk, run_id)
    try:
        baseline_cancel(run=run)
        messages.success(request, "Cancelling: the run stops within a second or two, keeping what was answered.")
    except BaselineRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(reverse("baseline-run", args=[pk, run.pk]))


@consultant_required
@require_POST
def baseline_run_resume(request, pk, run_id):
    run = _run_or_404(pk, run_id)
    try:
        if request.POST.get("cap_usd"):
            baseline_raise_cap(run=run, cap_usd=request.POST["cap_usd"])
            run.refresh_from_db()
        baseline_resume(run=run)
        messages.success(request, "Resumed: answers already received are not paid for again.")
    except BaselineRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(reverse("baseline-run", args=[pk, run.pk]))
