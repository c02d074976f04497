"""The baseline runner is pure Python plus the providers' SDKs: it imports and runs with Django
unavailable (the command and the worker share it; only they know about rows)."""

import re
import subprocess
import sys
from pathlib import Path

BASELINE = Path(__file__).resolve().parents[2] / "assessments" / "baseline"


def test_the_runner_imports_and_grades_without_django():
    sources = {p.name: p.read_text() for p in BASELINE.glob("*.py")}
    assert sources
    imports_django = re.compile(r"^\s*(import|from)\s+(django|assessments\.(?!baseline|samples))", re.M)
    assert [name for name, text in sources.items() if imports_django.search(text)] == []
    code = (
        "import sys; sys.modules['django'] = None; import assessments.baseline as b; "
        'case = b.read_cases([b\'{"input": "q", "expected": "yes"}\'])[0]; '
        "assert b.grade(case, 'Yes.').passed"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=BASELINE.parents[1])
