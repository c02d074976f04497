"""MFA: enrolment, sign-in with an app code or a recovery code (once), throttling, the gate."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from discovery.models import TeamEvent
from discovery.roles import ADMINS, CONSULTANTS
from discovery.team.views.mfa import FRESH_CODES_MINUTES, PENDING_KEY

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def ivy(django_user_model):
    """Ivy, a new admin who signs in with her password (no force_login), not yet enrolled."""
    user = django_user_model.objects.create_user("ivy", password=PASSWORD, first_name="Ivy", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=[ADMINS, CONSULTANTS]))
    return user


def _code(key_hex: str) -> str:
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def _sign_in(client, username="ivy"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _enrol(client) -> tuple[str, list[str]]:
    client.get(reverse("mfa-enrol"))
    key = client.session[PENDING_KEY]
    response = client.post(reverse("mfa-enrol"), {"code": _code(key)})
    assert response.status_code == 200
    return key, response.context["codes"]


def _enrolled_ivy(client, ivy):
    _sign_in(client)
    key, codes = _enrol(client)
    client.post(reverse("logout"))
    return key, codes


def test_an_admin_who_has_not_enrolled_is_sent_to_enrolment_and_reaches_nothing_else(client, ivy):
    _sign_in(client)
    for path in (reverse("queue"), reverse("team"), reverse("editor-home"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("mfa-enrol"), path
    page = client.get(reverse("mfa-enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"<script" not in page.content.split(b"<footer")[0]


def test_enrolment_turns_on_mfa_shows_recovery_codes_once_and_is_audited(client, ivy):
    _sign_in(client)
    key, codes = _enrol(client)
    assert len(codes) == 10 and PENDING_KEY not in client.session
    assert TOTPDevice.objects.get(user=ivy).key == key
    assert TeamEvent.objects.get().kind == TeamEvent.MFA_ENROLLED
    assert client.get(reverse("queue")).status_code == 200  # this session is verified now
    status = client.get(reverse("mfa-enrol"))
    assert "10</strong> unused recovery codes" in status.content.decode()


def test_enrolment_with_a_wrong_or_garbage_code_is_refused(client, ivy):
    _sign_in(client)
    client.get(reverse("mfa-enrol"))
    for code in ("000000", "²²²²²²", "x" * 30, ""):
        assert client.post(reverse("mfa-enrol"), {"code": code}).status_code == 400
    assert not TOTPDevice.objects.filter(user=ivy).exists()
    assert client.get(reverse("queue"))["Location"] == reverse("mfa-enrol")


def test_people_without_a_role_cannot_enrol(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("mfa-enrol")).status_code == 403


def test_sign_in_asks_for_the_code_and_a_right_one_lets_you_in(client, ivy):
    key, _ = _enrolled_ivy(client, ivy)
    _sign_in(client)
    response = client.get(reverse("team"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa-verify"))
    TOTPDevice.objects.filter(user=ivy).update(last_t=-1)  # the enrolment used this time step
    response = client.post(reverse("mfa-verify"), {"code": _code(key), "next": reverse("team")})
    assert response.status_code == 302 and response["Location"] == reverse("team")
    assert client.get(reverse("team")).status_code == 200


def test_a_recovery_code_signs_in_once(client, ivy):
    _, codes = _enrolled_ivy(client, ivy)
    _sign_in(client)
    assert client.post(reverse("mfa-verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("queue")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("logout"))
    _sign_in(client)
    assert client.post(reverse("mfa-verify"), {"code": codes[0]}).status_code == 400
    assert client.get(reverse("queue")).status_code == 302


def test_wrong_codes_are_throttled_by_axes_and_a_right_password_does_not_reset_them(client, ivy, settings):
    key, _ = _enrolled_ivy(client, ivy)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client)
        assert client.post(reverse("mfa-verify"), {"code": "not-a-code"}).status_code == 400
        client.post(reverse("logout"))
    _sign_in(client)
    response = client.post(reverse("mfa-verify"), {"code": "000000"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session  # signed out: back to the password step
    _sign_in(client)
    TOTPDevice.objects.filter(user=ivy).update(last_t=-1, throttling_failure_count=0)
    assert client.post(reverse("mfa-verify"), {"code": _code(key)}).status_code == 429


def test_the_code_step_with_garbage_is_a_400_not_a_500(client, ivy):
    _enrolled_ivy(client, ivy)
    _sign_in(client)
    for code in ("²", "\x00", "9" * 25):
        assert client.post(reverse("mfa-verify"), {"code": code, "next": "https://evil.example/"}).status_code == 400


def test_the_code_step_never_redirects_off_site(client, ivy):
    _, codes = _enrolled_ivy(client, ivy)
    _sign_in(client)
    response = client.post(reverse("mfa-verify"), {"code": codes[1], "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_consultant_may_skip_mfa_by_default_but_not_when_it_is_required_for_all(client, alice, settings):
    _sign_in(client, "alice")
    assert client.get(reverse("queue")).status_code == 200
    settings.MFA_REQUIRED_FOR = "all"
    assert client.get(reverse("queue"))["Location"] == reverse("mfa-enrol")


def test_a_device_reset_by_another_admin_means_enrolling_again(client, ivy, ada):
    _enrolled_ivy(client, ivy)
    client.force_login(ada)
    client.post(reverse("team-member-mfa-reset", args=[ivy.pk]))
    client.post(reverse("logout"))
    _sign_in(client)
    assert client.get(reverse("queue"))["Location"] == reverse("mfa-enrol")
    assert TeamEvent.objects.filter(kind=TeamEvent.MFA_RESET, actor=ada, subject=ivy).exists()


def test_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(client, ivy):
    _sign_in(client)
    _, old = _enrol(client)
    response = client.post(reverse("mfa-recovery-renew"))
    assert response.status_code == 200
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert StaticToken.objects.filter(device__user=ivy).count() == 10


def test_renewing_recovery_codes_needs_an_enrolled_consultant(client, alice, charlie):
    client.force_login(charlie)
    assert client.post(reverse("mfa-recovery-renew")).status_code == 403


def test_devices_are_not_managed_in_the_django_admin_where_no_trail_is_kept(client, ada):
    client.force_login(ada)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_new_recovery_codes_download_as_a_text_file_that_no_cache_keeps(client, ivy):
    _sign_in(client)
    _, codes = _enrol(client)
    response = client.get(reverse("mfa-recovery-download"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="discovery-recovery-codes.txt"'
    assert response.content.decode().split()[-10:] == codes


def test_recovery_codes_download_only_right_after_they_were_made(client, ivy):
    _sign_in(client)
    _enrol(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=FRESH_CODES_MINUTES + 1)):
        response = client.get(reverse("mfa-recovery-download"), follow=True)
    assert response.redirect_chain[0][0] == reverse("mfa-enrol")
    assert b"Renew them for a new set" in response.content
    assert response["Content-Type"].startswith("text/html")


def test_downloading_recovery_codes_needs_an_enrolled_consultant(client, alice, charlie):
    client.force_login(charlie)
    assert client.get(reverse("mfa-recovery-download")).status_code == 403
    client.force_login(alice)  # a consultant with no device: nothing to download, sent to enrol
    assert client.get(reverse("mfa-recovery-download"))["Location"] == reverse("mfa-enrol")
    client.logout()
    assert client.get(reverse("mfa-recovery-download")).status_code == 302  # to sign-in
