"""An admin changes a criterion through the Django admin: new draft, a refused edit, a fix, publish."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import CriteriaSet, VersionStatus
from tests.browser import page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser]


def sign_in(page, username):  # noqa: F811
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.wait_for_load_state()


def condition_box(page, slug):  # noqa: F811
    """The condition textarea of the criterion inline whose slug input holds `slug`."""
    slug_input = page.locator(f"input[name$='-slug'][value='{slug}']")
    name = slug_input.get_attribute("name")
    return page.locator(f"textarea[name='{name.replace('-slug', '-condition')}']")


def test_an_admin_drafts_fixes_and_publishes_a_criteria_change(page, ada, transactional_db):  # noqa: F811
    sign_in(page, "ada")
    page.goto(f"{page.base_url}/admin/assessments/criteriaset/")
    page.get_by_role("link", name="fine-tuning-criteria").first.click()
    expect(page.get_by_role("button", name="Create new draft from this version")).to_be_visible()
    expect(page.locator("input[name=_save]")).to_have_count(0)  # published: read-only
    screenshot(page, "admin-criteria-published")

    page.get_by_role("button", name="Create new draft from this version").click()
    expect(page.locator(".messagelist")).to_contain_text("Created fine-tuning-criteria v4")

    box = condition_box(page, "weak_evaluation")
    box.fill('evaluation_method == "spot-checks"')
    page.locator("input[name=_continue]").click()
    expect(page.locator(".errorlist").first).to_contain_text("'spot-checks' is not a value of evaluation_method")
    screenshot(page, "admin-criteria-invalid-condition")

    condition_box(page, "weak_evaluation").fill('evaluation_method in ["spot_checks", "none"]')
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    page.get_by_role("link", name=re.compile("Publish")).click()
    expect(page.locator(".publish-ready")).to_contain_text("every golden case passes")
    page.get_by_label("Publishing note").fill("Spot checks and no measurement both get the advisory.")
    screenshot(page, "admin-criteria-publish")
    page.get_by_role("button", name=re.compile("Publish fine-tuning-criteria v4")).click()
    expect(page.locator(".messagelist")).to_contain_text("Published fine-tuning-criteria v4")

    assert CriteriaSet.objects.get(slug="fine-tuning-criteria", version=3).status == VersionStatus.RETIRED
    published = CriteriaSet.objects.get(slug="fine-tuning-criteria", status=VersionStatus.PUBLISHED)
    assert published.criteria.get(slug="weak_evaluation").condition == 'evaluation_method in ["spot_checks", "none"]'
