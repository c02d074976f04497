"""An admin's first sign-in: password, MFA enrolment by QR code, recovery codes; then the team page."""

from base64 import b32decode
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from PIL import Image
from playwright.sync_api import expect

from discovery.models import ConsultantProfile
from discovery.roles import ADMINS, CONSULTANTS
from tests.browser import DESKTOP, PHONE, axe_violations, page, screenshot  # noqa: F401


def secret_in_qr(png: Path) -> str:
    """The TOTP secret in the one QR code zxing-cpp finds in a screenshot ('' when none scans)."""
    found = zxingcpp.read_barcodes(Image.open(png), formats=zxingcpp.BarcodeFormat.QRCode)
    if len(found) != 1:
        return ""
    return parse_qs(urlsplit(found[0].text).query)["secret"][0]


pytestmark = [pytest.mark.browser]


def test_a_new_admin_enrols_then_runs_the_team(page, alice, bob, mfa_enforced, django_user_model):  # noqa: F811
    # Invited people sign in with their email address, which makes a long otpauth URL: a big QR code.
    ivy = django_user_model.objects.create_user(
        "ivy.stone@discovery.example",
        password="correct horse battery",
        first_name="Ivy",
        last_name="Stone",
        email="ivy.stone@discovery.example",
    )
    ivy.groups.set(Group.objects.filter(name__in=[ADMINS, CONSULTANTS]))
    ConsultantProfile.objects.create(user=ivy, title="Head of Delivery", skills=["mlops"], external_load=1)
    ConsultantProfile.objects.create(user=alice, title="Principal AI Architect", skills=["rag", "evaluation"])

    page.goto(f"{page.base_url}/accounts/login/")
    expect(page.get_by_label("Email or username")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "login")
    page.set_viewport_size(PHONE)
    screenshot(page, "login-390")
    page.set_viewport_size(DESKTOP)
    page.fill("input[name=username]", "Ivy.Stone@Discovery.example")  # as she typed it in her mail app
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.goto(f"{page.base_url}/team/")
    assert page.url.endswith("/accounts/mfa/")
    secret = page.locator(".mfa-secret").inner_text().replace(" ", "")
    for name, viewport in (("mfa-enrol", DESKTOP), ("mfa-enrol-390", PHONE)):
        page.set_viewport_size(viewport)
        # What a phone's camera sees: the whole QR code, carrying this very secret.
        assert secret_in_qr(screenshot(page, name)) == secret, f"the QR code does not scan at {viewport['width']} px"
        assert axe_violations(page) == []
    page.set_viewport_size(DESKTOP)

    key = b32decode(secret)
    page.fill("input[name=code]", f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.locator(".mfa-codes li")).to_have_count(10)
    codes = page.locator(".mfa-codes li").all_inner_texts()
    assert axe_violations(page) == []
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.get_by_role("button", name="Copy codes").click()
    expect(page.get_by_role("status")).to_contain_text("Copied 10 codes")
    assert page.evaluate("navigator.clipboard.readText()").split() == codes
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    assert download.value.suggested_filename == "discovery-recovery-codes.txt"
    assert Path(download.value.path()).read_text().split()[-10:] == codes
    page.mouse.move(0, 0)
    screenshot(page, "mfa-recovery-codes")
    page.set_viewport_size(PHONE)
    screenshot(page, "mfa-recovery-codes-390")
    page.set_viewport_size(DESKTOP)

    page.goto(f"{page.base_url}/team/")
    page.get_by_role("button", name="Invite a consultant").click()
    # Bootstrap adds `show` once the opening animation ends; a click while the panel is still
    # growing can land before the checkbox settles, as a hurried person's would.
    page.locator("#invite.collapse.show").wait_for()
    page.fill("input[name=email]", "nia@discovery.example")
    page.fill("input[name=first_name]", "Nia")
    page.fill("input[name=title]", "ML Engineer")
    page.get_by_label("Retrieval (RAG)").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert "Invitation emailed" in page.content()
    page.get_by_role("link", name="Deactivate Bob").click()
    expect(page.get_by_role("heading", name="Deactivate Bob?")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "team-deactivate-confirm")
    page.set_viewport_size(PHONE)
    screenshot(page, "team-deactivate-confirm-390")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Deactivate Bob").click()
    expect(page.get_by_text("Bob can no longer sign in")).to_be_visible()
    page.get_by_role("button", name="Reactivate Bob").click()
    expect(page.get_by_text("Bob can sign in again")).to_be_visible()
    page.get_by_role("link", name="Deactivate Bob").click()
    page.get_by_role("button", name="Deactivate Bob").click()
    expect(page.get_by_role("button", name="Reactivate Bob")).to_be_visible()

    page.get_by_role("link", name="Edit Alice").click()
    assert axe_violations(page) == []
    screenshot(page, "team-member")
    page.set_viewport_size(PHONE)
    screenshot(page, "team-member-390")
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Last name").fill("Liddell")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Alice: name → Alice Liddell")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "team")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "team-390")
