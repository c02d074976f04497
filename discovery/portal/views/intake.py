"""Public pages: request an assessment, the one-time confirmation, use or replace a private link."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from discovery.portal.forms import IntakeForm, LinkRequestForm
from discovery.portal.services.client_links import client_link_exchange, client_link_request_new
from discovery.portal.services.intake import engagement_request, intake_rate_limited
from discovery.portal.views.access import client_session_open, link_not_valid, no_referrer
from web.client_address import client_ip

SESSION_CONFIRMATION = "client_intake_confirmation"


@login_not_required
@require_http_methods(["GET", "POST"])
def intake(request):
    form = IntakeForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:
            # Nothing is created. A person whose browser filled the hidden field gets the form back
            # with what they typed (hidden field emptied) and only has to send it again.
            retry = IntakeForm(initial={k: v for k, v in request.POST.items() if k in form.fields and k != "website"})
            return render(request, "client/intake.html", {"form": retry, "send_again": True}, status=400)
        email = request.POST.get("email", "") if form.is_valid() else ""
        if intake_rate_limited(ip=client_ip(request), email=email):
            return render(request, "client/intake.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            engagement_request(
                organisation_name=data["organisation"],
                industry=data["industry"],
                contact_name=data["name"],
                email=data["email"],
                role=data["role"],
                use_case=data["use_case"],
                consent=data["consent"],
            )
            # The same answer whether the address is new or already has an open request (so the page
            # can't be used to learn who is a client), and no private link on screen or in the
            # session store: the email carries it, and says which of the two happened.
            request.session[SESSION_CONFIRMATION] = {"email": data["email"]}
            return redirect("client-confirmation")
    return render(request, "client/intake.html", {"form": form}, status=400 if form.errors else 200)


@login_not_required
@never_cache
@no_referrer
def confirmation(request):
    """ "Check your inbox", once: the details are taken out of the session as the page renders."""
    details = request.session.pop(SESSION_CONFIRMATION, None)
    if not details:
        return redirect("client-status")
    return render(request, "client/confirmation.html", {"details": details})


@login_not_required
@no_referrer
def link(request, token: str):
    """Exchange the token for a session, then continue on a URL without the token in it."""
    found = client_link_exchange(token=token)
    if found is None:
        return redirect("client-link-invalid")
    client_session_open(request, found)
    return redirect("client-status")


@login_not_required
def link_invalid(request):
    return link_not_valid(request)


@login_not_required
@require_http_methods(["GET", "POST"])
def link_request(request):
    """Ask for a fresh link by email. The answer never says whether the address is known."""
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Limited by the asker's address only: the engagements' own cap (client_link_request_send)
        # keeps a mailbox from being flooded, and other people's requests can't refuse its owner.
        if intake_rate_limited(ip=client_ip(request)):
            return render(request, "client/link_request.html", {"form": form, "rate_limited": True}, status=429)
        client_link_request_new(email=form.cleaned_data["email"])
        return render(request, "client/link_request.html", {"sent_to": form.cleaned_data["email"]})
    return render(request, "client/link_request.html", {"form": form}, status=400 if form.errors else 200)
