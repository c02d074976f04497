"""`manage.py assess --facts FILE`: measured facts beside the answers, against the published
criteria (v3 by default, which reads v2's sample facts and a measured baseline)."""

import io
import json

import pytest
from django.core.management import call_command

from assessments.models import CriteriaSet
from assessments.selectors import published_criteria_set
from assessments.services.content import content_install_later_versions
from tests.answers import READY_CLIENT


def run_assess(tmp_path, answers, facts=None, raw_facts=None):
    (tmp_path / "answers.json").write_text(json.dumps(answers))
    args = ["--answers", str(tmp_path / "answers.json")]
    if facts is not None or raw_facts is not None:
        (tmp_path / "facts.json").write_text(raw_facts if raw_facts is not None else json.dumps(facts))
        args += ["--facts", str(tmp_path / "facts.json")]
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("assess", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue().splitlines()


@pytest.fixture
def measured_criteria(db):
    content_install_later_versions()
    assert published_criteria_set().version == 3


def test_installing_the_later_versions_again_changes_nothing_and_v1_is_retired(measured_criteria):
    before = list(CriteriaSet.objects.values_list("version", "status", "published_at").order_by("version"))
    content_install_later_versions()
    assert list(CriteriaSet.objects.values_list("version", "status", "published_at").order_by("version")) == before
    assert [status for _, status, _ in before] == ["retired", "retired", "published"]


def test_a_measured_case_is_decided_from_the_command_line(tmp_path, measured_criteria):
    answers = {**READY_CLIENT, "curated_examples": "over_1000"}
    status, result, err = run_assess(tmp_path, answers, {"sample.unique_examples": 60, "sample.valid_examples": 90})
    assert (status, err) == (0, [])
    assert result["verdict"] == "not_yet" and "insufficient_curated_data" in result["matched"]
    assert result["facts"] == {"sample.unique_examples": 60, "sample.valid_examples": 90}
    assert result["criteria_set"] == {"slug": "fine-tuning-criteria", "version": 3}


def test_without_facts_the_published_version_gives_v1s_answer(tmp_path, measured_criteria):
    status, result, _ = run_assess(tmp_path, {**READY_CLIENT, "curated_examples": "under_100"})
    assert (status, result["verdict"]) == (0, "not_yet")
    assert "facts" not in result


def test_an_unknown_fact_exits_2_naming_it(tmp_path, measured_criteria):
    status, result, err = run_assess(tmp_path, READY_CLIENT, {"sample.rows": 4})
    assert (status, result) == (2, None)
    assert len(err) == 1 and err[0].startswith("sample.rows: unknown fact")


def test_malformed_facts_json_exits_2(tmp_path, measured_criteria):
    status, _, err = run_assess(tmp_path, READY_CLIENT, raw_facts="{oops")
    assert status == 2 and err[0].startswith("facts: malformed JSON")


@pytest.mark.parametrize("raw", ['{"sample.unique_examples": 1e999}', '{"sample.over_limit_share": NaN}'])
def test_an_infinite_or_nan_fact_exits_2_with_one_line(tmp_path, measured_criteria, raw):
    status, result, err = run_assess(tmp_path, READY_CLIENT, raw_facts=raw)
    assert (status, result) == (2, None)
    assert len(err) == 1 and "is not a" in err[0]
