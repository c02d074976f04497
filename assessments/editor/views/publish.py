"""Impact analysis, publishing and history of criteria sets and questionnaires (admins only)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.editor.access import content_model
from assessments.engine import content_diff
from assessments.models import ContentError, CriteriaSet, ImpactRun, VersionStatus
from assessments.selectors import content_changes, content_definition
from assessments.services.impact import impact_rows, impact_run_start
from assessments.services.publishing import content_publish
from discovery.roles import admin_required
from web.exports import csv_response


def _published_sibling(version):
    return (
        type(version).objects.filter(slug=version.slug, status=VersionStatus.PUBLISHED).exclude(pk=version.pk).first()
    )


def _latest_run(criteria_set):
    return criteria_set.impact_runs.first()


@admin_required
@require_POST
def editor_impact_start(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    run = impact_run_start(criteria_set=criteria_set, user=request.user)
    return redirect("editor-impact", pk=pk, run_pk=run.pk)


@admin_required
def editor_impact(request, pk, run_pk):
    """The run's page; with htmx (polling) only its progress/result panel."""
    run = get_object_or_404(ImpactRun.objects.select_related("criteria_set"), pk=run_pk, criteria_set_id=pk)
    context = {"run": run, "criteria_set": run.criteria_set, "stale": _is_stale(run)}
    template = "editor/_impact.html" if request.headers.get("HX-Request") else "editor/impact.html"
    return render(request, template, context)


def _is_stale(run: ImpactRun) -> bool:
    """Whether the draft changed since the run (its result no longer describes the draft)."""
    if run.status != ImpactRun.DONE:
        return False
    try:
        return content_definition(run.criteria_set).content_hash != run.content_digest
    except Exception:  # an unreadable draft is certainly not what was analysed
        return True


@admin_required
def editor_impact_csv(request, pk, run_pk):
    run = get_object_or_404(ImpactRun, pk=run_pk, criteria_set_id=pk, status=ImpactRun.DONE)
    return csv_response(impact_rows(run), f"impact-{run.criteria_set_id}-{run.pk}.csv")


def _findings(version) -> list:
    """The draft's blocking logic-check findings, each marked with its acknowledgement (if any);
    none until the content is valid (the check needs valid conditions)."""
    if not version.is_draft or version.validation_errors():
        return []
    findings = version.logic_findings()
    return [{"finding": f, "acknowledged": version.acknowledged_findings.get(f.key, "")} for f in findings]


@admin_required
def editor_publish(request, kind, pk):
    """Confirm and publish a draft: the blocking problems, the logic check's findings (each can be
    acknowledged), the diff and the impact are shown. The button is disabled only while the
    content blocks; a missing note is reported next to the note, so fixing it re-enables nothing
    that was never disabled (the model's publish() refuses either way)."""
    version = get_object_or_404(content_model(kind), pk=pk)
    note, note_error, status = "", "", 200
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            content_publish(version=version, user=request.user, note=note)
        except ContentError:
            status = 400
            note_error = "" if note.strip() else "Write a change note: say what changed and why."
        else:
            messages.success(request, f"{version.slug} v{version.version} is published.")
            return redirect("editor-history", kind=kind, pk=version.pk)
    current = _published_sibling(version)
    diff = content_diff(current.to_document(), version.to_document()) if current else None
    run = _latest_run(version) if isinstance(version, CriteriaSet) else None
    return render(
        request,
        "editor/publish.html",
        {
            "version": version,
            "kind": kind,
            "problems": version.blocking_problems() if version.is_draft else [],
            "findings": _findings(version),
            "current": current,
            "diff": diff,
            "run": run,
            "stale": _is_stale(run) if run else False,
            "note": note,
            "note_error": note_error,
        },
        status=status,
    )


@admin_required
def editor_history(request, kind, pk):
    """Every version of this content's slug (compare any two), and who changed what in this one."""
    version = get_object_or_404(content_model(kind), pk=pk)
    versions = list(type(version).objects.filter(slug=version.slug).order_by("-version"))
    return render(
        request,
        "editor/history.html",
        {"version": version, "versions": versions, "kind": kind, "changes": content_changes(version)},
    )


@admin_required
def editor_diff(request, kind, old_pk, new_pk):
    model = content_model(kind)
    old, new = get_object_or_404(model, pk=old_pk), get_object_or_404(model, pk=new_pk)
    if old.slug != new.slug:
        messages.error(request, "Only versions of the same content can be compared.")
        return redirect("editor-history", kind=kind, pk=new.pk)
    diff = content_diff(old.to_document(), new.to_document())
    return render(request, "editor/diff.html", {"old": old, "new": new, "diff": diff, "kind": kind})
