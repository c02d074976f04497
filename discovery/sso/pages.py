"""The admin's single sign-on page: how it is configured, and the domains whose newcomers get an account."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from discovery.roles import admin_required
from discovery.sso.forms import DomainForm
from discovery.sso.models import SsoDomain
from discovery.sso.services import sso_domain_allow, sso_domain_remove
from web.refusals import Refused


@admin_required
def sso_domains(request):
    form = DomainForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                domain = sso_domain_allow(domain=form.cleaned_data["domain"], user=request.user)
            except Refused as exc:
                form.add_error("domain", str(exc))
            else:
                messages.success(request, f"People at {domain.domain} get an account at their first sign-in.")
                return redirect("sso-domains")
        status = 400
    context = {
        "form": form,
        "domains": SsoDomain.objects.select_related("allowed_by"),
        "sso_enabled": settings.SSO_ENABLED,
        "sso_only": settings.SSO_ONLY,
        "issuer": settings.OIDC_ISSUER,
        "provider": settings.OIDC_PROVIDER_NAME,
    }
    return render(request, "integrations/sso.html", context, status=status)


@admin_required
@require_POST
def sso_domain_remove_view(request, pk):
    domain = get_object_or_404(SsoDomain, pk=pk)
    sso_domain_remove(domain=domain)
    messages.success(request, f"Newcomers from {domain.domain} no longer get an account; existing ones keep theirs.")
    return redirect("sso-domains")
