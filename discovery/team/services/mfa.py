"""Enrolling in MFA (an authenticator app plus single-use recovery codes) and checking a code.

Devices are django-otp's: a TOTPDevice for the app and a StaticDevice holding the recovery codes
(each code is deleted when used, so it works once).
"""

from binascii import unhexlify

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from discovery.models import TeamEvent
from web.names import display_name
from web.refusals import Refused

RECOVERY_CODES = 10


class MfaCodeRefused(Refused):
    """The code does not match the secret being enrolled."""


def totp_code_matches(*, key_hex: str, code: str) -> bool:
    """Whether `code` is the current code (±1 step of 30 s) for the secret `key_hex`."""
    totp = TOTP(unhexlify(key_hex.encode()), step=30, digits=6)
    return code.isascii() and code.isdigit() and totp.verify(int(code), tolerance=1)


def _recovery_codes_issue(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def mfa_enrol(*, user, key_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Enrol `user` with the authenticator secret they scanned, once `code` proves it works.

    Returns the new device and the recovery codes, which are shown once and never again.
    """
    if user_has_device(user):
        raise MfaCodeRefused("You have already enrolled.")
    if not totp_code_matches(key_hex=key_hex, code=code):
        raise MfaCodeRefused("That code doesn't match. Check the time on your phone and try the next code.")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=key_hex, confirmed=True)
    codes = _recovery_codes_issue(user)
    TeamEvent.objects.create(
        actor=user,
        subject=user,
        subject_name=display_name(user),
        kind=TeamEvent.MFA_ENROLLED,
        message="Enrolled an authenticator app and recovery codes",
    )
    return device, codes


@transaction.atomic
def mfa_recovery_codes_renew(*, user) -> list[str]:
    """Replace `user`'s recovery codes with a fresh set (the old ones stop working)."""
    return _recovery_codes_issue(user)


def mfa_device_for_code(*, user, code: str):
    """The device of `user` that accepts `code` (an app code or a recovery code), or None.

    Each device throttles its own failures (django-otp); a recovery code is used up here.
    """
    code = code.strip().replace(" ", "").lower()
    if not code or len(code) > 16:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None
