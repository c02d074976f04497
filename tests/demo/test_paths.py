"""The demo shows each training-path state: Meridian Retail's cost section with a saving and a
break-even against a retirement, OpenAI's paths closing within weeks, and Lumen Publishing's
delivered report whose provider figures were updated after it was made."""

import io

import pytest

from assessments.models import Report
from assessments.reports.paths import newer_profiles, training_paths_section
from demo import engagements, people, reports, samples

pytestmark = pytest.mark.django_db


def _build():
    out = io.StringIO()
    for step in (people.build, engagements.build, samples.build, reports.build):
        step(out)


def _report(organisation):
    return Report.objects.filter(assessment__engagement__organisation__name=organisation).latest("number")


def test_the_demo_shows_a_cost_a_closing_path_and_a_report_whose_figures_were_later_updated():
    _build()
    meridian = _report("Meridian Retail")
    section = training_paths_section(meridian)
    mini = next(r for r in section["recommended"] if r["slug"] == "openai-gpt-4-1-mini-sft")
    assert mini["status"] == "Closing 6 January 2027" and any("New training jobs stop" in w for w in mini["warnings"])
    assert mini["cost"]["monthly_saving"].startswith("$") and "base model retires" in mini["cost"]["findings"][0]
    assert "Training paths and cost" in meridian.html and "Pays back in" in meridian.html
    lumen = _report("Lumen Publishing")
    assert lumen.is_delivered
    assert "Google Gemini 3.1 Flash Lite, supervised (preview)" in newer_profiles(lumen)
    assert "OpenAI gpt-4.1-mini, supervised" in newer_profiles(lumen)
    assert newer_profiles(meridian) == []
