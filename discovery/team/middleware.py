"""The MFA gate: deny by default for a signed-in user who still owes a one-time code."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from discovery import roles

# What a half-signed-in user may still reach: the code step, enrolment and signing out.
MFA_PAGES = {"mfa-verify", "mfa-enrol", "logout"}


class MFARequiredMiddleware:
    """After the password step, someone who has enrolled must enter a code (mfa-verify) and
    someone who must enrol but hasn't (roles.mfa_required) must enrol (mfa-enrol) before any
    other page. Public pages (`@login_not_required`) stay as they are for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True) or request.resolver_match.view_name in MFA_PAGES:
            return None
        if user_has_device(user):
            return redirect(f"{reverse('mfa-verify')}?{urlencode({'next': request.get_full_path()})}")
        if roles.mfa_required(user):
            return redirect("mfa-enrol")
        return None
