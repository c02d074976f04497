"""The analyser is pure Python: it must import and run with Django unavailable."""

import re
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "assessments" / "samples"


def test_the_analyser_imports_and_runs_without_django(tmp_path):
    sources = {p.name: p.read_text() for p in SAMPLES.glob("*.py")}
    assert sources
    imports_django = re.compile(r"^\s*(import|from)\s+(django|assessments\.(?!samples))", re.M)
    assert [name for name, text in sources.items() if imports_django.search(text)] == []
    sample = tmp_path / "one.jsonl"
    sample.write_text('{"prompt": "Hi there", "completion": "Hello"}\n')
    code = (
        "import sys; sys.modules['django'] = None; import assessments.samples as s; "
        f"assert s.analyse({str(sample)!r}).valid_examples == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SAMPLES.parents[1])
