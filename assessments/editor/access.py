"""What the editor's views share: the kind of content a URL names, and the draft-only guard.

Every editor POST that changes a row starts with `get_draft_part_or_400(...)`: the row (404 when
it doesn't exist), or `NotADraft` raised when its version is published or retired, which the
`@draft_edit` decorator answers with a 400 saying why. So each view reads top to bottom.

Its own module, below the views, because the engagement side's golden-case answer sheet
(discovery/views/editor_answers.py) uses the same guard and may not import another app's views
(the independence contract in pyproject.toml).
"""

from functools import wraps

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from assessments.models import CriteriaSet, Questionnaire
from web.refusals import Refused

FROZEN = "This version is published or retired and can't change; create a new draft."


class NotADraft(Refused):
    """The row asked for belongs to a published or retired version, which can't change."""


def content_model(kind: str):
    """The content model a URL's kind names ("criteria" or "questionnaires"); 404 otherwise."""
    models = {"criteria": CriteriaSet, "questionnaires": Questionnaire}
    if kind not in models:
        raise Http404("No such kind of content.")
    return models[kind]


def get_draft_part_or_400(queryset, **lookup):
    """The row of `queryset` (a model or queryset of a version or of one of its parts) matching
    `lookup`: Http404 when there is none, NotADraft (a 400 under @draft_edit) when its version
    is published or retired."""
    row = get_object_or_404(queryset, **lookup)
    if not row.owning_version().is_draft:
        raise NotADraft(FROZEN)
    return row


def draft_edit(view):
    """Answer a NotADraft raised by `view` with a 400 carrying its message."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotADraft as exc:
            return HttpResponseBadRequest(str(exc))

    return wrapped
