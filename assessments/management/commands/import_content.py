"""`python manage.py import_content FILE [--publish --note TEXT]`: a JSON document → a new draft.

The file is a questionnaire or criteria set in the `discovery-content/1` format (FORMAT.md). It
is imported as a new draft numbered after the highest existing version of its slug, with the
same validation as the admin: nothing is stored if any condition is invalid. With --publish the
draft is also published (which needs --note, and for criteria sets passing golden cases).
Problems go to standard error, one per line, and the command exits with status 2.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from assessments.models import ContentError
from assessments.services.publishing import content_import

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import a questionnaire or criteria set (JSON, discovery-content/1) as a new draft."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON document, or - for standard input")
        parser.add_argument("--publish", action="store_true", help="publish the imported draft")
        parser.add_argument("--note", default="", help="what changed and why (required with --publish)")

    def handle(self, *args, file, publish, note, **options):
        if note and not publish:
            raise CommandError("--note only goes with --publish.")
        data = self._read(file)
        try:
            version = content_import(data=data, publish=publish, note=note)
        except ContentError as exc:
            self.stderr.write(f"Nothing was imported from {file}:")
            for problem in exc.problems:
                self.stderr.write(f"  {problem}".replace("\n", " "))
            sys.exit(BAD_INPUT)
        self.stdout.write(f"Imported {version}.")

    def _read(self, path):
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
        except (OSError, UnicodeDecodeError) as exc:
            self._refuse(f"can't read {path}: {getattr(exc, 'strerror', None) or exc}")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            self._refuse(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")

    def _refuse(self, message):
        self.stderr.write(message)
        sys.exit(BAD_INPUT)
