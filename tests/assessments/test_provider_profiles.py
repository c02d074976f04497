"""Provider profiles are rows admins edit: seeded from profiles.json, read by new analyses and
by the findings' provider fit; only admins reach them in the Django admin."""

import pytest

from assessments.models import ProviderProfile
from assessments.reports.services import report_generate_now
from assessments.samples import default_profiles
from assessments.selectors import provider_profiles
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_sample

pytestmark = pytest.mark.django_db


def test_the_shipped_figures_are_seeded_as_rows():
    assert provider_profiles() == default_profiles()
    bedrock = ProviderProfile.objects.get(slug="bedrock_claude")
    assert bedrock.checked == "2026-12" and "end of life" in bedrock.availability


def test_the_report_says_which_providers_still_take_new_fine_tuning_jobs():
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=120, duplicates=0)
    html = report_generate_now(assessment=assessment).html
    assert "winding down self-serve fine-tuning" in html and "no one can" in html
    assert "last checked 2026-12" in html


def test_an_edited_limit_is_what_the_next_analysis_counts_against():
    ProviderProfile.objects.filter(slug="openai").update(max_tokens_per_example=10, recommended_examples=5000)
    sample = analysed_sample(make_assessment("fine_tune"), unique=20, duplicates=0)
    assert sample.findings["over_limit"]["openai"] == 20


def test_only_admins_open_provider_profiles_in_the_admin(client, ada, alice):
    url = "/admin/assessments/providerprofile/"
    client.force_login(alice)
    assert client.get(url).status_code == 302  # consultants get the sign-in page
    client.force_login(ada)
    page = client.get(url)
    assert page.status_code == 200 and "Amazon Bedrock" in page.content.decode()
    profile = ProviderProfile.objects.get(slug="vertex_gemini")
    data = {
        "slug": "vertex_gemini",
        "name": profile.name,
        "min_examples": 16,
        "recommended_examples": 200,
        "max_tokens_per_example": profile.max_tokens_per_example,
        "source": profile.source,
        "checked": "2026-11",
        "order": profile.order,
    }
    response = client.post(f"{url}{profile.pk}/change/", data)
    assert response.status_code == 302
    assert ProviderProfile.objects.get(pk=profile.pk).recommended_examples == 200
