"""An admin's first sign-in: password, MFA enrolment by QR code, recovery codes; then the team page."""

from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP

from discovery.models import ConsultantProfile
from discovery.roles import ADMINS, CONSULTANTS
from tests.browser import page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser]


def test_a_new_admin_enrols_then_runs_the_team(page, alice, bob, mfa_enforced, django_user_model):  # noqa: F811
    ivy = django_user_model.objects.create_user(
        "ivy", password="correct horse battery", first_name="Ivy", last_name="Stone", email="ivy@discovery.example"
    )
    ivy.groups.set(Group.objects.filter(name__in=[ADMINS, CONSULTANTS]))
    ConsultantProfile.objects.create(user=ivy, title="Head of Delivery", skills=["mlops"], external_load=1)
    ConsultantProfile.objects.create(user=alice, title="Principal AI Architect", skills=["rag", "evaluation"])

    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "ivy")
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.goto(f"{page.base_url}/team/")
    assert page.url.endswith("/accounts/mfa/")
    assert page.locator(".mfa-qr svg").count() == 1
    screenshot(page, "mfa-enrol")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "mfa-enrol-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    secret = page.locator(".mfa-secret").inner_text().replace(" ", "")
    key = b32decode(secret)
    page.fill("input[name=code]", f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert page.locator(".mfa-codes li").count() == 10

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
    page.get_by_role("button", name="Deactivate Bob").click()
    page.wait_for_load_state()
    screenshot(page, "team")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "team-390")
