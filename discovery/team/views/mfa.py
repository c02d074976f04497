"""MFA pages: enrol an authenticator app (QR code drawn on the server as SVG, so no script) and
the code step after the password. Axes counts wrong codes like wrong passwords."""

from base64 import b32encode
from binascii import unhexlify

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from discovery.engagements.selectors import recovery_codes_left
from discovery.roles import is_consultant, mfa_required
from discovery.team.forms import MfaCodeForm, MfaEnrolForm
from discovery.team.services.mfa import MfaCodeRefused, mfa_device_for_code, mfa_enrol, mfa_recovery_codes_renew

# The secret being enrolled waits in the (server-side) session between showing the QR code and
# the first code, so showing the page writes no row.
PENDING_KEY = "mfa_pending_key"
# Freshly issued recovery codes wait in the (server-side) session for a short while, so the page
# that shows them once can also offer them as a file; the download stops working after that.
FRESH_CODES_KEY = "mfa_fresh_recovery_codes"
FRESH_CODES_MINUTES = 15


def _code_step_credentials(user) -> dict:
    # The code step has its own axes counter: a right password resets the password counter
    # (AXES_RESET_ON_SUCCESS), and must not also reset the count of wrong codes.
    return {"username": f"mfa:{user.get_username()}"}


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("home")


@never_cache
@sensitive_post_parameters("code")
def mfa_verify(request):
    """The second sign-in step: a code from the app, or a recovery code (each works once)."""
    user = request.user
    if user.is_verified() or not user_has_device(user):
        return redirect(_next_url(request))
    credentials = _code_step_credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, credentials=credentials)
    form = MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa_device_for_code(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id for the now fully signed-in session
            axes_reset(username=credentials["username"])
            if isinstance(device, StaticDevice):
                messages.warning(
                    request, f"You signed in with a recovery code; {recovery_codes_left(user)} left. Renew them soon."
                )
            return redirect(_next_url(request))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return get_lockout_response(request, credentials=credentials)
        form.add_error("code", "That code is not right. Try the next one from your app, or a recovery code.")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request)}, status=status)


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes only <svg>/<path> with presentation attributes: nothing the CSP has to allow.
    # omitsize: a viewBox instead of a fixed width and height, so CSS can scale the whole code to
    # any column width; with a fixed size the browser cropped it and phones couldn't scan it.
    svg = segno.make(device.config_url, error="m").svg_inline(
        omitsize=True, border=4, dark="#1b2430", light="#ffffff", svgclass="mfa-qr-code"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL inside is ours, not user input


def _enrolment_page(request, *, form, status=200):
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    device = TOTPDevice(user=request.user, key=key, name="Authenticator app")
    secret = b32encode(unhexlify(key)).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": mfa_required(request.user),
    }
    return render(request, "registration/mfa_enrol.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
def mfa_enrol_view(request):
    """Set up MFA: scan the QR code, type the first code, keep the recovery codes shown once.

    Someone already enrolled sees how many recovery codes they have left and may renew them.
    """
    user = request.user
    if not is_consultant(user):
        raise PermissionDenied
    if user_has_device(user):
        if not user.is_verified():
            return redirect("mfa-verify")
        return render(request, "registration/mfa_status.html", {"codes_left": recovery_codes_left(user)})
    if request.method != "POST":
        return _enrolment_page(request, form=MfaEnrolForm())
    form = MfaEnrolForm(request.POST)
    key = request.session.get(PENDING_KEY)
    if form.is_valid() and key:
        try:
            device, codes = mfa_enrol(user=user, key_hex=key, code=form.cleaned_data["code"].strip())
        except MfaCodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            del request.session[PENDING_KEY]
            otp_login(request, device)
            request.session.cycle_key()
            return _recovery_codes_page(request, codes, enrolled=True)
    return _enrolment_page(request, form=form, status=400)


@never_cache
@require_POST
def mfa_recovery_codes_renew_view(request):
    """A fresh set of recovery codes for a signed-in, verified user (the old set stops working)."""
    user = request.user
    if not is_consultant(user) or not user_has_device(user):
        raise PermissionDenied
    codes = mfa_recovery_codes_renew(user=user)
    return _recovery_codes_page(request, codes, enrolled=False)


def _recovery_codes_page(request, codes: list[str], *, enrolled: bool):
    request.session[FRESH_CODES_KEY] = {"codes": codes, "issued": timezone.now().timestamp()}
    context = {"codes": codes, "enrolled": enrolled, "minutes": FRESH_CODES_MINUTES}
    return render(request, "registration/mfa_recovery_codes.html", context)


@never_cache  # no-store: the codes must not stay in any cache on the way or in the browser's
@require_GET
def mfa_recovery_codes_download(request):
    """The recovery codes just shown, as a text file; only for FRESH_CODES_MINUTES after they were
    issued, in the session that saw them (afterwards renewing them is the way to a new file)."""
    user = request.user
    if not is_consultant(user) or not user_has_device(user):
        raise PermissionDenied
    fresh = request.session.get(FRESH_CODES_KEY) or {}
    if timezone.now().timestamp() - fresh.get("issued", 0) > FRESH_CODES_MINUTES * 60:
        request.session.pop(FRESH_CODES_KEY, None)
        messages.info(request, "Recovery codes download only right after they are made. Renew them for a new set.")
        return redirect("mfa-enrol")
    lines = [f"Discovery recovery codes for {user.get_username()}", "Each code signs you in once.", "", *fresh["codes"]]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="discovery-recovery-codes.txt"'
    return response
