"""Provider profiles are per-model training paths admins keep: seeded from profiles.json with a
dated source per figure, read by new analyses, frozen by each report version (later edits never
change it; the review page says newer figures exist), and warned about in the admin when a figure
went unchecked for over 90 days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ProfileFigure, ProviderProfile, Report
from assessments.reports.paths import newer_profiles, training_paths_section
from assessments.reports.sections import paths_blocks
from assessments.reports.services import report_generate_now, report_revise
from assessments.samples import default_profiles
from assessments.samples.tokens import count_tokens
from assessments.selectors import profiles_unchecked_since, provider_profiles, stale_check_cutoff
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_records, analysed_sample
from tests.samples.files import distinct_questions

pytestmark = pytest.mark.django_db
ADMIN_URL = "/admin/assessments/providerprofile/"


def test_the_shipped_figures_are_seeded_as_rows_with_their_sources():
    assert provider_profiles() == default_profiles()
    haiku = ProviderProfile.objects.get(slug="bedrock-claude-3-haiku-sft")
    assert haiku.status == "closed" and haiku.retires_on == datetime.date(2026, 9, 10)
    cited = haiku.figures.get(figure="retirement")
    assert cited.confirmed and cited.checked_on == datetime.date(2026, 12, 4) and cited.source.startswith("https://")


def test_an_edited_limit_is_what_the_next_analysis_counts_against():
    ProviderProfile.objects.filter(slug="openai-gpt-4-1-mini-sft").update(max_tokens_per_example=10)
    sample = analysed_sample(make_assessment("fine_tune"), unique=20, duplicates=0)
    assert sample.findings["over_limit"]["openai-gpt-4-1-mini-sft"] == 20


def test_a_fine_tune_report_names_its_training_paths_their_status_dates_and_cost():
    assessment = make_assessment("fine_tune")
    analysed_sample(assessment, unique=120, duplicates=0)
    analysed_eval_set(assessment)
    html = report_generate_now(assessment=assessment).html
    assert "Training paths and cost" in html
    assert "Google Gemini 2.5 Flash, supervised" in html and "price not confirmed" in html
    assert "Closing 6 January 2027" in html and "14 January 2027" in html
    assert "(unconfirmed)" in html and "Assumptions" in html
    assert "Amazon Bedrock Claude 3 Haiku, supervised (Closed; base model retires 10 September 2026)" in html


def test_a_do_not_fine_tune_report_names_no_training_path():
    assessment = make_assessment("do_not_fine_tune")
    report = report_generate_now(assessment=assessment)
    assert training_paths_section(report) is None and "Training paths and cost" not in report.html


def test_a_report_keeps_the_profiles_it_froze_and_the_review_page_says_newer_ones_exist(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    analysed_sample(assessment, unique=120, duplicates=0)
    report = report_generate_now(assessment=assessment)
    assert report.profiles_as_of == timezone.localdate() and newer_profiles(report) == []
    ProviderProfile.objects.filter(slug="vertex-gemini-2-5-flash-sft").update(
        status="closing", closes_on=datetime.date(2027, 3, 1)
    )
    report.refresh_from_db()
    section = training_paths_section(report)
    vertex = next(r for r in section["recommended"] if r["slug"] == "vertex-gemini-2-5-flash-sft")
    assert vertex["status"] == "Available"  # the frozen figure, not the edit
    assert newer_profiles(report) == ["Google Gemini 2.5 Flash, supervised"]
    client.force_login(alice)
    page = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert "Newer provider figures exist than this version used" in page and "Gemini 2.5 Flash" in page
    new = report_revise(
        report=report, user=alice, narrative="", override_verdict="", override_justification="", engineers=[]
    )
    assert newer_profiles(new) == []  # a new version freezes today's figures


def test_the_review_form_saves_the_clients_traffic_and_the_saving_follows(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    analysed_sample(assessment, unique=120, duplicates=0)
    report = report_generate_now(assessment=assessment)
    client.force_login(alice)
    data = {"requests_per_day": "20000", "prompt_tokens": "2500", "tuned_prompt_tokens": "300", "answer_tokens": "200"}
    url = reverse("reports:review", args=[report.pk])
    response = client.post(url, {**data, "no_engineers_reason": "Scoping first."})
    assert response.status_code == 302
    new = Report.objects.get(assessment=assessment, number=report.number + 1)
    assert (new.requests_per_day, new.prompt_tokens, new.tuned_prompt_tokens) == (20000, 2500, 300)
    mini = next(r for r in training_paths_section(new)["recommended"] if r["slug"] == "openai-gpt-4-1-mini-sft")
    assert mini["cost"]["monthly_saving"].startswith("$") and mini["cost"]["findings"][0].startswith("Pays back in")
    # The sample's system prompts were measured, but the architect's figure wins and is named as told.
    assert "prompts of 2,500 tokens today, as you told us, and 300 once" in _texts(
        paths_blocks(training_paths_section(new))
    )


def _texts(blocks) -> str:
    return " ".join(getattr(block, "text", "") for block in blocks)


def test_the_review_form_defaults_todays_prompt_to_the_measured_median_and_the_report_says_so(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    analysed_sample(assessment, unique=120, duplicates=0)  # each with the same system prompt
    median = count_tokens(("You answer for Acme's support desk.",))
    report = report_generate_now(assessment=assessment)
    client.force_login(alice)
    url = reverse("reports:review", args=[report.pk])
    page = client.get(url)
    assert page.context["form"]["prompt_tokens"].value() == median
    assert "the median of 120 system prompts" in page.content.decode()
    # Not given, the section says today's length from the sample.
    assert f"Today's prompt is {median:,} tokens, measured from your sample (median of 120 system prompts)." in (
        _texts(paths_blocks(training_paths_section(report)))
    )
    data = {
        "requests_per_day": "20000",
        "prompt_tokens": str(median),
        "tuned_prompt_tokens": "3",
        "answer_tokens": "200",
    }
    assert client.post(url, {**data, "no_engineers_reason": "Scoping first."}).status_code == 302
    new = Report.objects.get(assessment=assessment, number=report.number + 1)
    assert new.prompt_tokens is None  # kept as measured, not as entered
    section = training_paths_section(new)
    assert section["usage"].prompt_tokens == median and section["usage_given"]
    assert (
        f"prompts of {median:,} tokens today, measured from your sample (median of 120 system prompts), and 3 once"
        in (_texts(paths_blocks(section)))
    )


def test_without_system_prompts_the_form_still_asks_for_todays_prompt_length(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    records = [
        {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": "Yes."}]}
        for q in distinct_questions(120)
    ]
    analysed_records(assessment, "training", records, "plain.jsonl")
    report = report_generate_now(assessment=assessment)
    client.force_login(alice)
    data = {"requests_per_day": "20000", "tuned_prompt_tokens": "300"}
    response = client.post(reverse("reports:review", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Give the requests a day and both prompt lengths, or none of them." in response.content.decode()
    assert "weren't given." in _texts(paths_blocks(training_paths_section(report)))


def test_half_the_traffic_is_refused_with_a_message_and_nothing_saved(client, alice):
    assessment = make_assessment("fine_tune", lead=alice)
    report = report_generate_now(assessment=assessment)
    client.force_login(alice)
    response = client.post(reverse("reports:review", args=[report.pk]), {"requests_per_day": "100"})
    assert response.status_code == 200
    assert "Give the requests a day and both prompt lengths, or none of them." in response.content.decode()
    assert Report.objects.filter(assessment=assessment).count() == 1


def test_figures_unchecked_for_over_90_days_are_listed_and_warned_about_in_the_admin(client, ada):
    assert profiles_unchecked_since(datetime.date(2026, 12, 4)) == []
    old = timezone.localdate() - datetime.timedelta(days=91)
    ProfileFigure.objects.filter(profile__slug="vertex-gemini-2-5-flash-sft", figure="price").update(checked_on=old)
    assert profiles_unchecked_since(stale_check_cutoff()) == ["Google Gemini 2.5 Flash, supervised"]
    client.force_login(ada)
    page = client.get(ADMIN_URL).content.decode()
    assert "Figures not checked for over 90 days (or never): Google Gemini 2.5 Flash, supervised" in page


def test_a_profile_with_no_figure_cited_counts_as_never_checked():
    ProviderProfile.objects.create(
        slug="own-row", name="Our path", min_examples=1, recommended_examples=1, max_tokens_per_example=1, source="x"
    )
    assert "Our path" in profiles_unchecked_since(stale_check_cutoff())


def test_only_admins_open_provider_profiles_in_the_admin_and_a_figure_is_edited_inline(client, ada, alice):
    client.force_login(alice)
    assert client.get(ADMIN_URL).status_code == 302  # consultants get the sign-in page
    client.force_login(ada)
    page = client.get(ADMIN_URL)
    assert page.status_code == 200 and "Amazon Bedrock Claude 3 Haiku" in page.content.decode()
    profile = ProviderProfile.objects.get(slug="vertex-gemini-2-5-flash-sft")
    figures = list(profile.figures.order_by("pk"))
    data = {
        "slug": profile.slug,
        "name": profile.name,
        "provider": profile.provider,
        "provider_name": profile.provider_name,
        "model": profile.model,
        "method": "supervised",
        "order": profile.order,
        "status": "available",
        "availability": profile.availability,
        "min_examples": 16,
        "recommended_examples": 200,
        "max_tokens_per_example": profile.max_tokens_per_example,
        "formats": '["vertex_gemini"]',
        "training_price_per_million": "4.5",
        "default_epochs": 3,
        "source": profile.source,
        "figures-TOTAL_FORMS": len(figures),
        "figures-INITIAL_FORMS": len(figures),
        "figures-MIN_NUM_FORMS": 0,
        "figures-MAX_NUM_FORMS": 1000,
    }
    for i, f in enumerate(figures):
        data |= {
            f"figures-{i}-id": f.pk,
            f"figures-{i}-profile": profile.pk,
            f"figures-{i}-figure": f.figure,
            f"figures-{i}-source": f.source,
            f"figures-{i}-checked_on": "2026-12-05" if f.figure == "price" else f.checked_on.isoformat(),
            f"figures-{i}-confirmed": "on" if f.figure == "price" else ("on" if f.confirmed else ""),
            f"figures-{i}-note": f.note,
        }
    response = client.post(f"{ADMIN_URL}{profile.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    edited = ProviderProfile.objects.get(pk=profile.pk).to_profile()
    assert edited.recommended_examples == 200 and edited.training_price_per_million == "4.5"
    assert edited.figures["price"]["confirmed"] and edited.figures["price"]["checked"] == "2026-12-05"


def test_a_closing_path_without_its_date_is_refused_in_the_admin(client, ada):
    client.force_login(ada)
    profile = ProviderProfile.objects.get(slug="vertex-gemini-2-5-flash-sft")
    profile.status = "closing"
    with pytest.raises(Exception, match="needs the date new jobs stop"):
        profile.full_clean()
