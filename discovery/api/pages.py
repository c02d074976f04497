"""The admin's page for integration tokens: list, create (the token shown once), revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from discovery.api.forms import TokenForm
from discovery.api.models import IntegrationToken
from discovery.api.services import integration_token_create, integration_token_revoke
from discovery.roles import admin_required
from web.refusals import Refused


@admin_required
def tokens(request):
    form = TokenForm(request.POST or None)
    raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, raw = integration_token_create(**form.cleaned_data, user=request.user)
            except Refused as exc:
                form.add_error("name", str(exc))
            else:
                form = TokenForm()
                messages.success(request, f"Token for {token.name} created. Copy it now: it is not shown again.")
        if raw is None:
            status = 400
    return render(
        request,
        "integrations/tokens.html",
        {"form": form, "raw_token": raw, "tokens": IntegrationToken.objects.select_related("created_by", "revoked_by")},
        status=status,
    )


@admin_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(IntegrationToken, pk=pk)
    if integration_token_revoke(token=token, user=request.user):
        messages.success(request, f"The {token.name} token no longer works.")
    else:
        messages.info(request, f"The {token.name} token was revoked already.")
    return redirect("api-tokens")
