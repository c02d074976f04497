"""A draft's lifecycle in the editor (admins only): start or continue one, discard it, acknowledge
a logic-check finding, import a content file as a draft, export any version."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.editor.access import content_model
from assessments.models import ContentError, CriteriaSet
from assessments.services.publishing import (
    DraftExists,
    content_draft_discard,
    content_draft_from,
    content_import,
    finding_acknowledge,
)
from discovery.roles import admin_required
from web.refusals import refusal_shown

MAX_IMPORT_BYTES = 2_000_000  # the default content is ~40 KB; anything this large is no content file


def _editor_page(version):
    return ("editor-criteria" if isinstance(version, CriteriaSet) else "editor-questionnaire", version.pk)


@admin_required
@require_POST
def editor_new_draft(request, kind, pk):
    """A new draft from `pk`; when the slug already has one, the admin is taken to it to continue."""
    source = get_object_or_404(content_model(kind), pk=pk)
    try:
        draft = content_draft_from(version=source, user=request.user)
    except DraftExists as exists:
        messages.info(request, f"Continuing the open draft v{exists.draft.version}: a slug has one draft at a time.")
        name, draft_pk = _editor_page(exists.draft)
        return redirect(name, pk=draft_pk)
    messages.success(request, f"Draft v{draft.version} created from v{source.version}.")
    name, draft_pk = _editor_page(draft)
    return redirect(name, pk=draft_pk)


@admin_required
def editor_discard(request, kind, pk):
    """GET asks for confirmation; POST deletes the draft and everything in it."""
    version = get_object_or_404(content_model(kind), pk=pk)
    if request.method == "POST":
        try:
            content_draft_discard(version=version)
        except ContentError as exc:
            messages.error(request, str(exc))
            name, version_pk = _editor_page(version)
            return redirect(name, pk=version_pk)
        messages.success(request, f"Draft {version.slug} v{version.version} discarded.")
        return redirect("editor-home")
    return render(request, "editor/discard.html", {"version": version, "kind": kind})


@admin_required
@require_POST
@refusal_shown("editor-publish", "kind", "pk")
def editor_acknowledge(request, kind, pk):
    """Accept one logic-check finding as intended, with a note; publishing then no longer waits on it."""
    version = get_object_or_404(content_model(kind), pk=pk)
    if not version.is_draft:
        messages.error(request, "Only a draft's findings can be acknowledged.")
        return redirect("editor-publish", kind=kind, pk=pk)
    finding_acknowledge(
        version=version, key=request.POST.get("finding", ""), note=request.POST.get("note", ""), user=request.user
    )
    messages.success(request, "Finding acknowledged; the note is kept in the history.")
    return redirect("editor-publish", kind=kind, pk=pk)


@admin_required
def editor_export(request, kind, pk):
    """The version as a `discovery-content/1` file, the shape Import and `import_content` read."""
    version = get_object_or_404(content_model(kind), pk=pk)
    response = HttpResponse(json.dumps(version.to_document(), indent=2, ensure_ascii=False), "application/json")
    response["Content-Disposition"] = f'attachment; filename="{version.slug}.v{version.version}.json"'
    return response


def _read_upload(upload) -> tuple[dict | None, str]:
    if upload is None:
        return None, "Choose a content file to import."
    if upload.size > MAX_IMPORT_BYTES:
        return None, "That file is too large to be a content file."
    try:
        data = json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"The file is not JSON: {exc}"
    if not isinstance(data, dict) or data.get("format") != "discovery-content/1":
        return None, 'The file is not a content file: its "format" must be "discovery-content/1".'
    return data, ""


@admin_required
def editor_import(request):
    """Upload a content file: it becomes a new draft, or every problem is listed and nothing is stored."""
    problems = []
    if request.method == "POST":
        data, problem = _read_upload(request.FILES.get("file"))
        if problem:
            problems = [problem]
        else:
            try:
                version = content_import(data=data, user=request.user)
            except ContentError as exc:
                problems = exc.problems
            else:
                messages.success(request, f"Imported {version.slug} as draft v{version.version}.")
                name, version_pk = _editor_page(version)
                return redirect(name, pk=version_pk)
    status = 400 if problems else 200
    return render(request, "editor/import.html", {"problems": problems}, status=status)
