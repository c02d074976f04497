"""`manage.py analyse_sample`: one JSON object with the issue's keys; exit 2 with one line on
standard error for a file it can't read."""

import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from assessments.samples import default_profiles
from tests.samples.files import distinct_questions, openai_chat, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "format",
    "lines",
    "valid_examples",
    "unique_examples",
    "exact_duplicates",
    "near_duplicates",
    "errors",
    "tokens",
    "pii_lines",
    "over_limit",
    "cases_with_expected",
    "contaminated",
    # Added with issue 22: lines counted once, warnings, and the over-limit lines per provider.
    "unusable_lines",
    "warnings",
    "over_limit_lines",
    # Added with issue 23: how many examples had a system prompt, and its median tokens.
    "system_prompts",
}


def run(*args):
    """(exit status, parsed stdout or None, stderr lines), in-process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("analyse_sample", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue().splitlines()


def test_it_prints_one_json_object_with_the_stable_keys(tmp_path):
    questions = distinct_questions(3)
    path = write_jsonl(tmp_path / "train.jsonl", [openai_chat(q, "Answer") for q in questions] + ["broken"])
    status, data, err = run(path)
    assert (status, err) == (0, [])
    assert set(data) == KEYS
    assert data["format"] == "openai_chat" and data["valid_examples"] == 3 and data["lines"] == 4
    assert data["errors"] == {"parse_error": {"count": 1, "lines": [4]}}
    assert set(data["tokens"]) >= {"p10", "p50", "p90", "max"}
    assert set(data["over_limit"]) == {p.slug for p in default_profiles()}
    assert data["cases_with_expected"] is None and data["contaminated"] is None


def test_an_eval_set_is_checked_against_the_training_file(tmp_path):
    questions = distinct_questions(3)
    training = write_jsonl(tmp_path / "train.jsonl", [openai_chat(q, "Answer") for q in questions])
    evals = write_jsonl(tmp_path / "evals.jsonl", [{"input": questions[1], "ideal": "x"}, {"input": "New one"}])
    status, data, _ = run(evals, "--kind", "eval", "--against", training)
    assert status == 0
    assert data["cases_with_expected"] == 1
    assert data["contaminated"] == {"count": 1, "exact": 1, "near": 0, "lines": [1]}


def test_csv_columns_are_mapped(tmp_path):
    path = tmp_path / "sample.csv"
    path.write_text("q,a\nHi,Hello\n")
    status, data, _ = run(path, "--columns", "input=q,output=a")
    assert (status, data["format"], data["valid_examples"]) == (0, "csv", 1)


def test_an_unreadable_file_exits_2_with_one_line(tmp_path):
    path = tmp_path / "sample.jsonl"
    path.write_bytes(b"PK\x03\x04rest-of-a-zip")
    status, data, err = run(path)
    assert (status, data) == (2, None)
    assert err == [
        f"{path}: the file is a zip archive (or an Excel/Word file), not text: " + "export it as JSON Lines or CSV"
    ]


def test_an_unmapped_csv_column_exits_2(tmp_path):
    path = tmp_path / "sample.csv"
    path.write_text("q,a\nHi,Hello\n")
    status, _, err = run(path, "--columns", "input=q,output=answer")
    assert status == 2 and len(err) == 1 and "'answer' is not in the header" in err[0]


def test_it_runs_as_a_script_with_json_on_stdout_only(tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [{"prompt": "Hi", "completion": "Hello"}])
    done = subprocess.run(
        [sys.executable, "manage.py", "analyse_sample", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and json.loads(done.stdout)["valid_examples"] == 1


def test_the_command_imports_neither_weasyprint_nor_scipy(tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [openai_chat("Where is my parcel?", "On its way.")])
    code = (
        "import sys, django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        f"call_command('analyse_sample', {str(path)!r}, stdout=open(os.devnull, 'w'))\n"
        "loaded = sorted(m for m in ('weasyprint', 'scipy', 'datasketch') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
