"""Data-protection requests for a contact: what is stored, export it, erase it.

Admins only, for both. Erasure can't be undone. An export is a bulk copy of everything about a
person, made for a subject-access request, which the consultancy answers through the people
accountable for data protection. Consultants see the same data on the engagement pages for their
work; they don't need a portable copy, and one role keeps the audit trail short to review.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from discovery.models import Contact, PrivacyAudit
from discovery.privacy.forms import ErasureForm
from discovery.privacy.services import ErasureRefused, contact_erase, contact_export
from discovery.roles import admin_required
from web.exports import json_response


def _contact_or_404(pk) -> Contact:
    return get_object_or_404(Contact.objects.select_related("organisation"), pk=pk)


def _page(request, contact, form, status=200):
    engagements = contact.engagements.select_related("organisation").order_by("created_at", "pk")
    context = {
        "contact": contact,
        "engagements": engagements,
        "form": form,
        "audit": PrivacyAudit.objects.filter(contact_id=contact.pk).select_related("actor")[:20],
    }
    return render(request, "discovery/contact_privacy.html", context, status=status)


@admin_required
def contact_privacy(request, pk):
    return _page(request, _contact_or_404(pk), ErasureForm())


@admin_required
@require_POST  # an export is audited: a write, so never on a GET
def contact_privacy_export(request, pk):
    contact = _contact_or_404(pk)
    data = contact_export(contact=contact, user=request.user)
    return json_response(data, f"contact-{contact.pk}-personal-data.json")


@admin_required
@require_POST
def contact_privacy_erase(request, pk):
    contact = _contact_or_404(pk)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return _page(request, contact, form, status=400)
    try:
        erasure = contact_erase(contact=contact, user=request.user, confirm_email=form.cleaned_data["confirm_email"])
    except ErasureRefused as exc:
        if contact.erased_at:
            messages.error(request, str(exc))  # the form is no longer shown for an erased contact
        else:
            form.add_error("confirm_email", str(exc))
        return _page(request, contact, form, status=400)
    messages.success(
        request,
        f"Personal data erased: {erasure.engagements} engagement(s), {erasure.reports_erased} report version(s), "
        f"{erasure.links_revoked} link(s) revoked.",
    )
    return redirect("contact-privacy", pk=contact.pk)
