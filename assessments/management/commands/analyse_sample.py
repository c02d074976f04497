"""`python manage.py analyse_sample FILE [--kind training|eval] [--against TRAINING_FILE]
[--columns input=COL,output=COL]`: a stable interface, like `assess`.

Analyses one file with the code the worker runs and prints one JSON object (see
``assessments.samples.Analysis.to_dict``). A file that can't be read at all exits with status 2
and one line on standard error saying why.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from assessments.samples import Limits, UnreadableSample, analyse

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Analyse a training sample or eval set (JSONL or CSV) and print the findings as JSON."
    # The system checks import every URL and view, and with them WeasyPrint (about 2 s and 100 MB):
    # this command uses none of them. `manage.py check` and every other command still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--kind", choices=("training", "eval"), default="training")
        parser.add_argument("--against", metavar="TRAINING_FILE", help="training file to check an eval set against")
        parser.add_argument("--columns", metavar="input=COL,output=COL", help="CSV column mapping")

    def handle(self, *args, file, kind, against, columns, **options):
        limits = Limits(max_line_bytes=settings.SAMPLE_MAX_LINE_BYTES, max_lines=settings.SAMPLE_MAX_LINES)
        try:
            result = analyse(
                file,
                kind=kind,
                columns=columns,
                against=against,
                limits=limits,
                near_threshold=settings.SAMPLE_NEAR_DUPLICATE_THRESHOLD,
            )
        except UnreadableSample as exc:
            self.stderr.write(f"{file}: {exc}".replace("\n", " "))
            sys.exit(BAD_INPUT)
        self.stdout.write(json.dumps(result.to_dict(), indent=2))
